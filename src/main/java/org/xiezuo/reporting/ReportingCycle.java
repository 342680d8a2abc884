package org.xiezuo.reporting;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.jdbc.core.mapping.AggregateReference;
import org.xiezuo.plan.Plan;
import org.xiezuo.shared.BusinessRuleViolation;

/** A plan's reporting cycle: the cadence and how many days after a period's end its deadline falls. */
public class ReportingCycle {

    /** By default a period's report is due at the end of the 5th day after the period (the 5th of the next month). */
    public static final int DEFAULT_DEADLINE_DAYS = 5;

    private @Id @Nullable Long id;
    private @Version int version;
    private final AggregateReference<Plan, Long> plan;
    private Cadence cadence;
    private int deadlineDays;
    private final Instant createdAt;

    @PersistenceCreator
    ReportingCycle(@Nullable Long id, int version, AggregateReference<Plan, Long> plan, Cadence cadence, int deadlineDays,
                   Instant createdAt) {
        this.id = id;
        this.version = version;
        this.plan = plan;
        this.cadence = cadence;
        this.deadlineDays = deadlineDays;
        this.createdAt = createdAt;
    }

    static ReportingCycle of(long planId, Cadence cadence, int deadlineDays, Instant now) {
        return new ReportingCycle(null, 0, AggregateReference.to(planId), cadence, checked(deadlineDays), now);
    }

    void change(Cadence newCadence, int newDeadlineDays) {
        cadence = newCadence;
        deadlineDays = checked(newDeadlineDays);
    }

    private static int checked(int days) {
        if (days < 0 || days > 60) throw new BusinessRuleViolation("cycle.deadline", "截止日应为期末后0至60天");
        return days;
    }

    public long planId() { return plan.getId(); }

    public Cadence cadence() { return cadence; }

    public int deadlineDays() { return deadlineDays; }

    public int version() { return version; }
}
