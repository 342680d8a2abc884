package org.xiezuo.assessment;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.plan.TargetRevision;

/**
 * Assesses a plan from its book, the rules, the targets' revisions and the stored actuals on the date
 * and at each period end before it. Pure: no database, no clock — the same inputs give the same result.
 */
public final class Scorecard {

    private Scorecard() {}

    /** What the assessment is computed from. {@code values} holds the actuals on {@code asOf} and on every period end in {@code periodEnds}. */
    public record Inputs(PlanBook book, AssessmentRules rules, LocalDate asOf, @Nullable LocalDate knownOn,
                         @Nullable Instant knownBefore, List<LocalDate> periodEnds, Map<Long, List<TargetRevision>> revisions,
                         Map<LocalDate, Map<Long, StoredValue>> values, Map<Long, Integer> deductions) {

        public Inputs(PlanBook book, AssessmentRules rules, LocalDate asOf, @Nullable LocalDate knownOn, @Nullable Instant knownBefore,
                      List<LocalDate> periodEnds, Map<Long, List<TargetRevision>> revisions, Map<LocalDate, Map<Long, StoredValue>> values) {
            this(book, rules, asOf, knownOn, knownBefore, periodEnds, revisions, values, Map.of());
        }
    }

    public static Assessment assess(Inputs in) {
        PlanBook.Header plan = in.book().plan();
        LocalDate start = plan.assessmentStart();
        LocalDate end = plan.assessmentEnd();
        BigDecimal timeProgress = Formulas.timeProgress(start, end, in.asOf());
        long yearDays = Formulas.dayNumber(start, end);
        List<LocalDate> ends = in.periodEnds().stream().filter(d -> !d.isAfter(in.asOf()) && !d.isAfter(end)).sorted().toList();

        List<IndicatorResult> results = new ArrayList<>();
        for (PlanBook.IndicatorRow indicator : in.book().indicators()) {
            StoredValue value = in.values().getOrDefault(in.asOf(), Map.of()).getOrDefault(indicator.id(), StoredValue.NOTHING);
            BigDecimal actual = value.actualOrZero();
            BigDecimal target = targetInForce(indicator, in.revisions().getOrDefault(indicator.id(), List.of()), in.asOf(),
                    in.knownBefore());
            boolean assessed = indicator.assessment().isAssessed() && target != null && target.signum() > 0;
            BigDecimal completion = Formulas.completion(actual, target);
            IndicatorStatus status = Formulas.status(assessed, completion, timeProgress, in.rules().laggingRatio());
            List<IndicatorResult.SeriesPoint> series = new ArrayList<>();
            for (LocalDate date : ends) {
                StoredValue at = in.values().getOrDefault(date, Map.of()).getOrDefault(indicator.id(), StoredValue.NOTHING);
                series.add(new IndicatorResult.SeriesPoint(date, Formulas.dayNumber(start, date), at.actualOrZero()));
            }
            BigDecimal forecast = Formulas.forecast(series.stream().map(p -> new Formulas.Point(p.day(), p.value())).toList(),
                    yearDays, actual, timeProgress);
            boolean short_ = assessed && forecast != null && forecast.compareTo(target) < 0;
            results.add(new IndicatorResult(indicator, target, actual, value.source(), assessed ? completion : null,
                    status, assessed, forecast, short_, assessed ? Formulas.indicatorScore(completion) : null,
                    in.rules().weightOf(indicator.id(), indicator.category()), series));
        }

        BigDecimal score = Formulas.score(weighted(results));
        List<CategoryResult> categories = new ArrayList<>();
        Map<String, List<IndicatorResult>> byCategory = new LinkedHashMap<>();
        results.forEach(r -> byCategory.computeIfAbsent(r.category(), k -> new ArrayList<>()).add(r));
        byCategory.forEach((name, rows) -> {
            BigDecimal categoryScore = Formulas.score(weighted(rows));
            categories.add(new CategoryResult(name, categoryScore, in.rules().gradeOf(categoryScore),
                    rows.stream().map(IndicatorResult::id).toList()));
        });

        List<UnitResult> unscored = new ArrayList<>();
        for (PlanBook.UnitRow unit : in.book().units()) {
            List<IndicatorResult> own = results.stream().filter(IndicatorResult::assessed)
                    .filter(r -> r.indicator().units().stream().anyMatch(u -> u.id() == unit.id())).toList();
            BigDecimal unitScore = Formulas.score(weighted(own));
            int count = in.deductions().getOrDefault(unit.id(), 0);
            BigDecimal deducted = in.rules().supervisionDeduction().multiply(BigDecimal.valueOf(count));
            if (unitScore != null && deducted.signum() > 0) unitScore = unitScore.subtract(deducted).max(BigDecimal.ZERO);
            unscored.add(new UnitResult(new PlanBook.UnitRef(unit.id(), unit.name()), unitScore, in.rules().gradeOf(unitScore), 0,
                    own.stream().map(IndicatorResult::id).toList(), count, unitScore == null ? BigDecimal.ZERO : deducted));
        }
        List<UnitResult> units = Formulas.rank(unscored, UnitResult::score).stream()
                .map(r -> new UnitResult(r.item().unit(), r.item().score(), r.item().grade(), r.rank(), r.item().indicatorIds(),
                        r.item().deductions(), r.item().deducted()))
                .toList();
        return new Assessment(plan, in.asOf(), in.knownOn(), in.rules(), timeProgress, score, in.rules().gradeOf(score),
                results, categories, units);
    }

    private static List<Formulas.Weighted> weighted(List<IndicatorResult> rows) {
        return rows.stream().filter(IndicatorResult::assessed).map(r -> new Formulas.Weighted(r.score(), r.weight())).toList();
    }

    /**
     * The target in force on {@code date}: the current target, with every revision that takes effect after
     * the date (or was made after {@code knownBefore}) undone, newest first, up to the newest one in force.
     */
    public static @Nullable BigDecimal targetInForce(PlanBook.IndicatorRow indicator, List<TargetRevision> revisions,
                                                     LocalDate date, @Nullable Instant knownBefore) {
        BigDecimal target = indicator.target();
        for (int i = revisions.size() - 1; i >= 0; i--) {
            TargetRevision revision = revisions.get(i);
            boolean later = revision.effectiveOn().isAfter(date)
                    || (knownBefore != null && !revision.revisedAt().isBefore(knownBefore));
            if (!later) break;
            target = revision.oldTarget();
        }
        return target;
    }
}
