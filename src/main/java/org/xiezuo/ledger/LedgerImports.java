package org.xiezuo.ledger;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.HexFormat;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.xiezuo.audit.AuditTrail;
import org.xiezuo.audit.AuditTrail.Event;
import org.xiezuo.ledger.personal.PersonalData;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.BusinessRuleViolation;
import org.xiezuo.shared.NotFound;
import org.xiezuo.shared.Permission;

/**
 * Imports ledger rows — a file or one record typed in — in one database transaction: every row is
 * checked and, while the file is read, written into the ledger as one batch attributed to the account and
 * its unit, de-duplicated in the application against the keys already in the ledger ({@link Ingest});
 * in strict mode one bad row stops the writing and refuses the whole file (the transaction rolls back).
 * Imports of the same plan and kind run one after another on any instance (a row lock; the kinds with
 * persons share one, see {@link #lockName}); the same file imported again adds nothing. A crash or a lost connection
 * rolls everything back; the job row then reads "导入中断，请重新导入".
 */
@Service
public class LedgerImports {

    static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final int PROGRESS_EVERY = 5000;

    private final LedgerScope scope;
    private final LedgerSettings settings;
    private final ImportJobs jobs;
    private final PersonalData personalData;
    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;
    private final AuditTrail audit;
    private final TransactionTemplate inOne;
    private final TransactionTemplate alone;
    private final Clock clock;

    LedgerImports(LedgerScope scope, LedgerSettings settings, ImportJobs jobs, PersonalData personalData, JdbcClient jdbc, JdbcTemplate jdbcTemplate,
                  AuditTrail audit, PlatformTransactionManager transactions, Clock clock) {
        this.scope = scope;
        this.settings = settings;
        this.jobs = jobs;
        this.personalData = personalData;
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
        this.audit = audit;
        this.inOne = new TransactionTemplate(transactions);
        this.alone = new TransactionTemplate(transactions);
        this.alone.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
    }

    /**
     * Imports an .xlsx ledger file as one batch (strict by default), reporting every bad row with its
     * row number, column and reason. {@code jobId} lets a page poll the progress (null: a new id).
     */
    public ImportOutcome importFile(Actor actor, long planId, LedgerKind kind, Path file, String fileName, ImportMode mode) {
        return importFile(actor, planId, kind, file, fileName, mode, null);
    }

