package org.xiezuo.ledger;

import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

/**
 * Writes the checked rows of one import into the ledger as they arrive, inside the import's transaction
 * and under its ledger lock, de-duplicating in the application: the keys of the ledger's entries and of
 * the plan's persons are loaded first into {@link KeyTable}s (128-bit packed keys, no strings), then each
 * row is decided on the spot —
 * <ul>
 * <li>its person: known (a different name is a warning), or new, written once with the data of its first row;
 * <li>its record: a new key is a new entry (the first row of a key wins); a key of the ledger with the
 *     same facts is a duplicate, with other facts an update (the entry as it was kept for a rollback);
 *     a key seen earlier in the file is an in-file duplicate;
 * <li>its unit: an attribution of the record, unless already known.
 * </ul>
 * New persons, entries and attributions go out in chunks of {@value #CHUNK} rows through a
 * {@link LedgerWriter} (COPY on PostgreSQL), updates and the rare further attributions of existing
 * entries in JDBC batches keyed by natural key. Nothing is staged and nothing is merged afterwards: each
 * new row is written once, which is what the import costs at a million rows (PERFORMANCE.md W1).
 */
final class Ingest {

    /** Rows per chunk written together. */
    static final int CHUNK = 4096;

    /** How many duplicate rows and warnings an outcome lists by row; the counts are always exact. */
    static final int LISTED = 5000;

    private static final String ENTRY_KEYS = """
            select e.natural_key, e.facts, (select min(a.unit_id) from ledger_attribution a where a.entry_id = e.id)
            from ledger_entry e where e.plan_id = ? and e.kind = ?""";

    private static final String PERSON_KEYS = "select id_hash, id, person_name from ledger_person where plan_id = ?";

    private static final String PERSON_NAME = "select person_name from ledger_person where id = ?";

    private static final String BEFORE_IMAGE = """
            insert into ledger_entry_before (batch_id, entry_id, unit_id, category, subject, region, starts_on, ends_on,
                planned_end, months, amount, amount_unit, amount_yuan, n1, n2, n3, n4, flag, details, facts, updated_by, updated_at)
            select ?, e.id, e.unit_id, e.category, e.subject, e.region, e.starts_on, e.ends_on, e.planned_end, e.months,
                   e.amount, e.amount_unit, e.amount_yuan, e.n1, e.n2, e.n3, e.n4, e.flag, e.details, e.facts,
                   e.updated_by, e.updated_at
            from ledger_entry e where e.plan_id = ? and e.kind = ? and e.natural_key = ?""";

    private static final String UPDATE_ENTRY = """
            update ledger_entry set person_id = ?, unit_id = coalesce(unit_id, ?), category = ?, subject = ?, region = ?,
                starts_on = ?, ends_on = ?, planned_end = ?, months = ?, amount = ?, amount_unit = ?, amount_yuan = ?,
                n1 = ?, n2 = ?, n3 = ?, n4 = ?, flag = ?, details = ?, facts = ?, updated_by = ?, updated_at = ?,
                version = version + 1
            where plan_id = ? and kind = ? and natural_key = ?""";

    private static final String ATTRIBUTE = """
            insert into ledger_attribution (entry_id, unit_id, batch_id)
            select e.id, ?, ? from ledger_entry e where e.plan_id = ? and e.kind = ? and e.natural_key = ?
              and not exists (select 1 from ledger_attribution a where a.entry_id = e.id and a.unit_id = ?)""";

    record Result(int accepted, int updated, int duplicates, List<ImportOutcome.Duplicate> duplicateRows,
                  List<RowProblem> warnings) {}

    private final JdbcTemplate jdbc;
    private final LedgerWriter writer;
    private final LedgerWriter.Target target;

    /** Natural key → facts (64 bits, entries already in the ledger), first row + 1 in this file (0: not yet), a unit known to be attributed (0: none). */
    private final KeyTable entries;
    /** ID blind index → person id (negative: -(n + 1) for the n-th new person of the chunk), name hash. */
    private final KeyTable persons;

