package org.xiezuo.ledger;

import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Merges the staged rows of one import into the ledger, in set-based SQL inside the import's
 * transaction (a handful of statements, whatever the number of rows): new persons, then — for the
 * first row of each natural key — an update when the facts differ (keeping the entry as it was, for a
 * rollback), an insert when the key is new, nothing when it repeats a record; every reporting unit
 * becomes an attribution. The same SQL runs on H2 and PostgreSQL (MERGE, window functions).
 */
final class Merge {

    /** How many duplicate rows and warnings an outcome lists by row; the counts are always exact. */
    static final int LISTED = 5000;

    private static final String FIRST_ROWS = """
            (select * from (select s.*, row_number() over (partition by s.natural_key order by s.row_no) rn
                            from ledger_staging s where s.job_id = :job) f where f.rn = 1)""";

    /**
     * From this many rows written into a ledger table, the merge analyses that table before the next
     * statement reads it (PostgreSQL only): planned on statistics from before the import, the later
     * statements probe the table by index once per row where a hash join reads it once.
     */
    static final int ANALYZE_AFTER = 10_000;

    private static final String ANALYZE_PERSONS = "analyze ledger_person";
    private static final String ANALYZE_ENTRIES = "analyze ledger_entry";

    /**
     * In one pass over the staged rows (the first row per key computed once, not once per count): all
     * staged rows, the first rows, first rows that repeat an entry with the same facts, first rows whose
     * key is not in the ledger yet.
     */
    private static final String COUNTS = """
            select count(*),
                   count(case when s.rn = 1 then 1 end),
                   count(case when s.rn = 1 and e.facts = s.facts then 1 end),
                   count(case when s.rn = 1 and e.id is null then 1 end)
            from (select x.natural_key, x.facts, row_number() over (partition by x.natural_key order by x.row_no) rn
                  from ledger_staging x where x.job_id = :job) s
            left join ledger_entry e on s.rn = 1 and e.plan_id = :plan and e.kind = :kind and e.natural_key = s.natural_key""";

    private final JdbcClient jdbc;
    private final String jobId;
    private final long planId;
    private final LedgerKind kind;
    private final boolean postgres;

    Merge(JdbcClient jdbc, String jobId, long planId, LedgerKind kind, boolean postgres) {
        this.jdbc = jdbc;
        this.jobId = jobId;
        this.planId = planId;
        this.kind = kind;
        this.postgres = postgres;
    }

    record Result(int accepted, int updated, int duplicates, List<ImportOutcome.Duplicate> duplicateRows,
                  List<RowProblem> warnings) {}

    Result run(@Nullable Long batchId, String actor, Instant now) {
        Timestamp at = Timestamp.from(now);
        if (kind.persons() && insertPersons(at) >= ANALYZE_AFTER) analyze(ANALYZE_PERSONS);
        List<RowProblem> warnings = kind.persons() ? nameConflicts() : List.of();
        List<ImportOutcome.Duplicate> duplicateRows = new ArrayList<>(inFileDuplicates());
        int[] counts = jdbc.sql(COUNTS).params(params())
                .query((rs, n) -> new int[] {rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getInt(4)}).single();
        int inFile = counts[0] - counts[1];
        int inDatabase = counts[2];
        if (duplicateRows.size() < LISTED) {
            jdbc.sql("select s.row_no from " + FIRST_ROWS + " s join ledger_entry e on e.plan_id = :plan and e.kind = :kind"
                            + " and e.natural_key = s.natural_key where e.facts = s.facts order by s.row_no")
                    .params(params()).query(Integer.class).stream().limit(LISTED - duplicateRows.size())
                    .forEach(row -> duplicateRows.add(new ImportOutcome.Duplicate(row, null)));
            duplicateRows.sort(java.util.Comparator.comparingInt(ImportOutcome.Duplicate::row));
        }
        int updated = keepBeforeImages(batchId);
        int accepted = counts[3]; // keys not in the ledger yet: keepBeforeImages changed no entry
        if (merge(batchId, actor, at) >= ANALYZE_AFTER) analyze(ANALYZE_ENTRIES);
        attribute(batchId);
        return new Result(accepted, updated, inFile + inDatabase, duplicateRows, warnings);
    }

    /** ANALYZE sees the rows this transaction wrote; H2 plans without such statistics and is left alone. */
    private void analyze(String statement) {
        if (postgres) jdbc.sql(statement).update();
    }

    private int insertPersons(Timestamp at) {
        return jdbc.sql("""
                insert into ledger_person (plan_id, id_hash, id_cipher, id_key, id_mask, person_name, phone_cipher, phone_key,
                                           phone_mask, created_at)
                select :plan, x.id_hash, x.id_cipher, x.id_key, x.id_mask, x.person_name, x.phone_cipher, x.phone_key,
                       x.phone_mask, :at
                from (select s.*, row_number() over (partition by s.id_hash order by s.row_no) pn
                      from ledger_staging s where s.job_id = :job and s.id_hash is not null) x
                where x.pn = 1 and not exists (select 1 from ledger_person p where p.plan_id = :plan and p.id_hash = x.id_hash)""")
                .params(params()).param("at", at).update();
    }

