package org.xiezuo.ledger;

import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;

/** {@link LedgerWriter} in JDBC batches with generated keys (H2, and any database without COPY). */
final class BatchLedgerWriter implements LedgerWriter {

    private static final String INSERT_PERSON = """
            insert into ledger_person (plan_id, id_hash, id_cipher, id_key, id_mask, person_name, phone_cipher, phone_key,
                                       phone_mask, created_at)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    private static final String INSERT_ENTRY = """
            insert into ledger_entry (plan_id, kind, natural_key, person_id, unit_id, batch_id, category, subject, region,
                starts_on, ends_on, planned_end, months, amount, amount_unit, amount_yuan, n1, n2, n3, n4, flag, details, facts,
                created_by, created_at, version)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)""";

    private final JdbcTemplate jdbc;
    private final Target target;

    BatchLedgerWriter(JdbcTemplate jdbc, Target target) {
        this.jdbc = jdbc;
        this.target = target;
    }

    @Override
    public long[] persons(List<EntryDraft.Person> persons) {
        return insert(INSERT_PERSON, persons.size(), (ps, i) -> {
            EntryDraft.Person p = persons.get(i);
            ps.setLong(1, target.planId());
            ps.setBytes(2, p.idHash());
            ps.setBytes(3, p.idCipher());
            ps.setInt(4, p.idKey());
            ps.setString(5, p.idMask());
            ps.setString(6, p.name());
            ps.setBytes(7, p.phoneCipher());
            setInt(ps, 8, p.phoneKey());
            ps.setString(9, p.phoneMask());
            ps.setTimestamp(10, target.at());
        });
    }

    @Override
    public void entries(List<EntryDraft> entries, long[] personIds) {
        if (entries.isEmpty()) return;
        jdbc.batchUpdate(INSERT_ENTRY, batch(entries.size(), (ps, n) -> {
            EntryDraft d = entries.get(n);
            int i = 0;
            ps.setLong(++i, target.planId());
            ps.setString(++i, target.kind().name());
            ps.setString(++i, d.naturalKey());
            setLong(ps, ++i, personIds[n] == 0 ? null : personIds[n]);
            setLong(ps, ++i, d.unitId());
            setLong(ps, ++i, target.batchId());
            i = bindRecord(ps, i, d);
            ps.setString(++i, target.actor());
            ps.setTimestamp(++i, target.at());
        }));
    }

    /**
     * Binds a record's own columns, category to facts, after parameter {@code i} (insert and update list
     * them in the same order); returns the last parameter bound.
     */
    static int bindRecord(PreparedStatement ps, int i, EntryDraft d) throws SQLException {
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
        return i;
    }

    /** Binds row {@code i} of a JDBC batch. */
    interface Binder {
        void bind(PreparedStatement ps, int i) throws SQLException;
    }

    /** A JDBC batch of {@code n} rows bound by {@code binder}. */
    static BatchPreparedStatementSetter batch(int n, Binder binder) {
        return new BatchPreparedStatementSetter() {
            @Override
            public void setValues(PreparedStatement ps, int i) throws SQLException {
                binder.bind(ps, i);
            }

            @Override
            public int getBatchSize() { return n; }
        };
    }

    private long[] insert(String sql, int n, Binder binder) {
        if (n == 0) return new long[0];
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.batchUpdate(connection -> connection.prepareStatement(sql, new String[] {"id"}), batch(n, binder), keys);
        List<Map<String, Object>> rows = keys.getKeyList();
        if (rows.size() != n) throw new IllegalStateException("expected " + n + " generated keys, got " + rows.size());
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) ids[i] = ((Number) rows.get(i).values().iterator().next()).longValue();
        return ids;
    }

    static void setInt(PreparedStatement ps, int index, @Nullable Integer value) throws SQLException {
        if (value == null) ps.setNull(index, Types.INTEGER); else ps.setInt(index, value);
    }

    static void setLong(PreparedStatement ps, int index, @Nullable Long value) throws SQLException {
        if (value == null) ps.setNull(index, Types.BIGINT); else ps.setLong(index, value);
    }
}
