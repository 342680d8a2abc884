package org.xiezuo.ledger;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.xiezuo.shared.Databases;

/**
 * Writes the checked rows of one import into the ledger as they arrive, inside the import's transaction
 * and under its ledger lock, de-duplicating in the application: the keys of the ledger's entries and of
 * the plan's persons are loaded first into {@link KeyTable}s (128-bit packed keys, no strings, off the
 * heap in memory that {@link #close} releases), then each
 * row is decided on the spot —
 * <ul>
 * <li>its person: known (a different name is a warning), or new, written once with the data of its first row;
 * <li>its record: a new key is a new entry (the first row of a key wins); a key of the ledger with the
 *     same facts is a duplicate, with other facts an update (the entry as it was kept for a rollback);
 *     a key seen earlier in the file is an in-file duplicate;
 * <li>its unit: the new entry's own unit; for an entry met before, a further attribution
 *     ({@code ledger_attribution}) unless it is the entry's unit or already attributed.
 * </ul>
 * New persons and entries go out in chunks of {@value #CHUNK} rows through a
 * {@link LedgerWriter} (COPY on PostgreSQL), updates and the rare further attributions of existing
 * entries in JDBC batches keyed by natural key. Nothing is staged and nothing is merged afterwards: each
 * new row is written once, which is what the import costs at a million rows (PERFORMANCE.md W1).
 *
 * <p>On PostgreSQL a chunk is written by a thread of the import's own while the next chunk is read and
 * checked, so that reading the file and the database's work overlap; at most one chunk is in flight.
 * That thread uses the connection of the import's transaction and nothing else; the importing thread
 * does not touch that connection while a chunk is in flight (the progress row is written on a
 * connection of its own), waits for the chunk before it commits, and {@link #close} waits for it before
 * a failure rolls the transaction back. One import, two threads, no state shared across requests.
 */
final class Ingest implements AutoCloseable {

    /** Rows per chunk written together. */
    static final int CHUNK = 4096;

    /** Keys the tables hold before they grow. */
    private static final int INITIAL_KEYS = 1024;

    /** How many duplicate rows and warnings an outcome lists by row; the counts are always exact. */
    static final int LISTED = 5000;

