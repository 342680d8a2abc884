package org.xiezuo.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;

import org.jspecify.annotations.Nullable;

/**
 * One recorded action as read back; {@code occurredAt} carries its offset (+08:00), {@code actorUnits}
 * the ids of the units the actor was bound to, comma-separated (null for sign-ins and other events
 * recorded without an actor).
 */
public record AuditEntry(long id, OffsetDateTime occurredAt, String actor, @Nullable String actorUnits,
                         @Nullable String clientIp, String eventType, @Nullable String objectType,
                         @Nullable String objectId, @Nullable Long planId, String outcome, @Nullable String detail) {

    static final String COLUMNS = "id, occurred_at, actor, actor_units, client_ip, event_type, object_type, object_id, "
            + "plan_id, outcome, detail";

    static AuditEntry read(ResultSet rs) throws SQLException {
        return new AuditEntry(rs.getLong("id"),
                rs.getObject("occurred_at", OffsetDateTime.class).atZoneSameInstant(AuditTrail.ZONE).toOffsetDateTime(),
                rs.getString("actor"), rs.getString("actor_units"), rs.getString("client_ip"), rs.getString("event_type"),
                rs.getString("object_type"), rs.getString("object_id"), rs.getObject("plan_id", Long.class),
                rs.getString("outcome"), rs.getString("detail"));
    }
}
