package org.xiezuo.importer;

import java.io.IOException;
import java.io.InputStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;
import org.xiezuo.plan.Plans;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.BusinessRuleViolation;

/**
 * With {@code --xiezuo.demo=true}, imports the bundled 2021 Putuo–Wanyuan task book (舟普政办〔2021〕71号)
 * once, as a demo plan of its own district “舟山市普陀区（演示）”, so demo data never mixes with real units.
 */
@Component
@Order(10)
@ConditionalOnProperty(name = "xiezuo.demo", havingValue = "true")
class DemoPlan implements ApplicationRunner {

    static final String RESOURCE = "demo/2021-putuo-wanyuan.txt";
    private static final Logger log = LoggerFactory.getLogger(DemoPlan.class);

    private final DocumentImports imports;
    private final Plans plans;

    DemoPlan(DocumentImports imports, Plans plans) {
        this.imports = imports;
        this.plans = plans;
    }

    @Override
    public void run(ApplicationArguments args) throws IOException {
        if (!plans.findDemos().isEmpty()) return;
        byte[] content;
        try (InputStream in = new ClassPathResource(RESOURCE).getInputStream()) {
            content = in.readAllBytes();
        }
        try {
            long planId = imports.importDocument(Actor.system(), "2021年普陀-万源东西部协作工作任务书（演示）.txt", content,
                    false, true).planId();
            log.info("Imported the demo plan (id {})", planId);
        } catch (BusinessRuleViolation e) {
            log.warn("Demo plan not imported: {}", e.getMessage());
        }
    }
}
