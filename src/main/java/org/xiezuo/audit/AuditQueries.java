package org.xiezuo.audit;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import org.xiezuo.audit.AuditTrail.Event;
import org.xiezuo.shared.Access;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.BusinessRuleViolation;
import org.xiezuo.shared.Permission;

/**
 * The auditor's reading of the trail: search and export (等保 8.1.4.3; 三员: only the audit
 * administrator reads it). Both need {@link Permission#AUDIT_READ}; both are audited themselves
 * ({@code AUDIT_QUERIED}, {@code AUDIT_EXPORTED}) with the filter and the row count, in the same
 * transaction as the read — and so is a refused attempt, in a transaction of its own.
 */
@Component
public class AuditQueries {

    private static final int BATCH = 1000;
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xxx");

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final AuditSettings settings;
    private final MessageSource messages;
    private final Clock clock;
    private final TransactionTemplate transaction;

    AuditQueries(JdbcClient jdbc, AuditTrail audit, AuditSettings settings, MessageSource messages, Clock clock,
                 PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.audit = audit;
        this.settings = settings;
        this.messages = messages;
        this.clock = clock;
    }

    /** One page of the rows matching the filter, newest first; {@code page} counts from 0. */
    @Transactional
    public AuditPage search(Actor actor, AuditFilter filter, int page) {
        requireReader(actor, "AUDIT_QUERIED", filter);
        Where where = Where.of(filter);
        int size = Math.max(1, settings.pageSize());
        int number = Math.max(0, page);
        long total = count(where);
        List<AuditEntry> items = jdbc.sql("select " + AuditEntry.COLUMNS + " from audit_event" + where.sql()
                        + " order by id desc limit :limit offset :offset")
                .params(where.params()).param("limit", size).param("offset", (long) number * size)
                .query((rs, n) -> AuditEntry.read(rs)).list();
        audit.record(actor, new Event("AUDIT_QUERIED", "audit-log", null, null, "SUCCESS",
                "查询条件：" + filter.describe() + "；共 " + total + " 条，显示第 " + (number + 1) + " 页 " + items.size() + " 条"));
        return new AuditPage(items, number, size, total);
    }

    /**
     * The rows matching the filter as an .xlsx, newest first, refused when there are more than the
     * configured limit. The read and its audit row commit before the export is handed out, so the chain
     * head is not held while the file is sent; the caller writes the export and closes it.
     */
    public AuditExport export(Actor actor, AuditFilter filter) {
        requireReader(actor, "AUDIT_EXPORTED", filter);
        AuditWorkbook workbook = new AuditWorkbook();
        try {
            LocalDateTime now = LocalDateTime.now(clock.withZone(AuditTrail.ZONE));
            transaction.executeWithoutResult(status -> {
                Where where = Where.of(filter);
                long total = count(where);
                if (total > settings.exportRowLimit()) {
                    audit.recordAlone(actor.name(), new Event("AUDIT_EXPORTED", "audit-log", null, null, "FAILURE",
                            "查询条件：" + filter.describe() + "；共 " + total + " 条，超过导出上限，未导出"));
                    throw new BusinessRuleViolation("audit.export.too-many",
                            "查询结果共 %d 条，超过导出上限 %d 条，请缩小查询范围后再导出".formatted(total, settings.exportRowLimit()));
                }
                fill(workbook, where);
                workbook.describe(List.of(
                        new String[] {"查询条件", filter.describe()},
                        new String[] {"记录数", String.valueOf(workbook.rows())},
                        new String[] {"导出人", actor.name()},
                        new String[] {"导出时间", TIME.format(now.atZone(AuditTrail.ZONE))}));
                audit.record(actor, new Event("AUDIT_EXPORTED", "audit-log", null, null, "SUCCESS",
                        "查询条件：" + filter.describe() + "；导出 " + workbook.rows() + " 条"));
            });
            return new AuditExport(workbook, "审计日志-" + FILE_TIME.format(now) + ".xlsx");
        } catch (RuntimeException e) {
            new AuditExport(workbook, "").close();
            throw e;
        }
    }

    /** The event types present in the trail, for the search form. */
    @Transactional(readOnly = true)
    public List<String> eventTypes(Actor actor) {
        Access.require(actor, Permission.AUDIT_READ);
        return jdbc.sql("select distinct event_type from audit_event order by event_type").query(String.class).list();
    }

    /** Reads newest first in batches below the last id seen, so memory stays flat. */
    private void fill(AuditWorkbook workbook, Where where) {
        long below = Long.MAX_VALUE;
        List<AuditEntry> batch;
        do {
            batch = jdbc.sql("select " + AuditEntry.COLUMNS + " from audit_event" + where.and("id < :below")
                            + " order by id desc limit :batch")
                    .params(where.params()).param("below", below).param("batch", BATCH)
                    .query((rs, n) -> AuditEntry.read(rs)).list();
            for (AuditEntry entry : batch) {
                workbook.add(entry, label("audit." + entry.eventType(), entry.eventType()),
                        label("audit.outcome." + entry.outcome(), entry.outcome()));
                below = entry.id();
            }
        } while (batch.size() == BATCH);
    }

    private long count(Where where) {
        return jdbc.sql("select count(*) from audit_event" + where.sql()).params(where.params()).query(Long.class).single();
    }

    private String label(String key, String fallback) {
        return messages.getMessage(key, null, fallback, Locale.SIMPLIFIED_CHINESE);
    }

    /** Refuses all but the audit administrator; the refusal is itself an audit row. */
    private void requireReader(Actor actor, String eventType, AuditFilter filter) {
        if (!Access.permits(actor, Permission.AUDIT_READ)) {
            audit.recordAlone(actor.name(), new Event(eventType, "audit-log", null, null, "DENIED",
                    "没有查阅审计日志的权限；查询条件：" + filter.describe()));
        }
        Access.require(actor, Permission.AUDIT_READ);
    }

    /** The filter as SQL: fixed clauses, every value a bound parameter. */
    private record Where(List<String> clauses, Map<String, Object> params) {

        static Where of(AuditFilter filter) {
            List<String> clauses = new ArrayList<>();
            Map<String, Object> params = new LinkedHashMap<>();
            add(clauses, params, "occurred_at >= :from", "from", filter.from());
            add(clauses, params, "occurred_at < :until", "until", filter.until());
            add(clauses, params, "actor = :actor", "actor", filter.actor());
            add(clauses, params, "event_type = :eventType", "eventType", filter.eventType());
            add(clauses, params, "object_type = :objectType", "objectType", filter.objectType());
            add(clauses, params, "object_id = :objectId", "objectId", filter.objectId());
            add(clauses, params, "outcome = :outcome", "outcome", filter.outcome());
            return new Where(List.copyOf(clauses), Map.copyOf(params));
        }

        private static void add(List<String> clauses, Map<String, Object> params, String clause, String name,
                                @Nullable Object value) {
            if (value == null) return;
            clauses.add(clause);
            params.put(name, value);
        }

        String sql() {
            return clauses.isEmpty() ? "" : " where " + String.join(" and ", clauses);
        }

        /** The filter with one more clause. */
        String and(String clause) {
            List<String> all = new ArrayList<>(clauses);
            all.add(clause);
            return " where " + String.join(" and ", all);
        }
    }
}
