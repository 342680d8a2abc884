package org.xiezuo.ledger;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.xiezuo.audit.AuditTrail;
import org.xiezuo.audit.AuditTrail.Event;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.plan.PlanScheduled;
import org.xiezuo.reporting.Reporting;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.BusinessRuleViolation;
import org.xiezuo.shared.NotFound;
import org.xiezuo.shared.Permission;

/**
 * Which indicators of a plan are derived from a ledger, and how. A new plan gets the default bindings
 * for its standard indicators; the coordinator changes or removes any. Every change is audited and
 * tells reporting that the indicator's value is no longer (or again) typed by departments.
 */
@Service
@Transactional
public class Bindings {

    private final JdbcClient jdbc;
    private final PlanQueries plans;
    private final LedgerScope scope;
    private final Reporting reporting;
    private final AuditTrail audit;
    private final Clock clock;

    Bindings(JdbcClient jdbc, PlanQueries plans, LedgerScope scope, Reporting reporting, AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.plans = plans;
        this.scope = scope;
        this.reporting = reporting;
        this.audit = audit;
        this.clock = clock;
    }

    /** The changes a coordinator can make to a binding. */
    public record Spec(LedgerKind kind, Measure measure, TimeRule timeRule, @Nullable String category, boolean poorOnly,
                       @Nullable Boolean inPark, @Nullable Integer minMonths, @Nullable Integer maxMonths) {}

    @Transactional(readOnly = true)
    public List<Binding> ofPlan(long planId) {
        return jdbc.sql("select * from ledger_binding where plan_id = :plan order by indicator_id").param("plan", planId)
                .query(Bindings::binding).list();
    }

    @Transactional(readOnly = true)
    public List<Binding> ofPlan(Actor actor, long planId) {
        scope.plan(actor, Permission.LEDGER_READ, planId);
        return ofPlan(planId);
    }

    @Transactional(readOnly = true)
    public Optional<Binding> of(long indicatorId) {
        return jdbc.sql("select * from ledger_binding where indicator_id = :id").param("id", indicatorId)
                .query(Bindings::binding).optional();
    }

    /**
     * A new plan binds its standard indicators, once: a plan scheduled again (its header revised, a
     * re-import) keeps the bindings as the coordinator left them.
     */
    @EventListener
    void on(PlanScheduled scheduled) {
        int first = jdbc.sql("""
                insert into ledger_defaults_applied (plan_id, applied_at) select :plan, :at
                where not exists (select 1 from ledger_defaults_applied where plan_id = :plan)""")
                .param("plan", scheduled.planId()).param("at", Timestamp.from(clock.instant())).update();
        if (first == 1) bindDefaults(scheduled.planId());
    }

    int bindDefaults(long planId) {
        PlanBook book = plans.book(Actor.system(), planId);
        int bound = 0;
        for (PlanBook.IndicatorRow indicator : book.indicators()) {
            if (of(indicator.id()).isPresent()) continue;
            Optional<DefaultBindings.Rule> rule = DefaultBindings.forName(indicator.name());
            if (rule.isEmpty()) continue;
            DefaultBindings.Rule r = rule.get();
            save(planId, indicator.id(), new Spec(r.kind(), r.measure(), r.time(), r.category(), r.poorOnly(), r.inPark(),
                    r.minMonths(), r.maxMonths()), "system");
            reporting.markLedgerBound(planId, indicator.id(), true);
            bound++;
        }
        return bound;
    }

    /** Binds (or re-binds) an indicator to a ledger measure. */
    public void bind(Actor actor, long planId, long indicatorId, Spec spec) {
        PlanBook book = scope.plan(actor, Permission.LEDGER_CONFIGURE, planId);
        PlanBook.IndicatorRow indicator = indicator(book, indicatorId);
        check(spec);
        String before = of(indicatorId).map(Binding::describe).orElse("（部门填报）");
        save(planId, indicatorId, spec, actor.name());
        reporting.markLedgerBound(planId, indicatorId, true);
        Binding after = of(indicatorId).orElseThrow();
        audit.record(actor, Event.success("LEDGER_BOUND", "indicator", indicatorId, planId,
                "「" + indicator.name() + "」：" + before + " → " + after.describe()));
    }

