package org.xiezuo.assessment;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.xiezuo.plan.PlanBook;

/**
 * One indicator as assessed on a date: the target in force then, the actual and where it comes from,
 * completion (uncapped, none without a target), status, the year-end forecast and whether it falls short,
 * the indicator's score (min(completion, 1), assessed only) with its weight, and the cumulative series
 * (one point per period end up to the date) the forecast is drawn through.
 */
public record IndicatorResult(PlanBook.IndicatorRow indicator, @Nullable BigDecimal target, BigDecimal actual, Source source,
                              @Nullable BigDecimal completion, IndicatorStatus status, boolean assessed,
                              @Nullable BigDecimal forecast, boolean forecastShort, @Nullable BigDecimal score,
                              BigDecimal weight, List<SeriesPoint> series) {

    public IndicatorResult {
        series = List.copyOf(series);
    }

    /** The cumulative value at a period's end, with its day number in the assessment year. */
    public record SeriesPoint(LocalDate date, long day, BigDecimal value) {}

    public long id() { return indicator.id(); }

    public String category() { return indicator.category(); }

    /** The printed code, or "—" for a row printed without one (续建产业园区数). */
    public String code() { return indicator.code() != null ? indicator.code() : "—"; }

    /** Completion ÷ time progress: how far ahead (&gt; 1) or behind it is; for ordering the red list. */
    public @Nullable BigDecimal paceAgainst(BigDecimal timeProgress) {
        if (completion == null) return null;
        return timeProgress.signum() == 0 ? completion : Formulas.divide(completion, timeProgress);
    }
}
