package org.xiezuo.ledger;

import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.xiezuo.shared.Databases;

/**
 * Writes checked rows of one import into {@code ledger_staging} inside the import's transaction: on
 * PostgreSQL with COPY ({@link StagingCopy}, about a megabyte of rows at a time), elsewhere (H2) in
 * JDBC batches of {@value #BATCH} rows. Memory holds one batch at a time whatever the size of the file.
 */
final class Staging {

    static final int BATCH = 1000;

    private static final String INSERT = """
            insert into ledger_staging (job_id, row_no, natural_key, id_hash, id_cipher, id_key, id_mask, person_name,
                phone_cipher, phone_key, phone_mask, unit_id, category, subject, region, starts_on, ends_on, planned_end,
                months, amount, amount_unit, amount_yuan, n1, n2, n3, n4, flag, details, facts)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    private final JdbcTemplate jdbc;
    private final String jobId;
    private final List<EntryDraft> pending = new ArrayList<>(BATCH);
    private final @Nullable StagingCopy copy;
    private int staged;

    Staging(JdbcTemplate jdbc, String jobId) {
        this.jdbc = jdbc;
        this.jobId = jobId;
        DataSource dataSource = jdbc.getDataSource();
        this.copy = dataSource != null && Databases.isPostgres(dataSource) ? new StagingCopy(dataSource, jobId) : null;
    }

    void add(EntryDraft draft) {
        if (copy != null) {
            if (copy.add(draft)) send();
            return;
        }
        pending.add(draft);
        if (pending.size() >= BATCH) send();
    }

    /** Whether the rows go to PostgreSQL (COPY, ANALYZE) rather than H2. */
    boolean postgres() { return copy != null; }

    int staged() { return staged + pending.size() + (copy == null ? 0 : copy.pending()); }

    /**
     * Writes what is still pending; called once after the last row. On PostgreSQL the staged rows are
     * then analysed (ANALYZE counts the transaction's own rows) so that the merge is planned for the
     * number of rows really staged, not for the near-empty table the statistics last saw: planned for
     * a handful of rows, its anti-joins re-scan every row inserted so far, once per staged row.
     */
    void flush() {
        send();
        if (copy != null) jdbc.execute("analyze ledger_staging");
    }

    private void send() {
        if (copy != null) {
            int rows = copy.pending();
            copy.flush();
            staged += rows;
            return;
        }
        if (pending.isEmpty()) return;
        List<EntryDraft> rows = List.copyOf(pending);
        pending.clear();
        jdbc.batchUpdate(INSERT, new BatchPreparedStatementSetter() {
            @Override
            public void setValues(PreparedStatement ps, int i) throws SQLException {
                bind(ps, rows.get(i));
            }

            @Override
            public int getBatchSize() { return rows.size(); }
        });
        staged += rows.size();
    }

    void clear() {
        jdbc.update("delete from ledger_staging where job_id = ?", jobId);
    }

    private void bind(PreparedStatement ps, EntryDraft d) throws SQLException {
        EntryDraft.Person p = d.person();
        int i = 0;
        ps.setString(++i, jobId);
        ps.setInt(++i, d.rowNo());
        ps.setString(++i, d.naturalKey());
        ps.setBytes(++i, p == null ? null : p.idHash());
        ps.setBytes(++i, p == null ? null : p.idCipher());
        setInt(ps, ++i, p == null ? null : p.idKey());
        ps.setString(++i, p == null ? null : p.idMask());
        ps.setString(++i, p == null ? null : p.name());
        ps.setBytes(++i, p == null ? null : p.phoneCipher());
        setInt(ps, ++i, p == null ? null : p.phoneKey());
        ps.setString(++i, p == null ? null : p.phoneMask());
        if (d.unitId() == null) ps.setNull(++i, Types.BIGINT); else ps.setLong(++i, d.unitId());
        ps.setString(++i, d.category());
        ps.setString(++i, d.subject());
        ps.setString(++i, d.region());
        ps.setDate(++i, Date.valueOf(d.startsOn()));
        ps.setDate(++i, d.endsOn() == null ? null : Date.valueOf(d.endsOn()));
        ps.setDate(++i, d.plannedEnd() == null ? null : Date.valueOf(d.plannedEnd()));
        setInt(ps, ++i, d.months());
        ps.setBigDecimal(++i, d.amount());
        ps.setString(++i, d.amountUnit());
        ps.setBigDecimal(++i, d.amountYuan());
        setInt(ps, ++i, d.n1());
        setInt(ps, ++i, d.n2());
        setInt(ps, ++i, d.n3());
        setInt(ps, ++i, d.n4());
        if (d.flag() == null) ps.setNull(++i, Types.BOOLEAN); else ps.setBoolean(++i, d.flag());
        ps.setString(++i, d.details());
        ps.setString(++i, d.facts());
    }

    private static void setInt(PreparedStatement ps, int index, @Nullable Integer value) throws SQLException {
        if (value == null) ps.setNull(index, Types.INTEGER); else ps.setInt(index, value);
    }
}
