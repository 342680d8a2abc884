package org.xiezuo.assessment;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.reporting.ReportingQueries;
import org.xiezuo.shared.Access;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.BusinessRuleViolation;
import org.xiezuo.shared.Permission;

/**
 * Assesses a plan as of a business date for an actor: the figures are plan-wide (a unit's score compares
 * it with the others), what is shown is what the actor may read — a unit's reporter sees the indicators
 * and units of its own scope. Values come from {@link StoredValues}; "as known on" D' counts only what
 * was approved or entered by the end of D' (China time) and uses the rules in force then.
 */
@Component
public class Assessor {

    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private final PlanQueries plans;
    private final ReportingQueries reporting;
    private final StoredValues values;
    private final AssessmentRulebook rulebook;
    private final Deductions deductions;
    private final Clock clock;

    Assessor(PlanQueries plans, ReportingQueries reporting, StoredValues values, AssessmentRulebook rulebook, Deductions deductions,
             Clock clock) {
        this.deductions = deductions;
        this.plans = plans;
        this.reporting = reporting;
        this.values = values;
        this.rulebook = rulebook;
        this.clock = clock;
    }

    /** Today in China, the default as-of date. */
    public LocalDate today() {
        return LocalDate.now(clock.withZone(ZONE));
    }

    /** The plan as of {@code asOf} (null: today), optionally as known on {@code knownOn}, as the actor may see it. */
    public Assessment assess(Actor actor, long planId, @Nullable LocalDate asOf, @Nullable LocalDate knownOn) {
        PlanBook whole = plans.book(Actor.system(), planId);
        PlanBook visible = plans.visibleIn(actor, whole); // checks access before anything is computed
        Assessment full = assess(whole, asOf, knownOn);
        if (Access.reachesDistrict(actor, Permission.PLAN_READ, visible.plan().districtId())) return full;
        Set<Long> indicatorIds = new HashSet<>();
        visible.indicators().forEach(i -> indicatorIds.add(i.id()));
        Set<Long> unitIds = new HashSet<>();
        visible.units().forEach(u -> unitIds.add(u.id()));
        return full.showingOnly(indicatorIds, unitIds);
    }

    /** The whole plan; the caller has checked that the actor may read it. */
    public Assessment assess(long planId, @Nullable LocalDate asOf, @Nullable LocalDate knownOn) {
        return assess(plans.book(Actor.system(), planId), asOf, knownOn);
    }

    private Assessment assess(PlanBook book, @Nullable LocalDate asOf, @Nullable LocalDate knownOn) {
        LocalDate date = asOf != null ? asOf : today();
        if (knownOn != null && knownOn.isAfter(today())) {
            throw new BusinessRuleViolation("assessment.known-on", "“截至掌握日期”不能晚于今天");
        }
        long planId = book.plan().id();
        List<LocalDate> ends = periodEnds(planId, book.plan(), date);
        Set<LocalDate> dates = new TreeSet<>(ends);
        dates.add(date);
        Instant knownBefore = knownOn == null ? null : knownOn.plusDays(1).atStartOfDay(ZONE).toInstant();
        Map<LocalDate, Map<Long, StoredValue>> stored = knownBefore == null ? values.on(planId, dates)
                : values.knownBefore(planId, dates, knownBefore);
        return Scorecard.assess(new Scorecard.Inputs(book, rulebook.inForce(planId, knownBefore), date, knownOn, knownBefore,
                ends, plans.targetRevisions(planId), stored, deductions.countsAsOf(planId, date, knownBefore)));
    }

    /**
     * The ends of the plan's reporting periods on or before the date within the assessment year — the
     * points of the cumulative series; month ends when the plan has no reporting cycle.
     */
    List<LocalDate> periodEnds(long planId, PlanBook.Header plan, LocalDate date) {
        List<LocalDate> ends = new ArrayList<>();
        reporting.periodsOfPlan(planId).forEach(p -> ends.add(p.endsOn()));
        if (ends.isEmpty()) {
            for (LocalDate d = plan.assessmentStart().with(TemporalAdjusters.lastDayOfMonth()); !d.isAfter(plan.assessmentEnd());
                 d = d.plusMonths(1).with(TemporalAdjusters.lastDayOfMonth())) {
                ends.add(d);
            }
        }
        return ends.stream().filter(d -> !d.isAfter(date) && !d.isBefore(plan.assessmentStart())
                && !d.isAfter(plan.assessmentEnd())).distinct().sorted().toList();
    }

    /** Every period end of the assessment year (the expected line's points), whatever the date. */
    public List<LocalDate> allPeriodEnds(long planId) {
        PlanBook book = plans.book(Actor.system(), planId);
        return periodEnds(planId, book.plan(), book.plan().assessmentEnd());
    }
}