    // the chunk being gathered
    private int chunkRows;
    private final List<EntryDraft.Person> newPersons = new ArrayList<>();
    private int[] newPersonSlots = new int[CHUNK];
    private final List<EntryDraft> newEntries = new ArrayList<>();
    private final long[] newEntryPersons = new long[CHUNK];
    private final int[] attributedEntries = new int[CHUNK];
    private final long[] attributedUnits = new long[CHUNK];
    private int attributions;
    private final List<EntryDraft> updates = new ArrayList<>();
    private final long[] updatePersons = new long[CHUNK];
    private final List<String> furtherKeys = new ArrayList<>();
    private final List<Long> furtherUnits = new ArrayList<>();

    // the outcome
    private int accepted;
    private int updated;
    private int inFile;
    private int inLedger;
    private final List<ImportOutcome.Duplicate> inFileRows = new ArrayList<>();
    private final List<Integer> inLedgerRows = new ArrayList<>();
    private final int[] conflictRows = new int[LISTED];
    private final long[] conflictPersons = new long[LISTED];
    private int conflicts;
    private int chunkConflicts; // the first conflict of the chunk being gathered

    Ingest(JdbcTemplate jdbc, LedgerWriter.Target target, int expectedRows) {
        this.jdbc = jdbc;
        this.writer = LedgerWriter.of(jdbc, target);
        this.target = target;
        this.entries = new KeyTable(expectedRows, true);
        this.persons = new KeyTable(target.kind().persons() ? expectedRows : 0, false);
    }

    /** Loads the keys of the ledger's entries and of the plan's persons; call under the ledger's lock. */
    Ingest preload() {
        JdbcTemplate streaming = streaming();
        streaming.query(ENTRY_KEYS, (RowCallbackHandler) rs -> {
            long[] key = KeyTable.pack(rs.getString(1));
            int slot = entries.add(key[0], key[1]);
            entries.setLong(slot, KeyTable.packFacts(rs.getString(2)));
            long unit = rs.getLong(3);
            entries.setSecond(slot, rs.wasNull() ? 0 : unitInt(unit));
        }, target.planId(), target.kind().name());
        if (target.kind().persons()) {
            streaming.query(PERSON_KEYS, (RowCallbackHandler) rs -> {
                byte[] hash = rs.getBytes(1);
                int slot = persons.add(KeyTable.high(hash), KeyTable.low(hash));
                persons.setLong(slot, rs.getLong(2));
                persons.setInt(slot, KeyTable.textHash(rs.getString(3)));
            }, target.planId());
        }
        return this;
    }

    private JdbcTemplate streaming() {
        DataSource dataSource = jdbc.getDataSource();
        if (dataSource == null) return jdbc;
        JdbcTemplate streaming = new JdbcTemplate(dataSource);
        streaming.setFetchSize(10_000);
        return streaming;
    }

    /** Decides one checked row (rows come in the file's order) and writes it with its chunk. */
    void add(EntryDraft d) {
        if (chunkRows == 0) {
            entries.reserve(CHUNK);
            persons.reserve(CHUNK);
        }
        chunkRows++;
        long person = person(d);
        long[] key = KeyTable.pack(d.naturalKey());
        int slot = entries.find(key[0], key[1]);
        Long unitId = d.unitId();
        int unit = unitInt(unitId);
        if (slot < 0) {
            slot = entries.add(key[0], key[1]);
            entries.setInt(slot, d.rowNo() + 1);
            entries.setSecond(slot, unit);
            accepted++;
            int index = newEntries.size();
            newEntries.add(d);
            newEntryPersons[index] = person;
            if (unitId != null) {
                attributedEntries[attributions] = index;
                attributedUnits[attributions++] = unitId;
            }
        } else {
            int first = entries.intAt(slot);
            if (first == 0) { // an entry of the ledger, first met in this file
                entries.setInt(slot, d.rowNo() + 1);
                if (entries.longAt(slot) == KeyTable.packFacts(d.facts())) {
                    inLedger++;
                    if (inLedgerRows.size() < LISTED) inLedgerRows.add(d.rowNo());
                } else {
                    updated++;
                    updatePersons[updates.size()] = person;
                    updates.add(d);
                }
            } else {
                inFile++;
                if (inFileRows.size() < LISTED) inFileRows.add(new ImportOutcome.Duplicate(d.rowNo(), first - 1));
            }
            if (unitId != null && (unit == 0 || unit != entries.secondAt(slot))) {
                furtherKeys.add(d.naturalKey());
                furtherUnits.add(unitId);
                if (unit != 0) entries.setSecond(slot, unit);
            }
        }
        if (chunkRows >= CHUNK) flush();
    }

