package org.xiezuo.web;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Tells a failure of the database as such — unreachable, connection dropped, or asking to retry — from a
 * failure of the request, by the exception and its causes (Spring's translation, the JDBC driver's
 * exception classes and SQLSTATE: class 08 connection exceptions, 57P01–57P03 server shutting down or
 * the session terminated, 53300 too many connections, 40001 serialisation, 40P01 deadlock). A rollback on
 * a dead connection fails too, and Spring then throws the rollback's exception with the original one at
 * best attached ({@link TransactionSystemException#getApplicationException()}, looked at as well) and at
 * worst only logged (a failure in a before-commit callback such as the audit trail's): a JDBC commit or
 * rollback that fails with an {@link SQLException} means the connection is gone — the pool's closed
 * connection says only "Connection is closed", without SQLSTATE — and the database rolls back what was
 * not committed. (A commit that broke off may have committed; a retry then meets the saved version.)
 */
final class DatabaseTrouble {

    /** What the user reads (SECURITY.md T71). */
    static final String MESSAGE = "系统繁忙，请稍后重试";
    static final String RETRY_AFTER_SECONDS = "5";

    private DatabaseTrouble() {}

    /** The connection to the database was lost or could not be had: nothing of the transaction was committed. */
    static boolean connectionLost(Throwable e) {
        for (Throwable t : chain(e)) {
            if (t instanceof CannotGetJdbcConnectionException || t instanceof CannotCreateTransactionException
                    || t instanceof SQLNonTransientConnectionException || t instanceof SQLRecoverableException
                    || t instanceof java.sql.SQLTransientConnectionException
                    || t instanceof TransactionSystemException && t.getCause() instanceof SQLException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")
                        || state.equals("53300")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** {@link #connectionLost}, or a failure the database says may succeed when retried. Never a stale version (409). */
    static boolean transientFailure(Throwable e) {
        if (connectionLost(e)) return true;
        for (Throwable t : chain(e)) {
            if (t instanceof OptimisticLockingFailureException) return false;
            if (t instanceof TransientDataAccessException || t instanceof DataAccessResourceFailureException
                    || t instanceof SQLTransientException) {
                return true;
            }
            if (t instanceof SQLException sql && ("40001".equals(sql.getSQLState()) || "40P01".equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    /** The exception, its causes, and the application exception a failed rollback carries (with its causes). */
    private static java.util.List<Throwable> chain(Throwable e) {
        java.util.List<Throwable> chain = new java.util.ArrayList<>();
        java.util.Deque<Throwable> next = new java.util.ArrayDeque<>(java.util.List.of(e));
        while (!next.isEmpty() && chain.size() < 50) {
            Throwable t = next.pop();
            if (chain.contains(t)) continue;
            chain.add(t);
            if (t instanceof TransactionSystemException system && system.getApplicationException() != null) {
                next.push(system.getApplicationException());
            }
            if (t.getCause() != null) next.push(t.getCause());
        }
        return chain;
    }

    /** The exception chain in one line for the log: class names and SQLSTATE, no SQL text or values. */
    static String describe(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t : chain(e)) {
            if (!text.isEmpty()) text.append(" ← ");
            text.append(t.getClass().getSimpleName());
            if (t instanceof SQLException sql && sql.getSQLState() != null) text.append('[').append(sql.getSQLState()).append(']');
        }
        return text.toString();
    }
}
