package org.xiezuo.ledger;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

import javax.sql.DataSource;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.support.SQLExceptionSubclassTranslator;
import org.postgresql.PGConnection;

/**
 * {@link LedgerWriter} for PostgreSQL: the ids of a chunk's new persons taken from the table's identity
 * sequence in one statement (their entries refer to them; later inserts that let the column default never
 * collide with them), entries numbered by the column default as COPY reads them; the rows sent
 * with one {@code COPY … FROM STDIN (FORMAT BINARY)} ({@link CopyBinary}) on the connection of the import's transaction — a
 * rollback removes them like any other write.
 */
final class CopyLedgerWriter implements LedgerWriter {

    private static final String PERSON_IDS = "select nextval(pg_get_serial_sequence('ledger_person', 'id')) from generate_series(1, ?)";

    private static final String COPY_PERSONS = """
            copy ledger_person (id, plan_id, id_hash, id_cipher, id_key, id_mask, person_name, phone_cipher, phone_key,
                                phone_mask, created_at) from stdin (format binary)""";

    private static final String COPY_ENTRIES = """
            copy ledger_entry (plan_id, kind, natural_key, person_id, unit_id, batch_id, category, subject, region,
                starts_on, ends_on, planned_end, months, amount, amount_unit, amount_yuan, n1, n2, n3, n4, flag, details, facts,
                created_by, created_at, version) from stdin (format binary)""";

    private final JdbcTemplate jdbc;
    private final DataSource dataSource;
    private final Target target;
    private final Instant at;
    private final CopyBinary copy = new CopyBinary(1 << 20);

    CopyLedgerWriter(JdbcTemplate jdbc, DataSource dataSource, Target target) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.target = target;
        this.at = target.at().toInstant();
    }

    @Override
    public long[] persons(List<EntryDraft.Person> persons) {
        if (persons.isEmpty()) return new long[0];
        long[] ids = ids(PERSON_IDS, persons.size());
        for (int i = 0; i < ids.length; i++) {
            EntryDraft.Person p = persons.get(i);
            copy.row(11).int8(ids[i]).int8(target.planId()).bytes(p.idHash()).bytes(p.idCipher()).int4(p.idKey())
                    .text(p.idMask()).text(p.name()).bytes(p.phoneCipher()).int4(p.phoneKey()).text(p.phoneMask())
                    .timestamp(at);
        }
        send(COPY_PERSONS);
        return ids;
    }

    @Override
    public void entries(List<EntryDraft> entries, long[] personIds) {
        if (entries.isEmpty()) return;
        String kind = target.kind().name();
        for (int i = 0; i < entries.size(); i++) {
            EntryDraft d = entries.get(i);
            copy.row(26).int8(target.planId()).text(kind).text(d.naturalKey())
                    .int8(personIds[i] == 0 ? null : personIds[i]).int8(d.unitId()).int8(target.batchId())
                    .text(d.category()).text(d.subject()).text(d.region())
                    .date(d.startsOn()).date(d.endsOn()).date(d.plannedEnd()).int4(d.months())
                    .numeric(d.amount()).text(d.amountUnit()).numeric(d.amountYuan())
                    .int4(d.n1()).int4(d.n2()).int4(d.n3()).int4(d.n4()).bool(d.flag())
                    .text(d.details()).text(d.facts()).text(target.actor()).timestamp(at).int4(0);
        }
        send(COPY_ENTRIES);
    }

    private long[] ids(String sql, int n) {
        long[] ids = new long[n];
        int[] i = {0};
        jdbc.query(sql, (RowCallbackHandler) rs -> {
            ids[i[0]++] = rs.getLong(1);
        }, n);
        if (i[0] != n) throw new IllegalStateException("expected " + n + " ids, got " + i[0]);
        return ids;
    }

    private void send(String sql) {
        byte[] data = copy.take();
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql, new ByteArrayInputStream(data), 1 << 16);
        } catch (SQLException e) {
            DataAccessException translated = new SQLExceptionSubclassTranslator().translate("COPY", sql, e);
            throw translated != null ? translated : new UncategorizedSQLException("COPY", sql, e);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }
}
