package org.xiezuo.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.support.TransactionTemplate;
import org.xiezuo.support.ForkedCommand;
import org.xiezuo.support.PostgresSchema;
import org.xiezuo.support.PostgresTest;

/**
 * {@link AuditChainContract} on real PostgreSQL, and T56: the database itself refuses UPDATE, DELETE and
 * TRUNCATE of audit rows from the application's connection; a row changed behind the trigger (by the
 * table's owner, who may disable it) is named by the verifier and by {@code audit-verify}.
 */
@PostgresTest
class AuditChainPostgresTests extends AuditChainContract {

    @Autowired Environment environment;

    /** The owner (here the test role) disables the row trigger for one transaction, as a superuser could. */
    @Override
    void alterDetail(long id, String detail) {
        new TransactionTemplate(transactions).executeWithoutResult(s -> {
            jdbc.sql("alter table audit_event disable trigger audit_event_append_only").update();
            jdbc.sql("update audit_event set detail = :detail where id = :id").param("detail", detail).param("id", id).update();
            jdbc.sql("alter table audit_event enable trigger audit_event_append_only").update();
        });
    }

    private void refused(String sql, long id) {
        refusedByTheTrigger(() -> new TransactionTemplate(transactions).executeWithoutResult(
                s -> jdbc.sql(sql).param("id", id).update()));
    }

    private static void refusedByTheTrigger(ThrowingCallable statement) {
        assertThatThrownBy(statement)
                .isInstanceOf(DataAccessException.class)
                .satisfies(e -> assertThat(((DataAccessException) e).getMostSpecificCause().getMessage())
                        .contains("审计日志只可追加"));
    }

    @Test
    void T56_updateDeleteAndTruncateFromTheApplicationAreRefusedByTheDatabase() {
        long id = recordInTransaction(REPORTER, "不可更改");
        String hash = jdbc.sql("select row_hash from audit_event where id = :id").param("id", id).query(String.class).single();
        long rows = rows();

        refused("update audit_event set detail = '改' where id = :id", id);
        refused("update audit_event set actor = actor where id = :id", id);
        refused("delete from audit_event where id = :id", id);
        refused("delete from audit_event where id >= :id", id);
        refusedByTheTrigger(() -> new TransactionTemplate(transactions).executeWithoutResult(
                s -> jdbc.sql("truncate audit_event").update()));
        refusedByTheTrigger(() -> new TransactionTemplate(transactions).executeWithoutResult(
                s -> jdbc.sql("truncate audit_checkpoint").update()));

        assertThat(rows()).isEqualTo(rows);
        assertThat(jdbc.sql("select row_hash from audit_event where id = :id").param("id", id).query(String.class).single())
                .isEqualTo(hash);
        assertThat(integrity.verify().intact()).isTrue();
    }

    @Test
    void T56_evenThePurgesWayThroughRefusesARowYoungerThanTheFloor() {
        long id = recordInTransaction(REPORTER, "新记录");

        refusedByTheTrigger(() -> new TransactionTemplate(transactions).executeWithoutResult(s -> {
            jdbc.sql("select set_config('xiezuo.audit_purge', 'on', true)").query(String.class).single();
            jdbc.sql("delete from audit_event where id = :id").param("id", id).update();
        }));
        refused("update audit_event set detail = '改' where id = :id", id);

        assertThat(jdbc.sql("select count(*) from audit_event where id = :id").param("id", id).query(Long.class).single())
                .isOne();
    }

    @Test
    void T56_aRowAlteredBehindTheTriggerIsNamedByTheVerifierAndTheCommand() throws Exception {
        recordInTransaction(REPORTER, "之前");
        long target = recordInTransaction(REPORTER, "原文");
        recordInTransaction(REPORTER, "之后");
        long position = jdbc.sql("select count(*) from audit_event where id <= :id").param("id", target)
                .query(Long.class).single();

        alterDetail(target, "事后改写");
        try {
            ChainVerdict verdict = integrity.verify();
            assertThat(verdict.firstBreak()).isNotNull();
            assertThat(verdict.firstBreak().eventId()).isEqualTo(target);
            assertThat(verdict.firstBreak().position()).isEqualTo(position);

            ForkedCommand run = ForkedCommand.run("audit-verify", "--spring.datasource.url=" + PostgresSchema.url()
                            + (PostgresSchema.url().contains("?") ? "&" : "?") + "currentSchema="
                            + environment.getProperty("xiezuo.test.schema"),
                    "--spring.datasource.username=" + PostgresSchema.user(),
                    "--spring.datasource.password=" + PostgresSchema.password());
            assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
            assertThat(run.out()).isEmpty();
            assertThat(run.err().strip()).startsWith("xiezuo audit-verify: 审计日志在第 " + position + " 条记录（id=" + target + "，时间 ")
                    .contains("处被篡改").doesNotContain("\n");
        } finally {
            alterDetail(target, "原文");
        }
        assertThat(integrity.verify().intact()).isTrue();
    }
}
