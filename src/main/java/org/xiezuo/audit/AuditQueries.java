package org.xiezuo.audit;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
        int size = Math.max(1, settings.pageSize());
        int number = Math.max(0, page);
        long total = count(filter);
        List<AuditEntry> items = jdbc.sql("select " + AuditEntry.COLUMNS + MATCHING + " order by id desc limit :limit offset :offset")
                .params(criteria(filter, Long.MAX_VALUE)).param("limit", size).param("offset", (long) number * size)
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
                long total = count(filter);
                if (total > settings.exportRowLimit()) {
                    audit.recordAlone(actor, new Event("AUDIT_EXPORTED", "audit-log", null, null, "FAILURE",
                            "查询条件：" + filter.describe() + "；共 " + total + " 条，超过导出上限，未导出"));
                    throw new BusinessRuleViolation("audit.export.too-many",
                            "查询结果共 %d 条，超过导出上限 %d 条，请缩小查询范围后再导出".formatted(total, settings.exportRowLimit()));
                }
                fill(workbook, filter);
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
    private void fill(AuditWorkbook workbook, AuditFilter filter) {
        long below = Long.MAX_VALUE;
        List<AuditEntry> batch;
        do {
            batch = jdbc.sql("select " + AuditEntry.COLUMNS + MATCHING + " order by id desc limit :batch")
                    .params(criteria(filter, below)).param("batch", BATCH)
                    .query((rs, n) -> AuditEntry.read(rs)).list();
            for (AuditEntry entry : batch) {
                workbook.add(entry, label("audit." + entry.eventType(), entry.eventType()),
                        label("audit.outcome." + entry.outcome(), entry.outcome()));
                below = entry.id();
            }
        } while (batch.size() == BATCH);
    }

    private long count(AuditFilter filter) {
        return jdbc.sql("select count(*)" + MATCHING).params(criteria(filter, Long.MAX_VALUE)).query(Long.class).single();
    }

    private String label(String key, String fallback) {
        return messages.getMessage(key, null, fallback, Locale.SIMPLIFIED_CHINESE);
    }

    /** Refuses all but the audit administrator; the refusal is itself an audit row. */
    private void requireReader(Actor actor, String eventType, AuditFilter filter) {
        if (!Access.permits(actor, Permission.AUDIT_READ)) {
            audit.recordAlone(actor, new Event(eventType, "audit-log", null, null, "DENIED",
                    "没有查阅审计日志的权限；查询条件：" + filter.describe()));
        }
        Access.require(actor, Permission.AUDIT_READ);
    }

    /**
     * The filter as one fixed SQL text: an absent criterion is a null parameter that switches its clause
     * off, every value is bound, nothing is ever appended to the SQL.
     */
    static final String MATCHING = """
             from audit_event
            where (cast(:from as timestamp with time zone) is null or occurred_at >= :from)
              and (cast(:until as timestamp with time zone) is null or occurred_at < :until)
              and (cast(:actor as varchar(100)) is null or actor = :actor)
              and (cast(:eventType as varchar(60)) is null or event_type = :eventType)
              and (cast(:objectType as varchar(60)) is null or object_type = :objectType)
              and (cast(:objectId as varchar(64)) is null or object_id = :objectId)
              and (cast(:outcome as varchar(20)) is null or outcome = :outcome)
              and id < :below
            """;

    /** The bound values of {@link #MATCHING}; {@code below} limits the ids (the export reads in batches). */
    private static Map<String, Object> criteria(AuditFilter filter, long below) {
        Map<String, Object> params = new HashMap<>();
        params.put("from", filter.from());
        params.put("until", filter.until());
        params.put("actor", filter.actor());
        params.put("eventType", filter.eventType());
        params.put("objectType", filter.objectType());
        params.put("objectId", filter.objectId());
        params.put("outcome", filter.outcome());
        params.put("below", below);
        return params;
    }
}