    private static final String ENTRY_KEYS = """
            select e.natural_key, e.facts, e.unit_id from ledger_entry e where e.plan_id = ? and e.kind = ?""";

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
              and (e.unit_id is null or e.unit_id <> ?)
              and not exists (select 1 from ledger_attribution a where a.entry_id = e.id and a.unit_id = ?)""";

    record Result(int accepted, int updated, int duplicates, List<ImportOutcome.Duplicate> duplicateRows,
                  List<RowProblem> warnings) {}

    /** The import's transaction, for the importing thread: the preload and the names of the warnings. */
    private final JdbcTemplate jdbc;
    /** The same connection as a template of its own, for whichever thread writes a chunk. */
    private final JdbcTemplate chunkJdbc;
    private final DataSource dataSource;
    private final Connection connection;
    private final LedgerWriter writer;
    private final LedgerWriter.Target target;
    private final @Nullable ExecutorService writing;
    private @Nullable Future<?> inFlight;

    /** Natural key → facts (64 bits, entries already in the ledger), first row + 1 in this file (0: not yet), a unit known to be attributed (0: none). */
    private final KeyTable entries;
    /** ID blind index → person id (negative: -(n + 1) for the n-th person this import adds), name hash. */
    private final KeyTable persons;
    /** The ids of the persons this import adds, by their number; filled by the chunks as they are written. */
    private long[] addedPersonIds = new long[1024];
    private int addedPersons;   // numbered by the reading thread
    private int writtenPersons; // written, by the writing thread (read by the other after waiting for it)

    // the chunk being gathered
    private Chunk chunk = new Chunk();

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

    /** One chunk's rows to write; handed to the writing thread whole. */
    private static final class Chunk {
        int rows;
        final List<EntryDraft.Person> newPersons = new ArrayList<>();
        final List<EntryDraft> newEntries = new ArrayList<>();
        final long[] newEntryPersons = new long[CHUNK];
        final List<EntryDraft> updates = new ArrayList<>();
        final long[] updatePersons = new long[CHUNK];
        final List<String> furtherKeys = new ArrayList<>();
        final List<Long> furtherUnits = new ArrayList<>();
    }

    /** Call inside the import's transaction, and {@link #close} in a finally. */
    Ingest(JdbcTemplate jdbc, LedgerWriter.Target target) {
        this.jdbc = jdbc;
        this.dataSource = java.util.Objects.requireNonNull(jdbc.getDataSource());
        this.connection = DataSourceUtils.getConnection(dataSource);
        this.chunkJdbc = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
        this.writer = LedgerWriter.of(chunkJdbc, Databases.isPostgres(dataSource), target);
        this.target = target;
        this.writing = Databases.isPostgres(dataSource) ? Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "ledger-import-writer");
            thread.setDaemon(true);
            return thread;
        }) : null;
        KeyTable entryTable = null;
        try {
            // small at first: the preload and the file's row count (reserve) size them
            entryTable = new KeyTable(INITIAL_KEYS, true);
            this.entries = entryTable;
            this.persons = new KeyTable(target.kind().persons() ? INITIAL_KEYS : 0, false);
        } catch (RuntimeException | Error e) { // no Ingest to close: release what was taken
            if (entryTable != null) entryTable.close();
            if (writing != null) writing.shutdownNow();
            DataSourceUtils.releaseConnection(connection, dataSource);
            throw e;
        }
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
        JdbcTemplate streaming = new JdbcTemplate(dataSource);
        streaming.setFetchSize(10_000);
        return streaming;
    }

    /**
     * Makes room in the key tables for {@code rows} more rows at once (the file's row count, known before
     * its first row): one table of the right size instead of a table grown step by step, with the old and
     * new copies alive together at each step. Call between chunks only.
     */
    void reserve(int rows) {
        if (chunk.rows != 0) return;
        entries.reserve(rows);
        if (target.kind().persons()) persons.reserve(rows);
    }

    /** Decides one checked row (rows come in the file's order) and writes it with its chunk. */
    void add(EntryDraft d) {
        Chunk chunk = this.chunk;
        if (chunk.rows == 0) {
            entries.reserve(CHUNK);
            persons.reserve(CHUNK);
        }
        chunk.rows++;
        long person = person(d, chunk);
        int slot = entries.find(d.keyHigh(), d.keyLow()); // KeyTable.pack(d.naturalKey()), from the digest
        Long unitId = d.unitId();
        int unit = unitInt(unitId);
        if (slot < 0) {
            slot = entries.add(d.keyHigh(), d.keyLow());
            entries.setInt(slot, d.rowNo() + 1);
            entries.setSecond(slot, unit);
            accepted++;
            int index = chunk.newEntries.size();
            chunk.newEntries.add(d);
            chunk.newEntryPersons[index] = person;
        } else {
            int first = entries.intAt(slot);
            if (first == 0) { // an entry of the ledger, first met in this file
                entries.setInt(slot, d.rowNo() + 1);
                if (entries.longAt(slot) == d.factsHigh()) { // KeyTable.packFacts(d.facts())
                    inLedger++;
                    if (inLedgerRows.size() < LISTED) inLedgerRows.add(d.rowNo());
                } else {
                    updated++;
                    chunk.updatePersons[chunk.updates.size()] = person;
                    chunk.updates.add(d);
                }
            } else {
                inFile++;
                if (inFileRows.size() < LISTED) inFileRows.add(new ImportOutcome.Duplicate(d.rowNo(), first - 1));
            }
            if (unitId != null && (unit == 0 || unit != entries.secondAt(slot))) {
                chunk.furtherKeys.add(d.naturalKey());
                chunk.furtherUnits.add(unitId);
                if (unit != 0) entries.setSecond(slot, unit);
            }
        }
        if (chunk.rows >= CHUNK) flush();
    }

    /** The row's person id (0: the kind has no persons; negative: added by this import, see {@link #persons}). */
    private long person(EntryDraft d, Chunk chunk) {
        EntryDraft.Person p = d.person();
        if (p == null) return 0;
        long hi = KeyTable.high(p.idHash()), lo = KeyTable.low(p.idHash());
        int slot = persons.find(hi, lo);
        int name = KeyTable.textHash(p.name());
        if (slot < 0) {
            slot = persons.add(hi, lo);
            persons.setLong(slot, -(++addedPersons));
            persons.setInt(slot, name);
            chunk.newPersons.add(p);
        } else if (persons.intAt(slot) != name && conflicts < LISTED) {
            conflictRows[conflicts] = d.rowNo();
            conflictPersons[conflicts++] = persons.longAt(slot);
        }
        return persons.longAt(slot);
    }

    /** Hands the chunk gathered so far to be written (on PostgreSQL while the next one is gathered). */
    void flush() {
        Chunk full = chunk;
        if (full.rows == 0) return;
        chunk = new Chunk();
        awaitInFlight();
        if (writing == null) write(full);
        else inFlight = writing.submit(() -> write(full));
    }

    /** Waits for the chunk in flight, if any; its failure is the import's. */
    private void awaitInFlight() {
        Future<?> pending = inFlight;
        if (pending == null) return;
        inFlight = null;
        try {
            pending.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing the import", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Writes one chunk: new persons, new entries (their first unit in the entry itself), updates, further units. */
    private void write(Chunk c) {
        long[] personIds = writer.persons(c.newPersons);
        addedPersons(personIds);
        int n = c.newEntries.size();
        long[] entryPersons = new long[n];
        for (int i = 0; i < n; i++) entryPersons[i] = resolve(c.newEntryPersons[i]);
        writer.entries(c.newEntries, entryPersons);
        if (!c.updates.isEmpty()) update(c);
        if (!c.furtherKeys.isEmpty()) attributeFurther(c);
    }

    /** Records the ids of persons just written (they were numbered in the order they were met). */
    private void addedPersons(long[] ids) {
        int first = writtenPersons;
        if (first + ids.length > addedPersonIds.length) {
            addedPersonIds = java.util.Arrays.copyOf(addedPersonIds, Math.max(first + ids.length, addedPersonIds.length * 2));
        }
        System.arraycopy(ids, 0, addedPersonIds, first, ids.length);
        writtenPersons += ids.length;
    }

    /** A person reference as a person id (only for persons already written). */
    private long resolve(long person) {
        return person < 0 ? addedPersonIds[(int) (-person - 1)] : person;
    }

    /** The entries this chunk changes: kept as they were (for a rollback of the batch), then updated. */
    private void update(Chunk c) {
        List<EntryDraft> rows = c.updates;
        long[] people = new long[rows.size()];
        for (int i = 0; i < people.length; i++) people[i] = resolve(c.updatePersons[i]);
        String kind = target.kind().name();
        if (target.batchId() != null) {
            chunkJdbc.batchUpdate(BEFORE_IMAGE, BatchLedgerWriter.batch(rows.size(), (ps, i) -> {
                ps.setLong(1, target.batchId());
                ps.setLong(2, target.planId());
                ps.setString(3, kind);
                ps.setString(4, rows.get(i).naturalKey());
            }));
        }
        chunkJdbc.batchUpdate(UPDATE_ENTRY, BatchLedgerWriter.batch(rows.size(), (ps, n) -> {
            EntryDraft d = rows.get(n);
            int i = 0;
            BatchLedgerWriter.setLong(ps, ++i, people[n] == 0 ? null : people[n]);
            BatchLedgerWriter.setLong(ps, ++i, d.unitId());
            i = BatchLedgerWriter.bindRecord(ps, i, d);
            ps.setString(++i, target.actor());
            ps.setTimestamp(++i, target.at());
            ps.setLong(++i, target.planId());
            ps.setString(++i, kind);
            ps.setString(++i, d.naturalKey());
        }));
    }

    /** Units reporting a record that already has another unit: attributed unless they already are. */
    private void attributeFurther(Chunk c) {
        List<String> keys = c.furtherKeys;
        List<Long> units = c.furtherUnits;
        String kind = target.kind().name();
        chunkJdbc.batchUpdate(ATTRIBUTE, BatchLedgerWriter.batch(keys.size(), (ps, i) -> {
            ps.setLong(1, units.get(i));
            BatchLedgerWriter.setLong(ps, 2, target.batchId());
            ps.setLong(3, target.planId());
            ps.setString(4, kind);
            ps.setString(5, keys.get(i));
            ps.setLong(6, units.get(i));
            ps.setLong(7, units.get(i));
        }));
    }

    /** Writes what is left and returns the outcome: counts, the duplicate rows and the name warnings (listed up to {@value #LISTED}). */
    Result finish() {
        flush();
        awaitInFlight();
        for (int i = 0; i < conflicts; i++) conflictPersons[i] = resolve(conflictPersons[i]);
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

    /**
     * Waits for a chunk still in flight (its failure no longer matters: the import is failing) and ends
     * the writing thread, so that the transaction is rolled back or committed by one thread alone; then
     * releases the key tables' off-heap memory (their scratch file is gone with it).
     */
    @Override
    public void close() {
        Future<?> pending = inFlight;
        inFlight = null;
        try {
            if (pending != null) {
                try {
                    pending.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (ExecutionException e) {
                    // reported by the import's own failure
                }
            }
            if (writing != null) writing.shutdownNow();
            DataSourceUtils.releaseConnection(connection, dataSource);
        } finally {
            // the writing thread never touches the tables: their memory goes now, whatever happened above
            entries.close();
            persons.close();
        }
    }

    /** A unit id as kept in the key table: 0 for none (and for ids beyond an int, never taken as known). */
    private static int unitInt(@Nullable Long unit) {
        return unit != null && unit > 0 && unit <= Integer.MAX_VALUE ? (int) (long) unit : 0;
    }

}
