package org.xiezuo.reporting;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.jdbc.core.mapping.AggregateReference;
import org.xiezuo.plan.Plan;
import org.xiezuo.shared.BusinessRuleViolation;

/**
 * One reporting period of a plan (a month by default) with its deadline: the end of the deadline day in
 * China time. Periods that ended before the plan was imported are open for back-filling and never
 * overdue.
 */
public class Period {

    /** Deadlines, period boundaries and "today" are China time, whatever the server's zone. */
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private @Id @Nullable Long id;
    private @Version int version;
    private final AggregateReference<Plan, Long> plan;
    private int seq;
    private String label;
    private LocalDate startsOn;
    private LocalDate endsOn;
    private LocalDate deadline;
    private PeriodStatus status;
    private boolean backfill;

    @PersistenceCreator
    Period(@Nullable Long id, int version, AggregateReference<Plan, Long> plan, int seq, String label, LocalDate startsOn,
           LocalDate endsOn, LocalDate deadline, PeriodStatus status, boolean backfill) {
        this.id = id;
        this.version = version;
        this.plan = plan;
        this.seq = seq;
        this.label = label;
        this.startsOn = startsOn;
        this.endsOn = endsOn;
        this.deadline = deadline;
        this.status = status;
        this.backfill = backfill;
    }

    static Period of(long planId, int seq, Cadence.Span span, int deadlineDays, Instant planCreatedAt) {
        boolean backfill = span.end().isBefore(LocalDate.ofInstant(planCreatedAt, ZONE));
        return new Period(null, 0, AggregateReference.to(planId), seq, span.label(), span.start(), span.end(),
                span.end().plusDays(deadlineDays), PeriodStatus.OPEN, backfill);
    }

    void close() {
        if (status == PeriodStatus.CLOSED) throw new BusinessRuleViolation("period.closed", "本期已关闭");
        status = PeriodStatus.CLOSED;
    }

    void reopen() {
        if (status == PeriodStatus.OPEN) throw new BusinessRuleViolation("period.open", "本期未关闭");
        status = PeriodStatus.OPEN;
    }

    void moveDeadline(LocalDate newDeadline) {
        if (newDeadline.isBefore(endsOn)) {
            throw new BusinessRuleViolation("period.deadline", "截止日期不能早于本期最后一天（" + endsOn + "）");
        }
        deadline = newDeadline;
    }

    /** Refuses new data in a closed period (a correction of an approved report is the way in). */
    void requireOpen() {
        if (status == PeriodStatus.CLOSED) {
            throw new BusinessRuleViolation("period.closed", "「" + label + "」已关闭，不再接受填报；已审核的数据可申请更正");
        }
    }

    /** The last moment a report is on time: the end of the deadline day, China time. */
    public Instant dueAt() {
        return deadline.plusDays(1).atStartOfDay(ZONE).toInstant();
    }

    /** Overdue at {@code now} unless it is a back-filling period (it ended before the plan existed). */
    public boolean overdueAt(Instant now) {
        return !backfill && !now.isBefore(dueAt());
    }

    /** Whether {@code day} (China time) falls in this period. */
    public boolean contains(LocalDate day) {
        return !day.isBefore(startsOn) && !day.isAfter(endsOn);
    }

    public Long id() {
        if (id == null) throw new IllegalStateException("period not saved");
        return id;
    }

    public int version() { return version; }

    public long planId() { return plan.getId(); }

    public int seq() { return seq; }

    public String label() { return label; }

    public LocalDate startsOn() { return startsOn; }

    public LocalDate endsOn() { return endsOn; }

    public LocalDate deadline() { return deadline; }

    public PeriodStatus status() { return status; }

    public boolean backfill() { return backfill; }
}
