package org.xiezuo.reporting.web;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.reporting.Aggregation;
import org.xiezuo.reporting.ReportingQueries;
import org.xiezuo.shared.ExactDecimal;

/**
 * One indicator on the overview: its target and the plan-level actual from approved figures, the
 * completion rate to two decimals and never capped (692.50 % is a real value, DOMAIN §3.3), and the
 * contributions of the units the actor sees.
 */
record ActualRow(PlanBook.IndicatorRow indicator, @Nullable BigDecimal actual, @Nullable String rate, Aggregation aggregation,
                 List<ReportingQueries.Contribution> contributions) {

    private static final BigDecimal HUNDRED = new BigDecimal("100");

    /** The rows of the indicators in the actor's view of the plan, in the official order. */
    static List<ActualRow> of(PlanBook visible, Map<Long, ReportingQueries.Actual> actuals, List<PlanBook.UnitRef> units) {
        Set<Long> seen = units.stream().map(PlanBook.UnitRef::id).collect(Collectors.toSet());
        return visible.indicators().stream().map(i -> {
            ReportingQueries.Actual actual = actuals.get(i.id());
            BigDecimal value = actual == null ? null : actual.value();
            List<ReportingQueries.Contribution> parts = actual == null ? List.of()
                    : actual.contributions().stream().filter(c -> seen.contains(c.unitId())).toList();
            return new ActualRow(i, value, rate(value, i), actual == null ? Aggregation.SUM_OF_UNITS : actual.aggregation(), parts);
        }).toList();
    }

    /** actual ÷ target as a percentage with two decimals, for assessed indicators with a positive target. */
    static @Nullable String rate(@Nullable BigDecimal actual, PlanBook.IndicatorRow indicator) {
        BigDecimal target = indicator.target();
        if (actual == null || target == null || target.signum() <= 0 || !indicator.assessment().isAssessed()) return null;
        return actual.multiply(HUNDRED).divide(target, 2, RoundingMode.HALF_UP).toPlainString() + "%";
    }

    public String title() {
        return (indicator.code() == null ? "" : indicator.code() + ".") + indicator.name();
    }

    public String actualText() {
        return actual == null ? "—" : ExactDecimal.format(actual);
    }
}
