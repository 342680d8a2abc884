package org.xiezuo.reporting;

import java.math.BigDecimal;

import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.jdbc.core.mapping.AggregateReference;
import org.xiezuo.plan.Plan;
import org.xiezuo.shared.BusinessRuleViolation;

/** How one kind of check applies to a plan: on or off, error or warning, its parameter. */
public class Rule {

    private @Id @Nullable Long id;
    private @Version int version;
    private final AggregateReference<Plan, Long> plan;
    private final RuleKind kind;
    private Severity severity;
    private @Nullable BigDecimal parameter;
    private boolean enabled;

    @PersistenceCreator
    Rule(@Nullable Long id, int version, AggregateReference<Plan, Long> plan, RuleKind kind, Severity severity,
         @Nullable BigDecimal parameter, boolean enabled) {
        this.id = id;
        this.version = version;
        this.plan = plan;
        this.kind = kind;
        this.severity = severity;
        this.parameter = parameter;
        this.enabled = enabled;
    }

    static Rule byDefault(long planId, RuleKind kind) {
        return new Rule(null, 0, AggregateReference.to(planId), kind, kind.defaultSeverity(), kind.defaultParameter(), true);
    }

    void configure(Severity newSeverity, @Nullable BigDecimal newParameter, boolean on) {
        if (kind.hasParameter()) {
            if (newParameter == null || newParameter.signum() <= 0 || newParameter.compareTo(new BigDecimal("1000")) > 0) {
                throw new BusinessRuleViolation("rule.parameter", "「" + kind.description() + "」的参数应为大于0、不超过1000的数");
            }
            parameter = newParameter;
        }
        severity = newSeverity;
        enabled = on;
    }

    public Long id() {
        if (id == null) throw new IllegalStateException("rule not saved");
        return id;
    }

    public int version() { return version; }

    public long planId() { return plan.getId(); }

    public RuleKind kind() { return kind; }

    public Severity severity() { return severity; }

    public @Nullable BigDecimal parameter() { return parameter; }

    public boolean enabled() { return enabled; }
}
