package org.xiezuo.assessment.web;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

import org.jspecify.annotations.Nullable;
import org.xiezuo.assessment.Assessor;
import org.xiezuo.shared.ExactDecimal;

/**
 * Numbers as the assessment pages show them: percentages with two decimals, uncapped (692.50%), scores
 * with two decimals, values exact without trailing zeros, forecasts to two decimals; "—" for none.
 * Rounding is for display only: statuses and scores are decided on the unrounded values.
 */
public final class AssessmentFormats {

    static final AssessmentFormats INSTANCE = new AssessmentFormats();
    private static final BigDecimal HUNDRED = new BigDecimal("100");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy年M月d日");
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private AssessmentFormats() {}

    /** A fraction as a percentage with two decimals: 6.925 → "692.50%". */
    public String percent(@Nullable BigDecimal fraction) {
        return fraction == null ? "—" : fraction.multiply(HUNDRED).setScale(2, RoundingMode.HALF_UP).toPlainString() + "%";
    }

    /** A score with two decimals. */
    public String score(@Nullable BigDecimal score) {
        return score == null ? "—" : score.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    public String number(@Nullable BigDecimal value) {
        return value == null ? "—" : ExactDecimal.format(value);
    }

    /** A forecast, to two decimals at most. */
    public String forecast(@Nullable BigDecimal value) {
        return value == null ? "—" : ExactDecimal.format(value.setScale(2, RoundingMode.HALF_UP));
    }

    public String date(@Nullable LocalDate day) {
        return day == null ? "—" : DAY.format(day);
    }

    public String time(@Nullable Instant instant) {
        return instant == null ? "—" : MINUTES.format(instant.atZone(Assessor.ZONE));
    }

    public String time(java.time.@Nullable OffsetDateTime time) {
        return time == null ? "—" : MINUTES.format(time.atZoneSameInstant(Assessor.ZONE));
    }

    /** The CSS class of a heat-map cell by score: ≥ 90, ≥ 75, ≥ 60, below, none. */
    public String heat(@Nullable BigDecimal score) {
        if (score == null) return "heat-none";
        if (score.compareTo(new BigDecimal("90")) >= 0) return "heat-4";
        if (score.compareTo(new BigDecimal("75")) >= 0) return "heat-3";
        if (score.compareTo(new BigDecimal("60")) >= 0) return "heat-2";
        return "heat-1";
    }
}
