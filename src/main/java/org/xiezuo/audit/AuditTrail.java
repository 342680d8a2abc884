package org.xiezuo.audit;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.xiezuo.shared.Actor;

/**
 * Records and reads audit events. {@link #record} joins the caller's transaction (and requires one),
 * so the audit row and the change commit or roll back together.
 */
@Component
public class AuditTrail {

    /** Times are shown and stored with the Chinese offset, as users and assessors read them. */
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private final JdbcClient jdbc;
    private final Clock clock;

    AuditTrail(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** What happened: a type such as {@code PLAN_IMPORTED}, the object, and a short readable detail. */
    public record Event(String type, @Nullable String objectType, @Nullable Object objectId, @Nullable Long planId,
                        String outcome, @Nullable String detail) {

        public static Event success(String type, String objectType, Object objectId, @Nullable Long planId, String detail) {
            return new Event(type, objectType, objectId, planId, "SUCCESS", detail);
        }
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void record(Actor actor, Event event) {
        insert(actor.name(), event);
    }

    /** For events outside any business transaction (sign-in failures): its own transaction. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void recordAlone(String actor, Event event) {
        insert(actor, event);
    }

    private void insert(String actor, Event event) {
        jdbc.sql("""
                insert into audit_event (occurred_at, actor, client_ip, event_type, object_type, object_id, plan_id, outcome, detail)
                values (:at, :actor, :ip, :type, :objectType, :objectId, :planId, :outcome, :detail)
                """)
                .param("at", OffsetDateTime.now(clock.withZone(ZONE)))
                .param("actor", truncate(oneLine(actor), 100))
                .param("ip", clientIp())
                .param("type", event.type())
                .param("objectType", event.objectType())
                .param("objectId", event.objectId() == null ? null : truncate(event.objectId().toString(), 64))
                .param("planId", event.planId())
                .param("outcome", event.outcome())
                .param("detail", event.detail() == null ? null : oneLine(event.detail()))
                .update();
    }

    /**
     * The history of one plan, newest first: its own changes and those of the units it names (aliases,
     * renames, merges), which change how the plan reads.
     */
    @Transactional(readOnly = true)
    public List<AuditEntry> planHistory(long planId, Collection<Long> unitIds, int limit, int offset) {
        return jdbc.sql("""
                select id, occurred_at, actor, client_ip, event_type, object_type, object_id, plan_id, outcome, detail
                from audit_event where plan_id = :planId or (object_type = 'unit' and object_id in (:units))
                order by id desc limit :limit offset :offset
                """)
                .param("planId", planId).param("units", unitKeys(unitIds)).param("limit", limit).param("offset", offset)
                .query((rs, n) -> new AuditEntry(rs.getLong("id"),
                        rs.getObject("occurred_at", OffsetDateTime.class).atZoneSameInstant(ZONE).toOffsetDateTime(),
                        rs.getString("actor"), rs.getString("client_ip"), rs.getString("event_type"),
                        rs.getString("object_type"), rs.getString("object_id"),
                        (Long) rs.getObject("plan_id", Long.class), rs.getString("outcome"), rs.getString("detail")))
                .list();
    }

    @Transactional(readOnly = true)
    public long countPlanHistory(long planId, Collection<Long> unitIds) {
        return jdbc.sql("select count(*) from audit_event where plan_id = :planId or (object_type = 'unit' and object_id in (:units))")
                .param("planId", planId).param("units", unitKeys(unitIds))
                .query(Long.class).single();
    }

    /** Object ids are stored as text; an empty list still needs one value for {@code in (…)}. */
    private static List<String> unitKeys(Collection<Long> unitIds) {
        return unitIds.isEmpty() ? List.of("") : unitIds.stream().map(String::valueOf).toList();
    }

    private static @Nullable String clientIp() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            return attributes.getRequest().getRemoteAddr();
        }
        return null;
    }

    /** Line breaks are encoded so a value cannot forge a second record in any log view. */
    private static String oneLine(String text) {
        return text.replace("\r", "\\r").replace("\n", "\\n");
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
