package org.xiezuo.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Period;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xiezuo.audit.AuditTrail.Event;

/**
 * T58: rows older than the retention window are purged, never one younger than 184 days, the chain
 * still verifies from the checkpoint the purge leaves, and the scheduled purge runs under its ShedLock
 * lock. The contexts use {@link TestClock} and a configured retention of six months.
 */
abstract class AuditRetentionContract {

    @Autowired AuditTrail audit;
    @Autowired AuditRetention retention;
    @Autowired AuditIntegrity integrity;
    @Autowired AuditSettings settings;
    @Autowired TestClock clock;
    @Autowired JdbcClient jdbc;

    @BeforeEach
    void clockAtNow() {
        clock.set(TestClock.NOW);
    }

    /** Writes one row aged {@code days} before {@link TestClock#NOW} and returns its detail. */
    String rowAged(int days, String tag) {
        clock.daysBeforeNow(days);
        String detail = tag + "（" + days + "天前）";
        audit.recordAlone("tester", new Event("TEST_EVENT", "test", days, null, "SUCCESS", detail));
        clock.set(TestClock.NOW);
        return detail;
    }

    boolean kept(String detail) {
        return jdbc.sql("select count(*) from audit_event where detail = :d").param("d", detail).query(Long.class).single() == 1;
    }

    void assertVerifies() {
        ChainVerdict verdict = integrity.verify();
        assertThat(verdict.intact()).as(verdict.message()).isTrue();
        assertThat(verdict.rows()).isEqualTo(jdbc.sql("select count(*) from audit_event").query(Long.class).single());
    }

    @Test
    void T58_onlyRowsOlderThanTheWindowGoAndNeverOneYoungerThan184Days() {
        assertThat(settings.retention()).isEqualTo(Period.ofMonths(6));
        String aged400 = rowAged(400, "a");
        String aged185 = rowAged(185, "a");
        String aged183 = rowAged(183, "a");

        AuditRetention.Purge twelveMonths = retention.purge(Period.ofMonths(12));
        assertThat(kept(aged400)).isFalse();
        assertThat(kept(aged185)).as("inside twelve months").isTrue();
        assertThat(kept(aged183)).isTrue();
        assertThat(twelveMonths.deleted()).isPositive();
        assertVerifies();

        AuditRetention.Purge configured = retention.purge();
        assertThat(configured.cutoff()).as("six months are shorter than the floor here")
                .isEqualTo(TestClock.NOW.minus(java.time.Duration.ofDays(184)));
        assertThat(kept(aged185)).as("older than six months and than 184 days").isFalse();
        assertThat(kept(aged183)).as("younger than the 184-day floor").isTrue();
        assertVerifies();

        AuditRetention.Purge tooShort = retention.purge(Period.ofDays(30));
        assertThat(tooShort.deleted()).as("30 days are raised to the floor").isZero();
        assertThat(kept(aged183)).isTrue();
        assertVerifies();

        List<Long> checkpoints = jdbc.sql("select last_event_id from audit_checkpoint order by id").query(Long.class).list();
        assertThat(checkpoints).hasSize(2).isSorted();
        assertThat(jdbc.sql("select count(*) from audit_event where event_type = 'AUDIT_PURGED'").query(Long.class).single())
                .as("each purge that deleted rows is itself audited").isEqualTo(2);
    }

    @Test
    void T58_thePurgeStopsAtTheFirstRowInsideTheWindow() {
        String aged300 = rowAged(300, "b");
        String aged10 = rowAged(10, "b");
        String aged250 = rowAged(250, "b"); // an instance whose clock was far behind

        retention.purge(Period.ofMonths(6));

        assertThat(kept(aged300)).isFalse();
        assertThat(kept(aged10)).isTrue();
        assertThat(kept(aged250)).as("after a younger row: kept until the rows before it go").isTrue();
        assertVerifies();
    }

    @Test
    void T58_theScheduledPurgeRunsUnderItsLockAndASecondRunChangesNothing() {
        String aged400 = rowAged(400, "c");

        retention.purgeOnSchedule();
        long rowsAfterFirst = jdbc.sql("select count(*) from audit_event").query(Long.class).single();
        retention.purgeOnSchedule();
        retention.purge();

        assertThat(kept(aged400)).isFalse();
        var lock = jdbc.sql("select locked_by, lock_until from shedlock where name = 'audit.retention-purge'").query().singleRow();
        assertThat(lock.get("locked_by")).isNotNull();
        assertThat(jdbc.sql("select count(*) from audit_event").query(Long.class).single()).isEqualTo(rowsAfterFirst);
        assertVerifies();
    }
}
