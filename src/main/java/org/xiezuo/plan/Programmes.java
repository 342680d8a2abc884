package org.xiezuo.plan;

import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.xiezuo.shared.BusinessRuleViolation;

/** The kinds of cooperation a plan belongs to (东西部协作, 对口支援 …); data, not constants. */
@Component
public class Programmes {

    /** One programme: a stable code and the name documents use. */
    public record Programme(String code, String name) {}

    private final JdbcClient jdbc;

    Programmes(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<Programme> all() {
        return jdbc.sql("select code, name from plan_programme order by position").query(Programme.class).list();
    }

    public Optional<Programme> byName(String name) {
        return all().stream().filter(p -> p.name().equals(name) || p.code().equals(name)).findFirst();
    }

    public Programme require(String nameOrCode) {
        return byName(nameOrCode).orElseThrow(() -> new BusinessRuleViolation("plan.programme.unknown",
                "未知的协作类别「" + nameOrCode + "」，可选：" + String.join("、", all().stream().map(Programme::name).toList())));
    }

    public String nameOf(String code) {
        return all().stream().filter(p -> p.code().equals(code)).map(Programme::name).findFirst().orElse(code);
    }
}
