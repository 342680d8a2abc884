package org.xiezuo.assessment;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

import org.jspecify.annotations.Nullable;
import org.xiezuo.shared.ExactDecimal;

/**
 * The assessment's figures as people read them — on the dashboards, in the exported table and in the
 * bulletin alike, so no number in one differs from another: percentages with two decimals, uncapped
 * (692.50%), scores with two decimals, values exact without trailing zeros, forecasts to two decimals,
 * dates in Chinese form (2021年11月30日); "—" for none. Rounding is for reading only.
 */
public final class Figures {

    private static final BigDecimal HUNDRED = new BigDecimal("100");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy年M月d日");

    private Figures() {}

    /** A fraction as a percentage with two decimals: 6.925 → "692.50%". */
    public static String percent(@Nullable BigDecimal fraction) {
        return fraction == null ? "—" : fraction.multiply(HUNDRED).setScale(2, RoundingMode.HALF_UP).toPlainString() + "%";
    }

    /** A score with two decimals. */
    public static String score(@Nullable BigDecimal score) {
        return score == null ? "—" : score.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    public static String number(@Nullable BigDecimal value) {
        return value == null ? "—" : ExactDecimal.format(value);
    }

    /** A forecast, to two decimals at most. */
    public static String forecast(@Nullable BigDecimal value) {
        return value == null ? "—" : ExactDecimal.format(value.setScale(2, RoundingMode.HALF_UP));
    }

    public static String date(@Nullable LocalDate day) {
        return day == null ? "—" : DAY.format(day);
    }
}
