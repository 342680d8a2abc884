package org.xiezuo.audit;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.xiezuo.shared.Actor;

/**
 * Records and reads audit events. {@link #record} joins the caller's transaction (and requires one),
 * so the audit row and the change commit or roll back together.
 *
 * <p>Rows form a hash chain (see {@link AuditRecord}): each names the hash of the row before it. Rows
 * are written when the transaction commits, as its last statements: the chain head ({@code audit_chain},
 * one row) is locked {@code FOR UPDATE}, the rows are inserted linked to it, and the head moves on. So
 * appends from every instance are serialised by the database, and the head is held only for the commit,
 * not for the business work before it. If the rows cannot be written the commit fails with
 * {@link AuditUnavailable} and the whole transaction rolls back: no change without its audit row.
 * Callers keep PostgreSQL's default isolation (read committed): under repeatable read a head moved by
 * another instance after the transaction's snapshot cannot be locked, and the commit would fail.
 *
 * <p>The application never updates or deletes audit rows; only {@link AuditRetention} deletes, and only
 * rows past the retention period.
 */
@Component
public class AuditTrail {

    /** Times are shown and stored with the Chinese offset, as users and assessors read them. */
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private final JdbcClient jdbc;
    private final Clock clock;
    private final AuditSettings settings;
    private final AuditDatabase database;