    /** The same ID under another name: a warning, never a refusal (one of the names is probably mistyped). */
    private List<RowProblem> nameConflicts() {
        return jdbc.sql("""
                select s.row_no, p.person_name from ledger_staging s
                join ledger_person p on p.plan_id = :plan and p.id_hash = s.id_hash
                where s.job_id = :job and p.person_name <> s.person_name order by s.row_no""")
                .params(params())
                .query((rs, n) -> new RowProblem(rs.getInt(1), "姓名", null,
                        "与已有记录姓名不一致（同一身份证号已登记为“" + rs.getString(2) + "”），请核实"))
                .stream().limit(LISTED).toList();
    }

    private List<ImportOutcome.Duplicate> inFileDuplicates() {
        return jdbc.sql("""
                select row_no, first_row from (
                    select row_no, min(row_no) over (partition by natural_key) first_row
                    from ledger_staging where job_id = :job) x
                where row_no > first_row order by row_no""")
                .params(params())
                .query((rs, n) -> new ImportOutcome.Duplicate(rs.getInt(1), rs.getInt(2)))
                .stream().limit(LISTED).toList();
    }

    private static final String CHANGED = " from " + FIRST_ROWS + " s join ledger_entry e on e.plan_id = :plan and e.kind = :kind"
            + " and e.natural_key = s.natural_key where e.facts <> s.facts";

    /** Copies the entries this import will change, so that rolling the batch back restores them. */
    private int keepBeforeImages(@Nullable Long batchId) {
        if (batchId == null) return count("select count(*)" + CHANGED);
        return jdbc.sql("""
                insert into ledger_entry_before (batch_id, entry_id, unit_id, category, subject, region, starts_on, ends_on,
                    planned_end, months, amount, amount_unit, amount_yuan, n1, n2, n3, n4, flag, details, facts, updated_by, updated_at)
                select :batch, e.id, e.unit_id, e.category, e.subject, e.region, e.starts_on, e.ends_on, e.planned_end, e.months,
                       e.amount, e.amount_unit, e.amount_yuan, e.n1, e.n2, e.n3, e.n4, e.flag, e.details, e.facts,
                       e.updated_by, e.updated_at""" + CHANGED)
                .params(params()).param("batch", new SqlParameterValue(Types.BIGINT, batchId)).update();
    }

    private int merge(@Nullable Long batchId, String actor, Timestamp at) {
        return jdbc.sql(MERGE_ENTRIES)
                .params(params()).param("batch", new SqlParameterValue(Types.BIGINT, batchId)).param("actor", actor).param("at", at).update();
    }

    private static final String MERGE_ENTRIES = """
                merge into ledger_entry e
                using (select f.*, p.id as pid from """ + FIRST_ROWS + """
                 f
                       left join ledger_person p on p.plan_id = :plan and p.id_hash = f.id_hash) s
                on (e.plan_id = :plan and e.kind = :kind and e.natural_key = s.natural_key)
                when matched and e.facts <> s.facts then update set
                    person_id = s.pid, unit_id = coalesce(e.unit_id, s.unit_id), category = s.category, subject = s.subject,
                    region = s.region, starts_on = s.starts_on, ends_on = s.ends_on, planned_end = s.planned_end,
                    months = s.months, amount = s.amount, amount_unit = s.amount_unit, amount_yuan = s.amount_yuan,
                    n1 = s.n1, n2 = s.n2, n3 = s.n3, n4 = s.n4, flag = s.flag, details = s.details, facts = s.facts,
                    updated_by = :actor, updated_at = :at, version = e.version + 1
                when not matched then insert (plan_id, kind, natural_key, person_id, unit_id, batch_id, category, subject,
                    region, starts_on, ends_on, planned_end, months, amount, amount_unit, amount_yuan, n1, n2, n3, n4, flag,
                    details, facts, created_by, created_at, version)
                values (:plan, :kind, s.natural_key, s.pid, s.unit_id, :batch, s.category, s.subject, s.region, s.starts_on,
                    s.ends_on, s.planned_end, s.months, s.amount, s.amount_unit, s.amount_yuan, s.n1, s.n2, s.n3, s.n4,
                    s.flag, s.details, s.facts, :actor, :at, 0)""";

    /** Every unit that reported a record — on any row, repeats included — is an attribution of it. */
    private void attribute(@Nullable Long batchId) {
        jdbc.sql("""
                insert into ledger_attribution (entry_id, unit_id, batch_id)
                select x.id, x.unit_id, :batch from (
                    select distinct e.id, s.unit_id from ledger_staging s
                    join ledger_entry e on e.plan_id = :plan and e.kind = :kind and e.natural_key = s.natural_key
                    where s.job_id = :job and s.unit_id is not null) x
                where not exists (select 1 from ledger_attribution a where a.entry_id = x.id and a.unit_id = x.unit_id)""")
                .params(params()).param("batch", new SqlParameterValue(Types.BIGINT, batchId)).update();
    }

    private int count(String sql) {
        return jdbc.sql(sql).params(params()).query(Integer.class).single();
    }

    private java.util.Map<String, Object> params() {
        return java.util.Map.of("job", jobId, "plan", planId, "kind", kind.name());
    }
}
