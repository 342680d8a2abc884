package org.xiezuo.assessment.web;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

import org.jspecify.annotations.Nullable;
import org.xiezuo.assessment.Assessor;
import org.xiezuo.assessment.Figures;

/**
 * Numbers as the assessment pages show them: percentages with two decimals, uncapped (692.50%), scores
 * with two decimals, values exact without trailing zeros, forecasts to two decimals; "—" for none.
 * Rounding is for display only: statuses and scores are decided on the unrounded values.
 */
public final class AssessmentFormats {

    static final AssessmentFormats INSTANCE = new AssessmentFormats();
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private AssessmentFormats() {}

    /** A fraction as a percentage with two decimals: 6.925 → "692.50%". */
    public String percent(@Nullable BigDecimal fraction) {
        return Figures.percent(fraction);
    }

    /** A score with two decimals. */
    public String score(@Nullable BigDecimal score) {
        return Figures.score(score);
    }

    public String number(@Nullable BigDecimal value) {
        return Figures.number(value);
    }

    /** A forecast, to two decimals at most. */
    public String forecast(@Nullable BigDecimal value) {
        return Figures.forecast(value);
    }

    public String date(@Nullable LocalDate day) {
        return Figures.date(day);
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
