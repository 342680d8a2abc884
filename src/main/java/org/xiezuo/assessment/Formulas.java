package org.xiezuo.assessment;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * The assessment's formulas, pure functions of their inputs. Divisions are at scale 10, HALF_UP;
 * statuses and scores use these unrounded values, pages round only for display.
 */
public final class Formulas {

    public static final int SCALE = 10;
    private static final BigDecimal HUNDRED = new BigDecimal("100");

    private Formulas() {}

    public static BigDecimal divide(BigDecimal a, BigDecimal b) {
        return a.divide(b, SCALE, RoundingMode.HALF_UP);
    }

    /** Days from {@code start} to {@code date} inclusive (0 before the start). */
    public static long dayNumber(LocalDate start, LocalDate date) {
        return Math.max(0, ChronoUnit.DAYS.between(start, date) + 1);
    }

    /** Days elapsed from the start to {@code asOf} inclusive ÷ days of the assessment year, within [0, 1]. */
    public static BigDecimal timeProgress(LocalDate start, LocalDate end, LocalDate asOf) {
        long days = dayNumber(start, end);
        if (days <= 0) return BigDecimal.ONE;
        long elapsed = Math.min(days, dayNumber(start, asOf));
        return divide(BigDecimal.valueOf(elapsed), BigDecimal.valueOf(days));
    }

    /** Actual ÷ target, uncapped; none without a (positive) target. */
    public static @Nullable BigDecimal completion(BigDecimal actual, @Nullable BigDecimal target) {
        if (target == null || target.signum() <= 0) return null;
        return divide(actual, target);
    }

    /**
     * 已完成 from 1; 正常 from time progress; 滞后 from {@code laggingRatio} × time progress; 严重滞后
     * below; 不考核 when the indicator is not assessed or has no completion.
     */
    public static IndicatorStatus status(boolean assessed, @Nullable BigDecimal completion, BigDecimal timeProgress,
                                         BigDecimal laggingRatio) {
        if (!assessed || completion == null) return IndicatorStatus.NOT_ASSESSED;
        if (completion.compareTo(BigDecimal.ONE) >= 0) return IndicatorStatus.COMPLETED;
        if (completion.compareTo(timeProgress) >= 0) return IndicatorStatus.ON_TRACK;
        if (completion.compareTo(laggingRatio.multiply(timeProgress)) >= 0) return IndicatorStatus.BEHIND;
        return IndicatorStatus.SERIOUSLY_BEHIND;
    }

    /** A point of a cumulative series: the day number of a period's end and the value then. */
    public record Point(long day, BigDecimal value) {}

    /**
     * The year-end value projected from the cumulative series: the ordinary least-squares line (free
     * intercept) through the points, evaluated at the last day of the year ({@code yearDays}); with
     * fewer than two points (or all on one day), actual ÷ time progress when time progress &gt; 0, else none.
     */
    public static @Nullable BigDecimal forecast(List<Point> points, long yearDays, BigDecimal actual, BigDecimal timeProgress) {
        long distinctDays = points.stream().map(Point::day).distinct().count();
        if (points.size() < 2 || distinctDays < 2) {
            return timeProgress.signum() > 0 ? divide(actual, timeProgress) : null;
        }
        // exact sums, one division: forecast = (Σy·D + (nΣxy − ΣxΣy)(nX − Σx)) ÷ (n·D), D = nΣx² − (Σx)²
        BigDecimal n = BigDecimal.valueOf(points.size());
        BigDecimal sx = BigDecimal.ZERO;
        BigDecimal sy = BigDecimal.ZERO;
        BigDecimal sxx = BigDecimal.ZERO;
        BigDecimal sxy = BigDecimal.ZERO;
        for (Point p : points) {
            BigDecimal x = BigDecimal.valueOf(p.day());
            sx = sx.add(x);
            sy = sy.add(p.value());
            sxx = sxx.add(x.multiply(x));
            sxy = sxy.add(x.multiply(p.value()));
        }
        BigDecimal d = n.multiply(sxx).subtract(sx.multiply(sx));
        BigDecimal numerator = sy.multiply(d).add(n.multiply(sxy).subtract(sx.multiply(sy))
                .multiply(n.multiply(BigDecimal.valueOf(yearDays)).subtract(sx)));
        return divide(numerator, n.multiply(d));
    }

    /** An indicator's score: min(completion, 1). */
    public static BigDecimal indicatorScore(BigDecimal completion) {
        return completion.min(BigDecimal.ONE);
    }

    /** A weighted score and its weight. */
    public record Weighted(BigDecimal score, BigDecimal weight) {}

    /** 100 × the weighted mean of the scores; none for no scores. */
    public static @Nullable BigDecimal score(List<Weighted> parts) {
        BigDecimal weights = parts.stream().map(Weighted::weight).reduce(BigDecimal.ZERO, BigDecimal::add);
        if (parts.isEmpty() || weights.signum() == 0) return null;
        BigDecimal sum = parts.stream().map(p -> p.score().multiply(p.weight())).reduce(BigDecimal.ZERO, BigDecimal::add);
        return divide(sum.multiply(HUNDRED), weights);
    }

    /**
     * Ranks by score, highest first, ties sharing a rank (1, 1, 3); items without a score get no rank
     * and come last in their given order. Returns the items in rank order with their ranks.
     */
    public static <T> List<Ranked<T>> rank(List<T> items, Function<T, @Nullable BigDecimal> scoreOf) {
        List<T> scored = new ArrayList<>(items.stream().filter(i -> scoreOf.apply(i) != null).toList());
        scored.sort(Comparator.comparing((T i) -> scoreOf.apply(i)).reversed());
        List<Ranked<T>> ranked = new ArrayList<>();
        for (int i = 0; i < scored.size(); i++) {
            T item = scored.get(i);
            int rank = i + 1;
            if (i > 0 && scoreOf.apply(item).compareTo(scoreOf.apply(scored.get(i - 1))) == 0) {
                rank = ranked.get(i - 1).rank();
            }
            ranked.add(new Ranked<>(item, rank));
        }
        items.stream().filter(i -> scoreOf.apply(i) == null).forEach(i -> ranked.add(new Ranked<>(i, 0)));
        return ranked;
    }

    /** An item and its rank (0: no rank). */
    public record Ranked<T>(T item, int rank) {}
}
