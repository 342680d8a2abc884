package org.xiezuo.ledger;

import java.sql.Date;
import java.time.Clock;
import java.time.LocalDate;
import java.time.Period;
import java.util.EnumMap;
import java.util.Map;

import net.javacrumbs.shedlock.core.LockAssert;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.xiezuo.audit.AuditTrail;
import org.xiezuo.audit.AuditTrail.Event;
import org.xiezuo.shared.Actor;

/**
 * Deletes ledger records older than their kind's retention period ({@code xiezuo.ledger.retention.KIND},
 * e.g. {@code employment=P5Y}; unset — the default — keeps everything): a record's age counts from its
 * end date, or its start date when it has none. Runs daily under ShedLock, so on one instance at a time;
 * each kind's purge is one audited transaction, and persons left without records go with them.
 */
@Component
class LedgerRetention {

    private final LedgerSettings settings;
    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final Clock clock;

    LedgerRetention(LedgerSettings settings, JdbcClient jdbc, AuditTrail audit, Clock clock) {
        this.settings = settings;
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    @Scheduled(cron = "${xiezuo.ledger.purge-cron:0 45 3 * * *}", zone = "Asia/Shanghai")
    @SchedulerLock(name = "ledger.retention-purge", lockAtMostFor = "PT30M", lockAtLeastFor = "PT1M")
    void purgeOnSchedule() {
        LockAssert.assertLocked();
        purge();
    }

    /** Purges every kind that has a retention period; returns the number of records deleted per kind. */
    @Transactional
    Map<LedgerKind, Integer> purge() {
        Map<LedgerKind, Integer> deleted = new EnumMap<>(LedgerKind.class);
        LocalDate today = LocalDate.now(clock.withZone(LedgerImports.CHINA));
        settings.retention().forEach((kind, period) -> {
            Date before = Date.valueOf(today.minus(period));
            jdbc.sql("""
                    delete from ledger_entry_before where entry_id in (
                        select id from ledger_entry where kind = :kind and coalesce(ends_on, starts_on) < :before)""")
                    .param("kind", kind.name()).param("before", before).update();
            int count = jdbc.sql("delete from ledger_entry where kind = :kind and coalesce(ends_on, starts_on) < :before")
                    .param("kind", kind.name()).param("before", before).update();
            if (count > 0) {
                LedgerScope.removeOrphanPersons(jdbc, null);
                audit.record(Actor.system(), Event.success("LEDGER_PURGED", "ledger", kind.code(), null,
                        kind.label() + "台账：删除" + before.toLocalDate() + "之前结束的记录" + count + "条（保存期限" + period + "）"));
            }
            deleted.put(kind, count);
        });
        return deleted;
    }
}
