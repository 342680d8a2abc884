package org.xiezuo.assessment;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.xiezuo.plan.PlanBook;

/**
 * A plan assessed as of a business date (and, optionally, as known on an earlier day): time progress,
 * every indicator's result, the plan score and grade, category subtotals and the units' scores and
 * ranks. Computed by {@link Scorecard} from stored values, so the same dates always give the same figures.
 */
public record Assessment(PlanBook.Header plan, LocalDate asOf, @Nullable LocalDate knownOn, AssessmentRules rules,
                         BigDecimal timeProgress, @Nullable BigDecimal score, @Nullable String grade,
                         List<IndicatorResult> indicators, List<CategoryResult> categories, List<UnitResult> units) {

    public Assessment {
        indicators = List.copyOf(indicators);
        categories = List.copyOf(categories);
        units = List.copyOf(units);
    }

    /** How many indicators have each status (every status present, 0 included). */
    public Map<IndicatorStatus, Long> counts() {
        Map<IndicatorStatus, Long> counts = new EnumMap<>(IndicatorStatus.class);
        for (IndicatorStatus status : IndicatorStatus.values()) counts.put(status, 0L);
        indicators.forEach(i -> counts.merge(i.status(), 1L, Long::sum));
        return counts;
    }

    public long count(IndicatorStatus status) { return counts().get(status); }

    public long assessedCount() { return indicators.stream().filter(IndicatorResult::assessed).count(); }

    /** The lagging indicators, the furthest behind time progress first. */
    public List<IndicatorResult> redList(int limit) {
        return indicators.stream().filter(i -> i.status().lagging())
                .sorted(java.util.Comparator.comparing((IndicatorResult i) -> i.paceAgainst(timeProgress),
                        java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder())))
                .limit(limit).toList();
    }

    public Optional<IndicatorResult> indicator(long id) {
        return indicators.stream().filter(i -> i.id() == id).findFirst();
    }

    public Optional<UnitResult> unit(long id) {
        return units.stream().filter(u -> u.unit().id() == id).findFirst();
    }

    /** Indicators the unit leads or co-owns, in the plan's order. */
    public List<IndicatorResult> indicatorsOf(long unitId) {
        return indicators.stream().filter(i -> i.indicator().units().stream().anyMatch(u -> u.id() == unitId)).toList();
    }

    /** Category names in the plan's order. */
    public List<String> categoryNames() {
        Set<String> names = new LinkedHashSet<>();
        indicators.forEach(i -> names.add(i.category()));
        return List.copyOf(names);
    }

    /**
     * A unit's score within one category (the heat map's cell): 100 × the weighted mean of the plan-level
     * scores of the assessed indicators of the category it leads or co-owns; null when it has none.
     */
    public @Nullable BigDecimal heat(long unitId, String category) {
        return Formulas.score(indicatorsOf(unitId).stream().filter(i -> i.assessed() && i.category().equals(category))
                .map(i -> new Formulas.Weighted(i.score(), i.weight())).toList());
    }

    /** The assessment with only these indicators and units shown (a unit-scoped reader's view); scores stay plan-level. */
    Assessment showingOnly(Set<Long> indicatorIds, Set<Long> unitIds) {
        return new Assessment(plan, asOf, knownOn, rules, timeProgress, score, grade,
                indicators.stream().filter(i -> indicatorIds.contains(i.id())).toList(), categories,
                units.stream().filter(u -> unitIds.contains(u.unit().id())).toList());
    }
}
