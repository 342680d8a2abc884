package org.xiezuo.ledger;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.support.SQLExceptionSubclassTranslator;

/**
 * The PostgreSQL way of {@link Staging}: checked rows are encoded as COPY text lines into a buffer of
 * about a megabyte, and each full buffer goes to {@code ledger_staging} with one
 * {@code COPY … FROM STDIN} on the connection of the import's transaction (so a rollback removes
 * them like any other write). Memory holds one buffer, never the file; every value travels as data,
 * never as SQL text.
 */
final class StagingCopy {

    /** Flush when the encoded rows reach this many characters (about 2,500 employment rows). */
    static final int BUFFER_CHARS = 1 << 20;

    private static final String COPY = """
            copy ledger_staging (job_id, row_no, natural_key, id_hash, id_cipher, id_key, id_mask, person_name,
                phone_cipher, phone_key, phone_mask, unit_id, category, subject, region, starts_on, ends_on, planned_end,
                months, amount, amount_unit, amount_yuan, n1, n2, n3, n4, flag, details, facts) from stdin""";
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final DataSource dataSource;
    private final String jobId;
    private final StringBuilder buffer = new StringBuilder(BUFFER_CHARS + (BUFFER_CHARS >> 3));
    private int pending;

    StagingCopy(DataSource dataSource, String jobId) {
        this.dataSource = dataSource;
        this.jobId = jobId;
    }

    /** Encodes one row; returns true when the buffer is full and should be flushed. */
    boolean add(EntryDraft d) {
        EntryDraft.Person p = d.person();
        text(jobId);
        integer(d.rowNo());
        text(d.naturalKey());
        bytes(p == null ? null : p.idHash());
        bytes(p == null ? null : p.idCipher());
        integer(p == null ? null : p.idKey());
        text(p == null ? null : p.idMask());
        text(p == null ? null : p.name());
        bytes(p == null ? null : p.phoneCipher());
        integer(p == null ? null : p.phoneKey());
        text(p == null ? null : p.phoneMask());
        integer(d.unitId());
        text(d.category());
        text(d.subject());
        text(d.region());
        date(d.startsOn());
        date(d.endsOn());
        date(d.plannedEnd());
        integer(d.months());
        decimal(d.amount());
        text(d.amountUnit());
        decimal(d.amountYuan());
        integer(d.n1());
        integer(d.n2());
        integer(d.n3());
        integer(d.n4());
        field(d.flag() == null ? null : d.flag() ? "t" : "f");
        text(d.details());
        text(d.facts());
        buffer.setCharAt(buffer.length() - 1, '\n');
        pending++;
        return buffer.length() >= BUFFER_CHARS;
    }

    int pending() { return pending; }

    /** Sends the buffered rows with one COPY on the transaction's connection. */
    void flush() {
        if (pending == 0) return;
        byte[] data = buffer.toString().getBytes(StandardCharsets.UTF_8);
        buffer.setLength(0);
        pending = 0;
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY, new ByteArrayInputStream(data), 1 << 16);
        } catch (SQLException e) {
            DataAccessException translated = new SQLExceptionSubclassTranslator().translate("COPY ledger_staging", COPY, e);
            throw translated != null ? translated : new UncategorizedSQLException("COPY ledger_staging", COPY, e);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    // ------------------------------------------------------------------ COPY text format

    private void field(@Nullable String raw) {
        buffer.append(raw == null ? "\\N" : raw).append('\t');
    }

    private void integer(@Nullable Number value) {
        if (value == null) buffer.append("\\N"); else buffer.append(value.longValue());
        buffer.append('\t');
    }

    private void decimal(@Nullable BigDecimal value) {
        field(value == null ? null : value.toPlainString());
    }

    private void date(@Nullable LocalDate value) {
        field(value == null ? null : value.toString());
    }

    /** bytea as hex: {@code \\x…} (the backslash doubled for the COPY text format). */
    private void bytes(byte @Nullable [] value) {
        if (value == null) {
            buffer.append("\\N\t");
            return;
        }
        buffer.append("\\\\x");
        for (byte b : value) buffer.append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
        buffer.append('\t');
    }

    /** Text with the COPY escapes: backslash, tab, line feed and carriage return (other characters pass as they are). */
    private void text(@Nullable String value) {
        if (value == null) {
            buffer.append("\\N\t");
            return;
        }
        for (int i = 0, n = value.length(); i < n; i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> buffer.append("\\\\");
                case '\t' -> buffer.append("\\t");
                case '\n' -> buffer.append("\\n");
                case '\r' -> buffer.append("\\r");
                default -> buffer.append(c);
            }
        }
        buffer.append('\t');
    }
}
