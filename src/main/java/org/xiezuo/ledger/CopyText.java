package org.xiezuo.ledger;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

import org.jspecify.annotations.Nullable;

/**
 * Rows in PostgreSQL's COPY text format, one field at a time: tab between fields, a line feed after each
 * row, {@code \N} for null, backslash, tab, line feed and carriage return escaped in texts, bytea as hex.
 * Every value travels as data, never as SQL text.
 */
final class CopyText {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final StringBuilder buffer;
    private int rows;

    CopyText(int expectedChars) {
        this.buffer = new StringBuilder(expectedChars);
    }

    int rows() { return rows; }

    /** Ends the current row. */
    void endRow() {
        buffer.setCharAt(buffer.length() - 1, '\n');
        rows++;
    }

    /** The rows so far in UTF-8, and an empty buffer. */
    byte[] take() {
        byte[] data = buffer.toString().getBytes(StandardCharsets.UTF_8);
        buffer.setLength(0);
        rows = 0;
        return data;
    }

    /** A value whose text needs no escaping (numbers, ISO dates and times, t/f). */
    CopyText raw(@Nullable String raw) {
        buffer.append(raw == null ? "\\N" : raw).append('\t');
        return this;
    }

    CopyText integer(@Nullable Number value) {
        if (value == null) buffer.append("\\N"); else buffer.append(value.longValue());
        buffer.append('\t');
        return this;
    }

    CopyText number(long value) {
        buffer.append(value).append('\t');
        return this;
    }

    CopyText decimal(@Nullable BigDecimal value) {
        return raw(value == null ? null : value.toPlainString());
    }

    CopyText date(@Nullable LocalDate value) {
        return raw(value == null ? null : value.toString());
    }

    CopyText bool(@Nullable Boolean value) {
        return raw(value == null ? null : value ? "t" : "f");
    }

    /** bytea as hex: {@code \\x…} (the backslash doubled for the COPY text format). */
    CopyText bytes(byte @Nullable [] value) {
        if (value == null) {
            buffer.append("\\N\t");
            return this;
        }
        buffer.append("\\\\x");
        for (byte b : value) buffer.append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
        buffer.append('\t');
        return this;
    }

    /** Text with the COPY escapes: backslash, tab, line feed and carriage return (other characters pass as they are). */
    CopyText text(@Nullable String value) {
        if (value == null) {
            buffer.append("\\N\t");
            return this;
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
        return this;
    }
}
