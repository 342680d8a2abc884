package org.xiezuo.ledger;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.NotFound;
import org.xiezuo.shared.Permission;

/**
 * The progress of imports as every request and instance sees it: a row per import, committed apart
 * from the import's own transaction and touched every few thousand rows. A job still RUNNING whose
 * heartbeat is older than {@link #STALE} was cut off (process killed, connection lost): it is shown as
 * interrupted, and since the import itself wrote in one transaction, nothing of it remains.
 */
@Component
public class ImportJobs {

    static final Duration STALE = Duration.ofMinutes(2);
    public static final String INTERRUPTED = "导入中断，请重新导入";

    public enum Status { RUNNING, DONE, REFUSED, FAILED }

    /** A job as listed: when the heartbeat is stale the status reads FAILED and the message says so. */
    public record Job(String id, long planId, LedgerKind kind, String fileName, Status status, int rowsRead,
                      @Nullable Integer rowsExpected, @Nullable String result, String startedBy, Instant startedAt,
                      @Nullable Instant finishedAt) {

        /** 0–100, or -1 when the number of rows is unknown. */
        public int percent() {
            if (status != Status.RUNNING) return 100;
            if (rowsExpected == null || rowsExpected == 0) return -1;
            return Math.min(99, (int) (100L * rowsRead / rowsExpected));
        }
    }

    private final JdbcClient jdbc;
    private final LedgerScope scope;
    private final TransactionTemplate alone;
    private final Clock clock;

    ImportJobs(JdbcClient jdbc, LedgerScope scope, PlatformTransactionManager transactions, Clock clock) {
        this.jdbc = jdbc;
        this.scope = scope;
        this.alone = new TransactionTemplate(transactions);
        this.alone.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
    }

    /** A running job; its row count comes with {@link #expect} once the reader has counted the rows. */
    void start(String id, long planId, LedgerKind kind, String fileName, String actor) {
        Timestamp now = Timestamp.from(clock.instant());
        alone.executeWithoutResult(s -> jdbc.sql("""
                insert into ledger_import_job (id, plan_id, kind, file_name, status, rows_read, rows_expected, started_by,
                                               started_at, heartbeat_at)
                values (:id, :plan, :kind, :file, 'RUNNING', 0, null, :actor, :now, :now)""")
                .param("id", id).param("plan", planId).param("kind", kind.name()).param("file", fileName)
                .param("actor", actor).param("now", now).update());
    }

    /** The number of rows the file holds, once the reader has counted them: the progress bar gets its end. */
    void expect(String id, int rowsExpected) {
        alone.executeWithoutResult(s -> jdbc.sql("update ledger_import_job set rows_expected = :expected where id = :id")
                .param("expected", rowsExpected).param("id", id).update());
    }

    void progress(String id, int rowsRead) {
        alone.executeWithoutResult(s -> jdbc.sql("update ledger_import_job set rows_read = :rows, heartbeat_at = :now where id = :id")
                .param("rows", rowsRead).param("now", Timestamp.from(clock.instant())).param("id", id).update());
    }

    void finish(String id, Status status, int rowsRead, String result) {
        Timestamp now = Timestamp.from(clock.instant());
        alone.executeWithoutResult(s -> jdbc.sql("""
                update ledger_import_job set status = :status, rows_read = :rows, result = :result, heartbeat_at = :now,
                       finished_at = :now where id = :id""")
                .param("status", status.name()).param("rows", rowsRead)
                .param("result", result.length() > 90_000 ? result.substring(0, 90_000) : result)
                .param("now", now).param("id", id).update());
    }

    public Optional<Job> find(String id) {
        return jdbc.sql("select * from ledger_import_job where id = :id").param("id", id).query(this::job).optional();
    }

    /**
     * A job as an actor may see it — what the import page's progress bar polls: the actor must read the
     * ledgers of the job's plan, and an account bound to units (reporter, unit head) sees only the jobs it
     * started, since a job's result names rows and cells of the uploaded file. Anything else is answered
     * exactly like a job that does not exist ({@link NotFound}).
     */
    public Job find(Actor actor, String id) {
        Job job = find(id).orElseThrow(() -> new NotFound("导入任务", id));
        PlanBook book = scope.plan(actor, Permission.LEDGER_READ, job.planId());
        if (!LedgerScope.wholeDistrict(actor, Permission.LEDGER_READ, book) && !job.startedBy().equals(actor.name())) {
            throw new NotFound("导入任务", id);
        }
        return job;
    }

    public List<Job> recent(long planId, int limit) {
        // the stream holds its connection until closed: outside a transaction an unclosed one is never returned to the pool
        try (java.util.stream.Stream<Job> jobs = jdbc.sql("select * from ledger_import_job where plan_id = :plan order by started_at desc")
                .param("plan", planId).query(this::job).stream()) {
            return jobs.limit(limit).toList();
        }
    }

    private Job job(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        Status status = Status.valueOf(rs.getString("status"));
        String result = rs.getString("result");
        Instant heartbeat = rs.getTimestamp("heartbeat_at").toInstant();
        if (status == Status.RUNNING && heartbeat.plus(STALE).isBefore(clock.instant())) {
            status = Status.FAILED;
            result = INTERRUPTED;
        }
        Timestamp finished = rs.getTimestamp("finished_at");
        int expectedRows = rs.getInt("rows_expected");
        Integer expected = rs.wasNull() ? null : expectedRows;
        return new Job(rs.getString("id"), rs.getLong("plan_id"), LedgerKind.valueOf(rs.getString("kind")),
                rs.getString("file_name"), status, rs.getInt("rows_read"), expected, result,
                rs.getString("started_by"), rs.getTimestamp("started_at").toInstant(),
                finished == null ? null : finished.toInstant());
    }
}
