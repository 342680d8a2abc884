package org.xiezuo.assessment;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.xiezuo.audit.AuditTrail;
import org.xiezuo.audit.AuditTrail.Event;
import org.xiezuo.shared.Actor;

/**
 * The deductions the assessment has learned of ({@link DeductionRaised}), kept in the publisher's
 * transaction (so an escalation and its deduction commit together) and counted per unit as of a date;
 * the rules say how many points each is worth (default 0: off).
 */
@Component
public class Deductions {

    /** One deduction as the unit page lists it. */
    public record Item(long unitId, String sourceKey, LocalDate occurredOn, String detail) {}

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final Clock clock;

    Deductions(JdbcClient jdbc, AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    @EventListener
    void on(DeductionRaised event) {
        Integer known = jdbc.sql("select count(*) from assessment_deduction where plan_id = :plan and source_key = :key")
                .param("plan", event.planId()).param("key", event.sourceKey()).query(Integer.class).single();
        if (known > 0) return;
        jdbc.sql("""
                insert into assessment_deduction (plan_id, unit_id, source_key, occurred_on, detail, created_at)
                values (:plan, :unit, :key, :on, :detail, :at)
                """).param("plan", event.planId()).param("unit", event.unitId()).param("key", event.sourceKey())
                .param("on", Date.valueOf(event.occurredOn())).param("detail", event.detail())
                .param("at", Timestamp.from(clock.instant())).update();
        audit.record(Actor.system(), Event.success("ASSESSMENT_DEDUCTION_RECORDED", "unit", event.unitId(), event.planId(),
                event.detail()));
    }

    /** Unit id → deductions that occurred on or before {@code date} (and were recorded before {@code knownBefore}). */
    public Map<Long, Integer> countsAsOf(long planId, LocalDate date, @Nullable Instant knownBefore) {
        Map<Long, Integer> counts = new HashMap<>();
        jdbc.sql("""
                select unit_id, count(*) from assessment_deduction
                 where plan_id = :plan and occurred_on <= :d and created_at < :known
                 group by unit_id
                """).param("plan", planId).param("d", Date.valueOf(date))
                .param("known", Timestamp.from(knownBefore != null ? knownBefore : Instant.parse("9999-12-31T00:00:00Z")))
                .query(rs -> {
                    counts.put(rs.getLong(1), rs.getInt(2));
                });
        return counts;
    }

    /** A unit's deductions up to the date, oldest first. */
    public List<Item> ofUnit(long planId, long unitId, LocalDate date) {
        return jdbc.sql("""
                select unit_id, source_key, occurred_on, detail from assessment_deduction
                 where plan_id = :plan and unit_id = :unit and occurred_on <= :d order by occurred_on, source_key
                """).param("plan", planId).param("unit", unitId).param("d", Date.valueOf(date))
                .query((rs, n) -> new Item(rs.getLong(1), rs.getString(2), rs.getDate(3).toLocalDate(), rs.getString(4))).list();
    }
}