    AuditTrail(JdbcClient jdbc, Clock clock, AuditSettings settings, AuditDatabase database) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.settings = settings;
        this.database = database;
    }

    /** What happened: a type such as {@code PLAN_IMPORTED}, the object, and a short readable detail. */
    public record Event(String type, @Nullable String objectType, @Nullable Object objectId, @Nullable Long planId,
                        String outcome, @Nullable String detail) {

        public static Event success(String type, String objectType, Object objectId, @Nullable Long planId, String detail) {
            return new Event(type, objectType, objectId, planId, "SUCCESS", detail);
        }
    }

    /**
     * Records the event in the caller's transaction, with the actor's units. The row is written when that
     * transaction commits; if it cannot be, the commit throws {@link AuditUnavailable} and nothing of the
     * transaction stays.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(Actor actor, Event event) {
        pending().add(entry(actor.name(), units(actor.unitIds()), event));
    }

    /**
     * For events outside any business transaction (sign-in failures): its own transaction, no units.
     * Throws {@link AuditUnavailable} when the row cannot be written.
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void recordAlone(String actor, Event event) {
        pending().add(entry(actor, null, event));
    }

    /** {@link #recordAlone(String, Event)} for a known account, with the units it is bound to. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void recordAlone(String actor, Collection<Long> unitIds, Event event) {
        pending().add(entry(actor, units(unitIds), event));
    }

    /** {@link #recordAlone(String, Event)} for an actor, with its units. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void recordAlone(Actor actor, Event event) {
        pending().add(entry(actor.name(), units(actor.unitIds()), event));
    }

    /**
     * The history of one plan, newest first: its own changes and those of the units it names (aliases,
     * renames, merges), which change how the plan reads.
     */
    @Transactional(readOnly = true)
    public List<AuditEntry> planHistory(long planId, Collection<Long> unitIds, int limit, int offset) {
        return jdbc.sql("select " + AuditEntry.COLUMNS + """
                 from audit_event where plan_id = :planId or (object_type = 'unit' and object_id in (:units))
                order by id desc limit :limit offset :offset
                """)
                .param("planId", planId).param("units", unitKeys(unitIds)).param("limit", limit).param("offset", offset)
                .query((rs, n) -> AuditEntry.read(rs))
                .list();
    }

    @Transactional(readOnly = true)
    public long countPlanHistory(long planId, Collection<Long> unitIds) {
        return jdbc.sql("select count(*) from audit_event where plan_id = :planId or (object_type = 'unit' and object_id in (:units))")
                .param("planId", planId).param("units", unitKeys(unitIds))
                .query(Long.class).single();
    }

    /**
     * The id of the newest audit row of a plan (0 for none): it moves whenever anything audited about the
     * plan changes — reports, ledgers, targets, settings — so it stamps values computed from the plan's
     * data; a value stored with an older stamp may be out of date.
     */
    /** The plan's stamp and the newest change to units that no plan's stamp records (renames, merges, aliases). */
    private static final String STAMPS = """
            select (select coalesce(max(id), 0) from audit_event where plan_id = :planId) as plan_stamp,
                   (select coalesce(max(id), 0) from audit_event
                     where event_type in ('UNIT_RENAMED', 'UNITS_MERGED', 'UNIT_ALIAS_ADDED', 'UNIT_ALIAS_REMOVED')) as unit_stamp
            """;

    /** {@link #lastEventOf(long)} and the newest audited change to units outside any plan, read together. */
    public record Stamps(long plan, long units) {}

    /**
     * The stamps of what a page computes from a plan and its units' names: {@link #lastEventOf(long)} and
     * the newest change to units outside any plan (units belong to a district). One statement, no
     * transaction of its own: pages read it on every request.
     */
    public Stamps stampsOf(long planId) {
        return jdbc.sql(STAMPS).param("planId", planId)
                .query((rs, n) -> new Stamps(rs.getLong("plan_stamp"), rs.getLong("unit_stamp"))).single();
    }

    @Transactional(readOnly = true)
    public long lastEventOf(long planId) {
        return jdbc.sql("select coalesce(max(id), 0) from audit_event where plan_id = :planId").param("planId", planId)
                .query(Long.class).single();
    }

    /** Changes to some tasks, indicators and units of one plan: what a unit's reader may see of its history. */
    private static final String OBJECT_HISTORY = """
             from audit_event
            where (plan_id = :planId and ((object_type = 'task' and object_id in (:tasks))
                                       or (object_type = 'indicator' and object_id in (:indicators))))
               or (object_type = 'unit' and object_id in (:units))
            """;

    /** The history of these objects of a plan, newest first (the plan history of a unit-scoped reader). */
    @Transactional(readOnly = true)
    public List<AuditEntry> objectHistory(long planId, Collection<Long> taskIds, Collection<Long> indicatorIds,
                                          Collection<Long> unitIds, int limit, int offset) {
        return jdbc.sql("select " + AuditEntry.COLUMNS + OBJECT_HISTORY + " order by id desc limit :limit offset :offset")
                .param("planId", planId).param("tasks", unitKeys(taskIds)).param("indicators", unitKeys(indicatorIds))
                .param("units", unitKeys(unitIds)).param("limit", limit).param("offset", offset)
                .query((rs, n) -> AuditEntry.read(rs))
                .list();
    }

    @Transactional(readOnly = true)
    public long countObjectHistory(long planId, Collection<Long> taskIds, Collection<Long> indicatorIds,
                                   Collection<Long> unitIds) {
        return jdbc.sql("select count(*)" + OBJECT_HISTORY)
                .param("planId", planId).param("tasks", unitKeys(taskIds)).param("indicators", unitKeys(indicatorIds))
                .param("units", unitKeys(unitIds))
                .query(Long.class).single();
    }

    /**
     * The rows of the current transaction not yet written. They travel with the transaction's own
     * synchronisation, so a {@code REQUIRES_NEW} transaction inside it collects and commits its own.
     */
    private PendingRows pending() {
        for (TransactionSynchronization synchronization : TransactionSynchronizationManager.getSynchronizations()) {
            if (synchronization instanceof PendingRows rows && rows.trail() == this) return rows;
        }
        PendingRows rows = new PendingRows();
        TransactionSynchronizationManager.registerSynchronization(rows);
        return rows;
    }

    private final class PendingRows implements TransactionSynchronization {
        private final List<AuditRecord> rows = new ArrayList<>();

        AuditTrail trail() { return AuditTrail.this; }

        void add(AuditRecord row) { rows.add(row); }

        @Override
        public void beforeCommit(boolean readOnly) {
            append(rows);
        }
    }

    /** Links the rows to the chain head and writes them, in the committing transaction. */
    private void append(List<AuditRecord> rows) {
        if (rows.isEmpty()) return;
        try {
            String waitBefore = database.isPostgres() ? boundLockWait() : null;
            String previous = jdbc.sql("select last_hash from audit_chain where id = 1 for update")
                    .query(String.class).single();
            long lastId = 0;
            for (AuditRecord row : rows) {
                String hash = row.hash(previous);
                lastId = insert(row, previous, hash);
                previous = hash;
            }
            jdbc.sql("update audit_chain set last_event_id = :id, last_hash = :hash where id = 1")
                    .param("id", lastId).param("hash", previous).update();
            if (waitBefore != null) {
                jdbc.sql("select set_config('lock_timeout', :wait, true)").param("wait", waitBefore).query(String.class).single();
            }
        } catch (RuntimeException e) {
            throw new AuditUnavailable(e);
        }
    }

    /**
     * Waits at most the configured time for the chain head (and the table) within this transaction;
     * returns the setting to restore. Without it one stuck transaction would stop every audited operation.
     */
    private @Nullable String boundLockWait() {
        if (settings.lockTimeout().isZero() || settings.lockTimeout().isNegative()) return null;
        String before = jdbc.sql("select current_setting('lock_timeout')").query(String.class).single();
        jdbc.sql("select set_config('lock_timeout', :wait, true)").param("wait", settings.lockTimeout().toMillis() + "ms")
                .query(String.class).single();
        return before;
    }

    private long insert(AuditRecord row, String previous, String hash) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("insert into audit_event (" + AuditRecord.COLUMNS + """
                , prev_hash, row_hash)
                values (:at, :actor, :units, :ip, :type, :objectType, :objectId, :planId, :outcome, :detail, :prev, :hash)
                """)
                .param("at", OffsetDateTime.ofInstant(row.occurredAt(), ZONE))
                .param("actor", row.actor())
                .param("units", row.actorUnits())
                .param("ip", row.clientIp())
                .param("type", row.eventType())
                .param("objectType", row.objectType())
                .param("objectId", row.objectId())
                .param("planId", row.planId())
                .param("outcome", row.outcome())
                .param("detail", row.detail())
                .param("prev", previous)
                .param("hash", hash)
                .update(keys, "id");
        Number id = keys.getKey();
        if (id == null) throw new IllegalStateException("no id for the audit row");
        return id.longValue();
    }

    /** The row as it will be stored and hashed: time to the microsecond, free text on one line and cut to size. */
    private AuditRecord entry(String actor, @Nullable String units, Event event) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return new AuditRecord(now, text(actor, 100), units, clientIp(), event.type(), event.objectType(),
                event.objectId() == null ? null : text(event.objectId().toString(), 64), event.planId(),
                event.outcome(), event.detail() == null ? null : text(event.detail(), Integer.MAX_VALUE));
    }

    /** The actor's bound units as {@code 3,17}, ascending; null when none is bound. */
    private static @Nullable String units(Collection<Long> unitIds) {
        if (unitIds.isEmpty()) return null;
        return truncate(unitIds.stream().sorted().map(String::valueOf).collect(Collectors.joining(",")), 1000);
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

    /**
     * Free text as stored: on one line, cut to the column's size, and valid UTF-8 (a lone surrogate
     * becomes {@code ?}), so the database keeps exactly the characters that were hashed.
     */
    private static String text(String value, int max) {
        String cut = truncate(oneLine(value), max);
        return new String(cut.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }

    /**
     * Line breaks are encoded so a value cannot forge a second record in any log view; NUL, which
     * PostgreSQL cannot store in text, is encoded too.
     */
    private static String oneLine(String text) {
        return text.replace("\r", "\\r").replace("\n", "\\n").replace("\u0000", "\\0");
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
