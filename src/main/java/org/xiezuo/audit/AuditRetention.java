package org.xiezuo.audit;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.xiezuo.audit.AuditTrail.Event;
import org.xiezuo.shared.Actor;

import net.javacrumbs.shedlock.core.LockAssert;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;

/**
 * Deletes audit rows older than the retention period ({@code xiezuo.audit.retention}, default 12
 * months), never one younger than {@link #FLOOR}: 网络安全法 §21(三) asks for network logs to be kept
 * "不少于六个月", and six calendar months are up to 184 days.
 *
 * <p>Only the oldest rows go, as one unbroken run from the start of the chain: the purge stops at the
 * first row inside the window, even if later rows are older (clocks of several instances may differ by
 * a little). It then records a checkpoint — the last deleted row's id and hash — from which
 * {@link AuditIntegrity} verifies the rows that remain, and an {@code AUDIT_PURGED} row in the trail.
 * Running it again deletes nothing more, so a repeated or overlapping run does no harm.
 */
@Component
class AuditRetention {

    /** The shortest retention, whatever is configured. */
    static final Period FLOOR = Period.ofDays(184);

    private static final Logger log = LoggerFactory.getLogger(AuditRetention.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xxx");

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final AuditTrail audit;
    private final AuditDatabase database;
    private final AuditSettings settings;
    private final Clock clock;

    AuditRetention(JdbcClient jdbc, PlatformTransactionManager transactions, AuditTrail audit, AuditDatabase database,
                   AuditSettings settings, Clock clock) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.audit = audit;
        this.database = database;
        this.settings = settings;
        this.clock = clock;
    }

    /** What one purge did: the cut-off it applied and the rows it deleted, up to and including {@code lastEventId}. */
    record Purge(Instant cutoff, long deleted, @Nullable Long lastEventId) {}

    /** Daily (Asia/Shanghai), on one instance at a time; {@code lockAtLeastFor} covers clocks a little apart. */
    @Scheduled(cron = "${xiezuo.audit.purge-cron}", zone = "Asia/Shanghai")
    @SchedulerLock(name = "audit.retention-purge", lockAtMostFor = "PT30M", lockAtLeastFor = "PT1M")
    void purgeOnSchedule() {
        LockAssert.assertLocked();
        Purge purge = purge();
        if (purge.deleted() > 0) {
            log.info("Audit retention: deleted {} rows older than {} (up to id {})", purge.deleted(), purge.cutoff(),
                    purge.lastEventId());
        }
    }

    /** Purges with the configured retention. */
    Purge purge() {
        return purge(settings.retention());
    }

    /** Purges rows older than {@code retention} before now, or older than the floor if that is longer. */
    Purge purge(Period retention) {
        Instant cutoff = cutoff(clock.instant(), retention);
        Purge purge = transaction.execute(status -> purgeBefore(cutoff));
        if (purge == null) throw new IllegalStateException("purge returned nothing");
        return purge;
    }

    /** The earlier of now − retention and now − {@link #FLOOR}, in calendar terms of Asia/Shanghai. */
    static Instant cutoff(Instant now, Period retention) {
        ZonedDateTime local = now.atZone(AuditTrail.ZONE);
        Instant configured = local.minus(retention).toInstant();
        Instant floor = local.minus(FLOOR).toInstant();
        return configured.isBefore(floor) ? configured : floor;
    }

    private Purge purgeBefore(Instant cutoff) {
        OffsetDateTime at = OffsetDateTime.ofInstant(cutoff, AuditTrail.ZONE);
        Long last = jdbc.sql("""
                        select max(id) from audit_event
                        where id < coalesce((select min(id) from audit_event where occurred_at >= :cutoff), :beyond)
                        """)
                .param("cutoff", at).param("beyond", Long.MAX_VALUE)
                .query(Long.class).optional().orElse(null);
        if (last == null) return new Purge(cutoff, 0, null);
        String hash = jdbc.sql("select row_hash from audit_event where id = :id").param("id", last)
                .query(String.class).single();
        if (database.isPostgres()) {
            // The narrow way through the append-only trigger (V2_2_2__audit_append_only.sql): this
            // transaction only, and the trigger still refuses rows younger than the floor.
            jdbc.sql("select set_config('xiezuo.audit_purge', 'on', true)").query(String.class).single();
        }
        int deleted = jdbc.sql("delete from audit_event where id <= :last").param("last", last).update();
        jdbc.sql("""
                        insert into audit_checkpoint (created_at, last_event_id, last_hash, purged_rows, cutoff)
                        values (:now, :last, :hash, :deleted, :cutoff)
                        """)
                .param("now", OffsetDateTime.now(clock.withZone(AuditTrail.ZONE))).param("last", last)
                .param("hash", hash).param("deleted", deleted).param("cutoff", at)
                .update();
        audit.record(Actor.system(), new Event("AUDIT_PURGED", "audit-log", last, null, "SUCCESS",
                "清理 %s 之前的审计记录 %d 条，至 id=%d（哈希 %s），此后自该检查点校验".formatted(
                        TIME.format(at), deleted, last, hash)));
        return new Purge(cutoff, deleted, last);
    }
}
