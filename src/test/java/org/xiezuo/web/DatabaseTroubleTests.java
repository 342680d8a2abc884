package org.xiezuo.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.TransactionSystemException;

/** Which failures read as "系统繁忙，请稍后重试" (T71) and which stay what they are. */
class DatabaseTroubleTests {

    @Test
    void lostConnectionsAndRetryableFailuresAreBusyButStaleVersionsAndBadStatementsAreNot() {
        SQLException terminated = new SQLException("FATAL: terminating connection due to administrator command", "57P01");
        assertThat(DatabaseTrouble.connectionLost(new DataAccessResourceFailureException("x", terminated))).isTrue();
        assertThat(DatabaseTrouble.connectionLost(new CannotGetJdbcConnectionException("x", new SQLException("refused", "08001"))))
                .isTrue();
        assertThat(DatabaseTrouble.connectionLost(new TransactionSystemException("JDBC rollback failed",
                new SQLException("Connection is closed")))).as("a rollback on a dead connection").isTrue();
        TransactionSystemException overridden = new TransactionSystemException("commit failed");
        overridden.initApplicationException(new DataAccessResourceFailureException("x", terminated));
        assertThat(DatabaseTrouble.connectionLost(overridden)).isTrue();

        CannotAcquireLockException lockTimeout = new CannotAcquireLockException("x", new SQLException("lock timeout", "55P03"));
        assertThat(DatabaseTrouble.connectionLost(lockTimeout)).as("the audit's lock timeout stays 审计不可用").isFalse();
        assertThat(DatabaseTrouble.transientFailure(lockTimeout)).isTrue();
        assertThat(DatabaseTrouble.transientFailure(new SQLException("deadlock detected", "40P01"))).isTrue();

        assertThat(DatabaseTrouble.transientFailure(new OptimisticLockingFailureException("stale"))).isFalse();
        assertThat(DatabaseTrouble.transientFailure(new BadSqlGrammarException("x", "select", new SQLException("no table", "42P01"))))
                .isFalse();
        assertThat(DatabaseTrouble.transientFailure(new DataIntegrityViolationException("duplicate"))).isFalse();
        assertThat(DatabaseTrouble.describe(new DataAccessResourceFailureException("select secret", terminated)))
                .isEqualTo("DataAccessResourceFailureException ← SQLException[57P01]").doesNotContain("secret");
    }
}
