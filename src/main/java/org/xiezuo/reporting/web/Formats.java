package org.xiezuo.reporting.web;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.xiezuo.reporting.Period;
import org.xiezuo.reporting.RuleKind;
import org.xiezuo.reporting.Severity;
import org.xiezuo.reporting.Validation;
import org.xiezuo.shared.ExactDecimal;

/**
 * Values as the reporting pages show them: exact numbers without trailing zeros, dates and times in
 * China time, “—” for nothing; and which findings block or ask for a reason. One instance for every
 * template, as {@code fmt}.
 */
final class Formats {

    static final Formats INSTANCE = new Formats();
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy年M月d日");
    private static final DateTimeFormatter SHORT_DAY = DateTimeFormatter.ofPattern("M月d日");

    private Formats() {}

    public String number(@Nullable BigDecimal value) {
        return value == null ? "—" : ExactDecimal.format(value);
    }

    public String time(@Nullable Instant instant) {
        return instant == null ? "—" : MINUTES.format(instant.atZone(Period.ZONE));
    }

    /** The clock time of "just now", for "已保存 10:32:05". */
    public String clock(Instant instant) {
        return SECONDS.format(instant.atZone(Period.ZONE));
    }

    /** Whether a line's findings ask for a reason (a warning, or a lower cumulative value), so the field is shown. */
    public boolean asksReason(List<Validation.Finding> findings) {
        return findings.stream().anyMatch(f -> f.severity() == Severity.WARNING || f.rule() == RuleKind.BELOW_PREVIOUS);
    }

    /** How many findings stand in the way of a submission. */
    public long blocking(List<Validation.Finding> findings) {
        return findings.stream().filter(Validation.Finding::blocks).count();
    }

    public String date(@Nullable LocalDate day) {
        return day == null ? "—" : DAY.format(day);
    }

    public String shortDate(@Nullable LocalDate day) {
        return day == null ? "—" : SHORT_DAY.format(day);
    }
}