    /** Removes a binding: the indicator is reported by departments again. */
    public void unbind(Actor actor, long planId, long indicatorId) {
        PlanBook book = scope.plan(actor, Permission.LEDGER_CONFIGURE, planId);
        PlanBook.IndicatorRow indicator = indicator(book, indicatorId);
        Binding binding = of(indicatorId).orElseThrow(() -> new BusinessRuleViolation("binding.none", "该指标未关联台账"));
        jdbc.sql("delete from ledger_binding where indicator_id = :id").param("id", indicatorId).update();
        reporting.markLedgerBound(planId, indicatorId, false);
        audit.record(actor, Event.success("LEDGER_UNBOUND", "indicator", indicatorId, planId,
                "「" + indicator.name() + "」：" + binding.describe() + " → （部门填报）"));
    }

    private void check(Spec spec) {
        List<String> allowed = switch (spec.kind()) {
            case EMPLOYMENT -> RowMapping.placeCategories();
            case TRAINING -> LedgerColumns.TRAINING_KINDS;
            case DONATION -> LedgerColumns.DONATION_FORMS;
            case CONSUMPTION -> LedgerColumns.CHANNELS;
            case PAIRING -> LedgerColumns.PAIRING_TYPES;
            case PARK -> LedgerColumns.PARK_KINDS;
            default -> List.of();
        };
        if (spec.category() != null && !allowed.contains(spec.category())) {
            throw new BusinessRuleViolation("binding.category", "类别“" + spec.category() + "”不适用于" + spec.kind().label()
                    + "台账" + (allowed.isEmpty() ? "" : "，可选：" + String.join("、", allowed)));
        }
        if (spec.measure() == Measure.DISTINCT_PERSONS && !spec.kind().persons()) {
            throw new BusinessRuleViolation("binding.measure", spec.kind().label() + "台账没有人员，不能按人数统计");
        }
        if (spec.minMonths() != null && spec.maxMonths() != null && spec.minMonths() > spec.maxMonths()) {
            throw new BusinessRuleViolation("binding.months", "月数下限不能大于上限");
        }
    }

    private void save(long planId, long indicatorId, Spec spec, String actor) {
        jdbc.sql("delete from ledger_binding where indicator_id = :id").param("id", indicatorId).update();
        jdbc.sql("""
                insert into ledger_binding (indicator_id, plan_id, kind, measure, time_rule, category, poor_only, in_park,
                    min_months, max_months, updated_by, updated_at)
                values (:id, :plan, :kind, :measure, :time, :category, :poor, :park, :min, :max, :actor, :at)""")
                .param("id", indicatorId).param("plan", planId).param("kind", spec.kind().name())
                .param("measure", spec.measure().name()).param("time", spec.timeRule().name()).param("category", spec.category())
                .param("poor", spec.poorOnly()).param("park", spec.inPark()).param("min", spec.minMonths())
                .param("max", spec.maxMonths()).param("actor", actor).param("at", Timestamp.from(clock.instant())).update();
    }

    private static PlanBook.IndicatorRow indicator(PlanBook book, long indicatorId) {
        return book.indicators().stream().filter(i -> i.id() == indicatorId).findFirst()
                .orElseThrow(() -> new NotFound("指标", indicatorId));
    }

    private static Binding binding(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        boolean poorOnly = rs.getBoolean("poor_only");
        boolean park = rs.getBoolean("in_park");
        Boolean inPark = rs.wasNull() ? null : park;
        int min = rs.getInt("min_months");
        Integer minMonths = rs.wasNull() ? null : min;
        int max = rs.getInt("max_months");
        Integer maxMonths = rs.wasNull() ? null : max;
        return new Binding(rs.getLong("indicator_id"), rs.getLong("plan_id"), LedgerKind.valueOf(rs.getString("kind")),
                Measure.valueOf(rs.getString("measure")), TimeRule.valueOf(rs.getString("time_rule")),
                rs.getString("category"), poorOnly, inPark, minMonths, maxMonths);
    }
}
