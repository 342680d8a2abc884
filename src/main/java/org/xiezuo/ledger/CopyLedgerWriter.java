package org.xiezuo.ledger;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
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
 * {@link LedgerWriter} for PostgreSQL: the ids of a chunk taken from the table's identity sequence in one
 * statement (so later inserts that let the column default never collide with them), then the rows sent
 * with one {@code COPY … FROM STDIN} (text format) on the connection of the import's transaction — a
 * rollback removes them like any other write.
 */
final class CopyLedgerWriter implements LedgerWriter {

    private static final String PERSON_IDS = "select nextval(pg_get_serial_sequence('ledger_person', 'id')) from generate_series(1, ?)";
    private static final String ENTRY_IDS = "select nextval(pg_get_serial_sequence('ledger_entry', 'id')) from generate_series(1, ?)";

    private static final String COPY_PERSONS = """
            copy ledger_person (id, plan_id, id_hash, id_cipher, id_key, id_mask, person_name, phone_cipher, phone_key,
                                phone_mask, created_at) from stdin""";

    private static final String COPY_ENTRIES = """
            copy ledger_entry (id, plan_id, kind, natural_key, person_id, unit_id, batch_id, category, subject, region,
                starts_on, ends_on, planned_end, months, amount, amount_unit, amount_yuan, n1, n2, n3, n4, flag, details, facts,
                created_by, created_at, version) from stdin""";

    private static final String COPY_ATTRIBUTIONS = "copy ledger_attribution (entry_id, unit_id, batch_id) from stdin";

    private final JdbcTemplate jdbc;
    private final DataSource dataSource;
    private final Target target;
    private final String at;
    private final CopyText copy = new CopyText(1 << 20);

    CopyLedgerWriter(JdbcTemplate jdbc, DataSource dataSource, Target target) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.target = target;
        this.at = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                target.at().toInstant().truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC));
    }

    @Override
    public long[] persons(List<EntryDraft.Person> persons) {
        if (persons.isEmpty()) return new long[0];
        long[] ids = ids(PERSON_IDS, persons.size());
        for (int i = 0; i < ids.length; i++) {
            EntryDraft.Person p = persons.get(i);
            copy.number(ids[i]).number(target.planId()).bytes(p.idHash()).bytes(p.idCipher()).number(p.idKey())
                    .text(p.idMask()).text(p.name()).bytes(p.phoneCipher()).integer(p.phoneKey()).text(p.phoneMask())
                    .raw(at).endRow();
        }
        send(COPY_PERSONS);
        return ids;
    }

    @Override
    public long[] entries(List<EntryDraft> entries, long[] personIds) {
        if (entries.isEmpty()) return new long[0];
        long[] ids = ids(ENTRY_IDS, entries.size());
        String kind = target.kind().name();
        for (int i = 0; i < ids.length; i++) {
            EntryDraft d = entries.get(i);
            copy.number(ids[i]).number(target.planId()).text(kind).text(d.naturalKey())
                    .integer(personIds[i] == 0 ? null : personIds[i]).integer(d.unitId()).integer(target.batchId())
                    .text(d.category()).text(d.subject()).text(d.region())
                    .date(d.startsOn()).date(d.endsOn()).date(d.plannedEnd()).integer(d.months())
                    .decimal(d.amount()).text(d.amountUnit()).decimal(d.amountYuan())
                    .integer(d.n1()).integer(d.n2()).integer(d.n3()).integer(d.n4()).bool(d.flag())
                    .text(d.details()).text(d.facts()).text(target.actor()).raw(at).number(0).endRow();
        }
        send(COPY_ENTRIES);
        return ids;
    }

    @Override
    public void attributions(long[] entryIds, long[] unitIds, int n) {
        if (n == 0) return;
        for (int i = 0; i < n; i++) copy.number(entryIds[i]).number(unitIds[i]).integer(target.batchId()).endRow();
        send(COPY_ATTRIBUTIONS);
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