    /** The row's person id (0: the kind has no persons; negative: new in this chunk, see {@link #persons}). */
    private long person(EntryDraft d) {
        EntryDraft.Person p = d.person();
        if (p == null) return 0;
        long hi = KeyTable.high(p.idHash()), lo = KeyTable.low(p.idHash());
        int slot = persons.find(hi, lo);
        int name = KeyTable.textHash(p.name());
        if (slot < 0) {
            slot = persons.add(hi, lo);
            persons.setLong(slot, -(newPersons.size() + 1L));
            persons.setInt(slot, name);
            newPersonSlots[newPersons.size()] = slot;
            newPersons.add(p);
        } else if (persons.intAt(slot) != name && conflicts < LISTED) {
            conflictRows[conflicts] = d.rowNo();
            conflictPersons[conflicts++] = persons.longAt(slot);
        }
        return persons.longAt(slot);
    }

    /** Writes the chunk gathered so far. */
    void flush() {
        if (chunkRows == 0) return;
        long[] personIds = writer.persons(newPersons);
        for (int i = 0; i < personIds.length; i++) persons.setLong(newPersonSlots[i], personIds[i]);
        int n = newEntries.size();
        long[] entryPersons = new long[n];
        for (int i = 0; i < n; i++) entryPersons[i] = resolve(newEntryPersons[i], personIds);
        long[] entryIds = writer.entries(newEntries, entryPersons);
        long[] attributed = new long[attributions];
        for (int i = 0; i < attributions; i++) attributed[i] = entryIds[attributedEntries[i]];
        writer.attributions(attributed, attributedUnits, attributions);
        if (!updates.isEmpty()) update(personIds);
        if (!furtherKeys.isEmpty()) attributeFurther();
        for (int i = chunkConflicts; i < conflicts; i++) conflictPersons[i] = resolve(conflictPersons[i], personIds);
        chunkConflicts = conflicts;
        newPersons.clear();
        newEntries.clear();
        attributions = 0;
        updates.clear();
        furtherKeys.clear();
        furtherUnits.clear();
        chunkRows = 0;
    }

    private static long resolve(long person, long[] newIds) {
        return person < 0 ? newIds[(int) (-person - 1)] : person;
    }

