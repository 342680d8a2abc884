package org.xiezuo.reporting;

import java.math.BigDecimal;
import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.jdbc.core.mapping.AggregateReference;
import org.xiezuo.plan.Indicator;
import org.xiezuo.shared.BusinessRuleViolation;

/**
 * A unit's figure for one indicator in one report: the cumulative value since the start of the
 * assessment year (含存量 indicators include what carries over), a note, and the reason given for a
 * warning or a lower value. Saved on its own, with its own version, as the reporter types.
 */
public class IndicatorLine {

    static final int MAX_NOTE = 2000;

    private @Id @Nullable Long id;
    private @Version int version;
    private final AggregateReference<Report, Long> report;
    private final AggregateReference<Indicator, Long> indicator;
    private @Nullable BigDecimal lineValue;
    private @Nullable String note;
    private @Nullable String reason;
    private String updatedBy;
    private Instant updatedAt;

    @PersistenceCreator
    IndicatorLine(@Nullable Long id, int version, AggregateReference<Report, Long> report,
                  AggregateReference<Indicator, Long> indicator, @Nullable BigDecimal lineValue, @Nullable String note,
                  @Nullable String reason, String updatedBy, Instant updatedAt) {
        this.id = id;
        this.version = version;
        this.report = report;
        this.indicator = indicator;
        this.lineValue = lineValue;
        this.note = note;
        this.reason = reason;
        this.updatedBy = updatedBy;
        this.updatedAt = updatedAt;
    }

    static IndicatorLine blank(long reportId, long indicatorId, String actor, Instant now) {
        return new IndicatorLine(null, 0, AggregateReference.to(reportId), AggregateReference.to(indicatorId), null, null,
                null, actor, now);
    }

    /** A copy for the next revision of the report. */
    IndicatorLine copyTo(long reportId, String actor, Instant now) {
        return new IndicatorLine(null, 0, AggregateReference.to(reportId), indicator, lineValue, note, reason, actor, now);
    }

    void record(@Nullable BigDecimal value, @Nullable String newNote, @Nullable String newReason, String actor, Instant now) {
        lineValue = value;
        note = text(newNote, MAX_NOTE, "说明");
        reason = text(newReason, Report.MAX_REASON, "原因");
        updatedBy = actor;
        updatedAt = now;
    }

    static @Nullable String text(@Nullable String raw, int max, String what) {
        if (raw == null) return null;
        String clean = raw.strip();
        if (clean.isEmpty()) return null;
        if (clean.length() > max) throw new BusinessRuleViolation("line.text", what + "最多" + max + "个字");
        return clean;
    }

    public Long id() {
        if (id == null) throw new IllegalStateException("line not saved");
        return id;
    }

    public int version() { return version; }

    public long reportId() { return report.getId(); }

    public long indicatorId() { return indicator.getId(); }

    public @Nullable BigDecimal value() { return lineValue; }

    public @Nullable String note() { return note; }

    public @Nullable String reason() { return reason; }

    public String updatedBy() { return updatedBy; }

    public Instant updatedAt() { return updatedAt; }
}
