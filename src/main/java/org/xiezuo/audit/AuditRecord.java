package org.xiezuo.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

import org.jspecify.annotations.Nullable;

/**
 * The hashed content of one audit row, exactly as stored. Its hash links the row into the chain:
 * {@code row_hash = SHA-256(canonical(fields, prev_hash))}, lower-case hex.
 *
 * <p>Canonical form, version 1: the fields in the order {@code occurred_at, actor, actor_units,
 * client_ip, event_type, object_type, object_id, plan_id, outcome, detail, prev_hash}, each written as
 * {@code ~;} when null or {@code <UTF-8 byte length>:<value>;} otherwise, prefixed by {@code v1;}.
 * The length prefix makes the form unambiguous whatever a value contains; null and the empty string
 * differ. {@code occurred_at} is the instant in UTC with exactly six fraction digits
 * ({@code 2025-06-30T15:59:59.123456Z}) — the precision PostgreSQL keeps, which is why times are
 * truncated to microseconds before they are stored. The surrogate {@code id} is not hashed: it is
 * assigned by the database on insert, and order is carried by the links themselves.
 */
record AuditRecord(Instant occurredAt, String actor, @Nullable String actorUnits, @Nullable String clientIp,
                   String eventType, @Nullable String objectType, @Nullable String objectId, @Nullable Long planId,
                   String outcome, @Nullable String detail) {

    /** The {@code prev_hash} of the first row ever written. */
    static final String GENESIS = "0".repeat(64);

    static final String COLUMNS = "occurred_at, actor, actor_units, client_ip, event_type, object_type, object_id, "
            + "plan_id, outcome, detail";

    private static final DateTimeFormatter UTC_MICROS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    /** Reads the hashed fields of a row selected with {@link #COLUMNS}. */
    static AuditRecord read(ResultSet rs) throws SQLException {
        return new AuditRecord(rs.getObject("occurred_at", OffsetDateTime.class).toInstant(), rs.getString("actor"),
                rs.getString("actor_units"), rs.getString("client_ip"), rs.getString("event_type"),
                rs.getString("object_type"), rs.getString("object_id"), rs.getObject("plan_id", Long.class),
                rs.getString("outcome"), rs.getString("detail"));
    }

    String canonical(String previousHash) {
        StringBuilder out = new StringBuilder("v1;");
        field(out, UTC_MICROS.format(occurredAt));
        field(out, actor);
        field(out, actorUnits);
        field(out, clientIp);
        field(out, eventType);
        field(out, objectType);
        field(out, objectId);
        field(out, planId == null ? null : planId.toString());
        field(out, outcome);
        field(out, detail);
        field(out, previousHash);
        return out.toString();
    }

    String hash(String previousHash) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(canonical(previousHash).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static void field(StringBuilder out, @Nullable String value) {
        if (value == null) {
            out.append("~;");
        } else {
            out.append(value.getBytes(StandardCharsets.UTF_8).length).append(':').append(value).append(';');
        }
    }
}
