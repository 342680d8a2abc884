package org.xiezuo.reminder;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The overdue marks of a plan: which unit missed which period's deadline, when it was marked, and
 * whether (and when) a submission came afterwards. For supervision ("overdue by more than 5 days") and
 * pages; no access check here — callers check that the actor may read the plan's reports.
 */
@Component
public class OverdueReports {

    /** One mark. {@code resolvedAt}: when a run first found the report submitted; null while still missing. */
    public record Overdue(long planId, long periodId, long unitId, LocalDate deadline, Instant markedAt,
                         @Nullable Instant resolvedAt) {
        /** Whole days since the deadline day ended, as of {@code today} (China time). */
        public long daysOverdue(LocalDate today) {
            return Math.max(0, today.toEpochDay() - deadline.toEpochDay());
        }
    }

    private final JdbcClient jdbc;

    OverdueReports(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Marks of the plan, oldest deadline first; {@code openOnly}: those still without a submission. */
    @Transactional(readOnly = true)
    public List<Overdue> ofPlan(long planId, boolean openOnly) {
        return jdbc.sql("""
                select plan_id, period_id, unit_id, deadline, marked_at, resolved_at from reminder_overdue
                 where plan_id = :plan and (:all or resolved_at is null) order by deadline, unit_id
                """).param("plan", planId).param("all", !openOnly)
                .query((rs, n) -> new Overdue(rs.getLong("plan_id"), rs.getLong("period_id"), rs.getLong("unit_id"),
                        rs.getObject("deadline", LocalDate.class), rs.getObject("marked_at", OffsetDateTime.class).toInstant(),
                        rs.getObject("resolved_at", OffsetDateTime.class) == null ? null
                                : rs.getObject("resolved_at", OffsetDateTime.class).toInstant()))
                .list();
    }
}
