package org.xiezuo;

import java.util.Arrays;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Refuses to start the {@code prod} profile on the embedded H2 database (SECURITY.md T74): production
 * runs on PostgreSQL, several instances on one database, and an H2 file would silently give each
 * instance its own data. {@code xiezuo.allow-embedded-database=true} allows it deliberately, e.g. for
 * a one-off demonstration machine.
 */
class ProductionSafety implements EnvironmentPostProcessor {

    static final String ALLOW = "xiezuo.allow-embedded-database";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!Arrays.asList(environment.getActiveProfiles()).contains("prod")) return;
        String url = environment.getProperty("spring.datasource.url", "");
        if (url.startsWith("jdbc:h2:") && !environment.getProperty(ALLOW, Boolean.class, false)) {
            throw new EmbeddedDatabaseRefused(
                    "生产配置（prod）不能使用内嵌 H2 数据库：请用 SPRING_DATASOURCE_URL 指向 PostgreSQL，"
                            + "或明确设置 " + ALLOW + "=true。"
                            + " / The prod profile refuses the embedded H2 database (" + url.replaceAll(";.*", "")
                            + "); point SPRING_DATASOURCE_URL at PostgreSQL or set " + ALLOW + "=true.");
        }
    }

    /** Start-up refused by a production safety rule. */
    static final class EmbeddedDatabaseRefused extends IllegalStateException {
        EmbeddedDatabaseRefused(String message) {
            super(message);
        }
    }

    /** Says why the start was refused and what to do, instead of a stack trace. */
    static final class Analyzer extends AbstractFailureAnalyzer<EmbeddedDatabaseRefused> {
        @Override
        protected FailureAnalysis analyze(Throwable root, EmbeddedDatabaseRefused cause) {
            return new FailureAnalysis(cause.getMessage(),
                    "Set SPRING_DATASOURCE_URL (and _USERNAME, _PASSWORD) to the production PostgreSQL database, "
                            + "or start without the prod profile to try Xiezuo on the embedded database.", cause);
        }
    }
}