    public ImportOutcome importFile(Actor actor, long planId, LedgerKind kind, Path file, String fileName, ImportMode mode,
                                    @Nullable String jobId) {
        String name = org.xiezuo.shared.FileNames.sanitise(fileName);
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new LedgerRefused("ledger.file", "无法读取文件“" + name + "”");
        }
        if (size == 0) throw new LedgerRefused("ledger.file", "文件“" + name + "”为空");
        if (size > settings.maxFileSize().toBytes()) {
            throw new LedgerRefused("ledger.file", "文件“" + name + "”超过" + settings.maxFileSize().toMegabytes() + "MB上限");
        }
        return run(actor, planId, kind, new FileInfo(name, sha256(file)), mode,
                new XlsxRows(file, kind.columns(), settings.limits()), jobId);
    }

    private static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) sha.update(buffer, 0, n);
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new LedgerRefused("ledger.file", "无法读取文件");
        }
    }

    /** The file's description for the batch: its name as uploaded and the SHA-256 of its bytes. */
    record FileInfo(String name, @Nullable String sha256) {}

    /**
     * Imports rows from a source as one batch. Throws {@link LedgerRefused} when the input is unusable
     * or, in strict mode, when any row is bad — nothing written either way.
     */
    ImportOutcome run(Actor actor, long planId, LedgerKind kind, FileInfo file, ImportMode mode, RowSource source,
                      @Nullable String jobIdOrNull) {
        PlanBook book = scope.plan(actor, Permission.LEDGER_EDIT, planId);
        String jobId = jobIdOrNull != null ? jobIdOrNull : UUID.randomUUID().toString();
        boolean tracked = file.sha256() != null;
        ensureLockRow(planId, kind);
        if (tracked) jobs.start(jobId, planId, kind, file.name(), actor.name());
        int[] rowsRead = {0};
        try {
            ImportOutcome outcome = inOne.execute(status -> importInTransaction(actor, book, kind, file, mode, source, jobId,
                    rowsRead, tracked));
            if (tracked) jobs.finish(jobId, ImportJobs.Status.DONE, outcome.rowsRead(), ImportReports.json(outcome));
            return outcome;
        } catch (LedgerRefused refused) {
            if (tracked) jobs.finish(jobId, ImportJobs.Status.REFUSED, rowsRead[0], ImportReports.json(refused));
            throw refused;
        } catch (RuntimeException | Error e) {
            if (tracked) jobs.finish(jobId, ImportJobs.Status.FAILED, rowsRead[0], ImportJobs.INTERRUPTED);
            throw e;
        }
    }

    private ImportOutcome importInTransaction(Actor actor, PlanBook book, LedgerKind kind, FileInfo file, ImportMode mode,
                                              RowSource source, String jobId, int[] rowsRead, boolean tracked) {
        long planId = book.plan().id();
        lock(planId, kind);
        Instant now = clock.instant();
        RowMapping mapping = new RowMapping(kind, LedgerScope.context(actor, book, LocalDate.now(clock.withZone(CHINA)), personalData));
        Long batchId = tracked ? newBatch(actor, planId, kind, file, mode, now) : null;
        List<RowProblem> rejected = new ArrayList<>();
        Set<Integer> badRows = new HashSet<>();
        List<String> fileWarnings;
        Ingest.Result merged;
        try (Ingest ingest = new Ingest(jdbcTemplate, new LedgerWriter.Target(planId, kind, batchId, actor.name(), Timestamp.from(now)))) {
            ingest.preload();
            fileWarnings = source.read(new RowSource.PreparingSink<Mapped>() {
                @Override
                public void expect(int rows) {
                    ingest.reserve(rows); // the key tables sized once, not grown step by step
                    if (tracked) jobs.expect(jobId, rows);
                }

                @Override
                public Mapped prepare(int rowNo, Map<String, @Nullable Object> values, List<RowProblem> cellProblems) {
                    return mapped(mapping, rowNo, values);
                }

                @Override
                public void prepared(int rowNo, Map<String, @Nullable Object> values, List<RowProblem> cellProblems,
                                     Mapped mapped) {
                    rowsRead[0]++;
                    EntryDraft draft = checked(source, cellProblems, mapped, rejected);
                    if (draft != null) {
                        // strict mode writes nothing once a row is bad (the import will be refused and rolled back)
                        if (mode != ImportMode.STRICT || rejected.isEmpty()) ingest.add(draft);
                    } else {
                        badRows.add(rowNo);
                    }
                    if (tracked && rowsRead[0] % PROGRESS_EVERY == 0) jobs.progress(jobId, rowsRead[0]);
                }
            });
            if (mode == ImportMode.STRICT && !rejected.isEmpty()) {
                throw new LedgerRefused("ledger.rows", "有" + badRows.size() + "行数据有误，整个文件未导入；请改正后重新导入，"
                        + "或选择“仅导入有效行”", sorted(rejected));
            }
            merged = ingest.finish();
        }
        if (batchId != null) {
            jdbc.sql("""
                    update ledger_batch set rows_read = :rows, accepted = :accepted, updated = :updated, duplicates = :duplicates,
                        rejected = :rejected, status = 'IMPORTED' where id = :id""")
                    .param("rows", rowsRead[0]).param("accepted", merged.accepted()).param("updated", merged.updated())
                    .param("duplicates", merged.duplicates()).param("rejected", badRows.size()).param("id", batchId).update();
        }
        String detail = kind.label() + "台账导入“" + file.name() + "”：新增" + merged.accepted() + "条，更新" + merged.updated()
                + "条，重复" + merged.duplicates() + "条，拒绝" + badRows.size() + "行（" + mode.label() + "）";
        audit.record(actor, Event.success("LEDGER_IMPORTED", batchId != null ? "ledger_batch" : "ledger",
                batchId != null ? batchId : (Object) kind.code(), planId, detail));
        return new ImportOutcome(jobId, batchId, rowsRead[0], merged.accepted(), merged.updated(), merged.duplicates(),
                merged.duplicateRows(), sorted(rejected), merged.warnings(), fileWarnings);
    }


    /** A row mapped: its draft (null when a rule failed) and the problems the mapping found. */
    record Mapped(@Nullable EntryDraft draft, List<RowProblem> problems) {}

    /** The row's own rules, keyed hash and keys: depends on nothing but the row, so it may run on another thread. */
    static Mapped mapped(RowMapping mapping, int rowNo, Map<String, @Nullable Object> values) {
        List<RowProblem> own = new ArrayList<>(0);
        EntryDraft draft = mapping.map(rowNo, values, own::add);
        return new Mapped(draft, own);
    }

    /**
     * The rest of a row's check, in file order: the problems of its cells and those the mapping found in
     * other columns go to {@code rejected} (with the column letter of the input); the draft when the row
     * may be written, else null.
     */
    static @Nullable EntryDraft checked(RowSource source, List<RowProblem> cellProblems, Mapped mapped, List<RowProblem> rejected) {
        if (cellProblems.isEmpty() && mapped.problems().isEmpty()) return mapped.draft(); // most rows: nothing to report
        Set<String> badColumns = new HashSet<>();
        for (RowProblem p : cellProblems) badColumns.add(String.valueOf(p.column()));
        rejected.addAll(cellProblems);
        EntryDraft draft = mapped.draft();
        for (RowProblem p : mapped.problems()) {
            if (badColumns.contains(String.valueOf(p.column()))) continue;
            rejected.add(p.letter() == null && p.column() != null
                    ? new RowProblem(p.row(), p.column(), source.letterOf(p.column()), p.message()) : p);
        }
        return cellProblems.isEmpty() ? draft : null;
    }

    /** The import's batch, written first so that its rows can refer to it (the transaction drops it with them). */
    private long newBatch(Actor actor, long planId, LedgerKind kind, FileInfo file, ImportMode mode, Instant now) {
        var keys = new org.springframework.jdbc.support.GeneratedKeyHolder();
        jdbc.sql("""
                insert into ledger_batch (plan_id, kind, file_name, file_sha256, unit_id, import_mode, rows_read, accepted,
                    updated, duplicates, rejected, status, created_by, created_at)
                values (:plan, :kind, :file, :sha, :unit, :mode, 0, 0, 0, 0, 0, 'IMPORTING', :actor, :now)""")
                .param("plan", planId).param("kind", kind.name()).param("file", file.name()).param("sha", file.sha256())
                .param("unit", new org.springframework.jdbc.core.SqlParameterValue(java.sql.Types.BIGINT,
                        actor.unitIds().size() == 1 ? actor.unitIds().iterator().next() : null))
                .param("mode", mode.name()).param("actor", actor.name()).param("now", Timestamp.from(now))
                .update(keys, "id");
        return java.util.Objects.requireNonNull(keys.getKey()).longValue();
    }

    /**
     * The name of the lock row a kind's imports and rollbacks take: its own, except that the kinds with
     * persons share one, because they share the plan's persons — two imports of different kinds adding the
     * same new person at once would otherwise both write it and the later one fail on the unique key, and a
     * rollback removing orphaned persons could remove one an import of the other kind has just counted on.
     */
    static String lockName(LedgerKind kind) {
        return kind.persons() ? "PERSONS" : kind.name();
    }

    /** The lock row exists before any import takes it; two first imports racing to create it both go on. */
    private void ensureLockRow(long planId, LedgerKind kind) {
        try {
            alone.executeWithoutResult(s -> jdbc.sql("""
                    insert into ledger_lock (plan_id, kind) select :plan, :kind
                    where not exists (select 1 from ledger_lock where plan_id = :plan and kind = :kind)""")
                    .param("plan", planId).param("kind", lockName(kind)).update());
        } catch (DataIntegrityViolationException raced) {
            // another import created it first
        }
    }

    private static List<RowProblem> sorted(List<RowProblem> problems) {
        return problems.stream().sorted(java.util.Comparator.comparingInt(RowProblem::row)).toList();
    }

    /** Rolls back a whole import batch: its new records removed, the records it changed restored. */
    public void rollBack(Actor actor, long batchId) {
        Map<String, Object> batch = jdbc.sql("select plan_id, kind, status, file_name from ledger_batch where id = :id")
                .param("id", batchId).query().listOfRows().stream().findFirst()
                .orElseThrow(() -> new NotFound("导入批次", batchId));
        long planId = ((Number) batch.get("plan_id")).longValue();
        scope.plan(actor, Permission.LEDGER_CONFIGURE, planId);
        LedgerKind kind = LedgerKind.valueOf((String) batch.get("kind"));
        inOne.executeWithoutResult(s -> {
            ensureLockRow(planId, kind);
            lock(planId, kind);
            String status = jdbc.sql("select status from ledger_batch where id = :id for update").param("id", batchId)
                    .query(String.class).single();
            if (!"IMPORTED".equals(status)) throw new BusinessRuleViolation("batch.state", "该批次已回滚，不能重复回滚");
            int later = jdbc.sql("""
                    select count(*) from ledger_entry_before b join ledger_batch lb on lb.id = b.batch_id
                    where b.batch_id > :id and lb.status = 'IMPORTED'
                      and b.entry_id in (select id from ledger_entry where batch_id = :id
                                         union select entry_id from ledger_entry_before where batch_id = :id)""")
                    .param("id", batchId).query(Integer.class).single();
            if (later > 0) {
                throw new BusinessRuleViolation("batch.later", "之后的导入批次又修改了本批次的" + later + "条记录，请先回滚之后的批次");
            }
            int restored = jdbc.sql("""
                    merge into ledger_entry e using (select * from ledger_entry_before where batch_id = :id) b on (e.id = b.entry_id)
                    when matched then update set unit_id = b.unit_id, category = b.category, subject = b.subject, region = b.region,
                        starts_on = b.starts_on, ends_on = b.ends_on, planned_end = b.planned_end, months = b.months, amount = b.amount,
                        amount_unit = b.amount_unit, amount_yuan = b.amount_yuan, n1 = b.n1, n2 = b.n2, n3 = b.n3, n4 = b.n4,
                        flag = b.flag, details = b.details, facts = b.facts, updated_by = b.updated_by, updated_at = b.updated_at,
                        version = e.version + 1""").param("id", batchId).update();
            jdbc.sql("delete from ledger_attribution where batch_id = :id").param("id", batchId).update();
            int removed = jdbc.sql("delete from ledger_entry where batch_id = :id").param("id", batchId).update();
            LedgerScope.removeOrphanPersons(jdbc, planId);
            jdbc.sql("update ledger_batch set status = 'ROLLED_BACK', rolled_back_by = :actor, rolled_back_at = :now where id = :id")
                    .param("actor", actor.name()).param("now", Timestamp.from(clock.instant())).param("id", batchId).update();
            audit.record(actor, Event.success("LEDGER_BATCH_ROLLED_BACK", "ledger_batch", batchId, planId,
                    kind.label() + "台账批次“" + batch.get("file_name") + "”已回滚：删除" + removed + "条，恢复" + restored + "条"));
        });
    }

    /** Takes the lock row of the plan and kind ({@link #lockName}) for the current transaction. */
    private void lock(long planId, LedgerKind kind) {
        jdbc.sql("select plan_id from ledger_lock where plan_id = :plan and kind = :kind for update")
                .param("plan", planId).param("kind", lockName(kind)).query(Long.class).single();
    }
}