    /** The entries this chunk changes: kept as they were (for a rollback of the batch), then updated. */
    private void update(long[] personIds) {
        List<EntryDraft> rows = List.copyOf(updates);
        long[] people = new long[rows.size()];
        for (int i = 0; i < people.length; i++) people[i] = resolve(updatePersons[i], personIds);
        String kind = target.kind().name();
        if (target.batchId() != null) {
            jdbc.batchUpdate(BEFORE_IMAGE, batch(rows.size(), (ps, i) -> {
                ps.setLong(1, target.batchId());
                ps.setLong(2, target.planId());
                ps.setString(3, kind);
                ps.setString(4, rows.get(i).naturalKey());
            }));
        }
        jdbc.batchUpdate(UPDATE_ENTRY, batch(rows.size(), (ps, n) -> {
            EntryDraft d = rows.get(n);
            int i = 0;
            BatchLedgerWriter.setLong(ps, ++i, people[n] == 0 ? null : people[n]);
            BatchLedgerWriter.setLong(ps, ++i, d.unitId());
            ps.setString(++i, d.category());
            ps.setString(++i, d.subject());
            ps.setString(++i, d.region());
            ps.setDate(++i, Date.valueOf(d.startsOn()));
            ps.setDate(++i, d.endsOn() == null ? null : Date.valueOf(d.endsOn()));
            ps.setDate(++i, d.plannedEnd() == null ? null : Date.valueOf(d.plannedEnd()));
            BatchLedgerWriter.setInt(ps, ++i, d.months());
            ps.setBigDecimal(++i, d.amount());
            ps.setString(++i, d.amountUnit());
            ps.setBigDecimal(++i, d.amountYuan());
            BatchLedgerWriter.setInt(ps, ++i, d.n1());
            BatchLedgerWriter.setInt(ps, ++i, d.n2());
            BatchLedgerWriter.setInt(ps, ++i, d.n3());
            BatchLedgerWriter.setInt(ps, ++i, d.n4());
            if (d.flag() == null) ps.setNull(++i, Types.BOOLEAN); else ps.setBoolean(++i, d.flag());
            ps.setString(++i, d.details());
            ps.setString(++i, d.facts());
            ps.setString(++i, target.actor());
            ps.setTimestamp(++i, target.at());
            ps.setLong(++i, target.planId());
            ps.setString(++i, kind);
            ps.setString(++i, d.naturalKey());
        }));
    }

    /** Units reporting a record that already has another unit: attributed unless they already are. */
    private void attributeFurther() {
        List<String> keys = List.copyOf(furtherKeys);
        List<Long> units = List.copyOf(furtherUnits);
        String kind = target.kind().name();
        jdbc.batchUpdate(ATTRIBUTE, batch(keys.size(), (ps, i) -> {
            ps.setLong(1, units.get(i));
            BatchLedgerWriter.setLong(ps, 2, target.batchId());
            ps.setLong(3, target.planId());
            ps.setString(4, kind);
            ps.setString(5, keys.get(i));
            ps.setLong(6, units.get(i));
        }));
    }

    /** Writes what is left and returns the outcome: counts, the duplicate rows and the name warnings (listed up to {@value #LISTED}). */
    Result finish() {
        flush();
        List<ImportOutcome.Duplicate> duplicateRows = new ArrayList<>(inFileRows);
        inLedgerRows.stream().limit(LISTED - duplicateRows.size())
                .forEach(row -> duplicateRows.add(new ImportOutcome.Duplicate(row, null)));
        duplicateRows.sort(Comparator.comparingInt(ImportOutcome.Duplicate::row));
        Map<Long, String> names = new HashMap<>();
        List<RowProblem> warnings = new ArrayList<>(conflicts);
        for (int i = 0; i < conflicts; i++) {
            String name = names.computeIfAbsent(conflictPersons[i],
                    id -> jdbc.queryForObject(PERSON_NAME, String.class, id));
            warnings.add(new RowProblem(conflictRows[i], "姓名", null,
                    "与已有记录姓名不一致（同一身份证号已登记为“" + name + "”），请核实"));
        }
        return new Result(accepted, updated, inFile + inLedger, duplicateRows, warnings);
    }

    /** A unit id as kept in the key table: 0 for none (and for ids beyond an int, never taken as known). */
    private static int unitInt(@Nullable Long unit) {
        return unit != null && unit > 0 && unit <= Integer.MAX_VALUE ? (int) (long) unit : 0;
    }

    private interface Binder {
        void bind(PreparedStatement ps, int i) throws SQLException;
    }

    private static BatchPreparedStatementSetter batch(int n, Binder binder) {
        return new BatchPreparedStatementSetter() {
            @Override
            public void setValues(PreparedStatement ps, int i) throws SQLException {
                binder.bind(ps, i);
            }

            @Override
            public int getBatchSize() { return n; }
        };
    }
}
