package org.xiezuo.ledger;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * Rows in PostgreSQL's binary COPY format ({@code COPY … FROM STDIN (FORMAT BINARY)}), one field at a
 * time in the column order of the COPY: each row a field count, each field its length (-1 for null) and
 * its value as the type's binary receive function reads it — big-endian integers, UTF-8 texts, bytea as
 * is, dates as days and timestamps as microseconds from 2000-01-01, numerics in base-10000 digits. No
 * text to parse on the server and no escaping: every value travels as data, never as SQL text.
 */
final class CopyBinary {

    private static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0};
    private static final long POSTGRES_EPOCH_DAY = LocalDate.of(2000, 1, 1).toEpochDay();
    private static final long POSTGRES_EPOCH_MICROS = POSTGRES_EPOCH_DAY * 86_400_000_000L;

    private byte[] buffer;
    private int length;
    private int rows;

    CopyBinary(int expectedBytes) {
        buffer = new byte[Math.max(expectedBytes, 64)];
        start();
    }

    private void start() {
        length = 0;
        rows = 0;
        put(HEADER, 0, HEADER.length);
    }

    int rows() { return rows; }

    /** Starts a row of {@code fields} fields. */
    CopyBinary row(int fields) {
        room(2);
        short16(fields);
        rows++;
        return this;
    }

    /** The rows so far with the trailer, and an empty buffer (with its header) for the next ones. */
    byte[] take() {
        room(2);
        short16(-1);
        byte[] data = Arrays.copyOf(buffer, length);
        start();
        return data;
    }

    CopyBinary nul() {
        room(4);
        int32(-1);
        return this;
    }

    CopyBinary int8(long value) {
        room(12);
        int32(8);
        int64(value);
        return this;
    }

    CopyBinary int8(@Nullable Long value) {
        return value == null ? nul() : int8(value.longValue());
    }

    CopyBinary int4(@Nullable Integer value) {
        if (value == null) return nul();
        room(8);
        int32(4);
        int32(value);
        return this;
    }

    CopyBinary bool(@Nullable Boolean value) {
        if (value == null) return nul();
        room(5);
        int32(1);
        buffer[length++] = (byte) (value ? 1 : 0);
        return this;
    }

    CopyBinary date(@Nullable LocalDate value) {
        if (value == null) return nul();
        room(8);
        int32(4);
        int32((int) (value.toEpochDay() - POSTGRES_EPOCH_DAY));
        return this;
    }

    /** timestamp with time zone: microseconds since 2000-01-01 00:00 UTC. */
    CopyBinary timestamp(Instant value) {
        long micros = Math.addExact(Math.multiplyExact(value.getEpochSecond(), 1_000_000L), value.getNano() / 1000);
        return int8(micros - POSTGRES_EPOCH_MICROS);
    }

    CopyBinary bytes(byte @Nullable [] value) {
        if (value == null) return nul();
        room(4 + value.length);
        int32(value.length);
        put(value, 0, value.length);
        return this;
    }

    /** text and varchar: UTF-8 (the database's encoding; a client encoding does not apply to binary COPY). */
    CopyBinary text(@Nullable String value) {
        if (value == null) return nul();
        int n = value.length();
        boolean ascii = true;
        for (int i = 0; i < n && ascii; i++) ascii = value.charAt(i) < 0x80;
        if (!ascii) return bytes(value.getBytes(StandardCharsets.UTF_8));
        room(4 + n);
        int32(n);
        for (int i = 0; i < n; i++) buffer[length++] = (byte) value.charAt(i);
        return this;
    }

    /**
     * numeric: digit count, weight (of the first digit, in powers of 10,000), sign, display scale, then
     * the base-10,000 digits without leading or trailing zero digits.
     */
    CopyBinary numeric(@Nullable BigDecimal value) {
        if (value == null) return nul();
        int scale = Math.max(value.scale(), 0);
        String plain = value.abs().setScale(scale).toPlainString();
        int dot = plain.indexOf('.');
        String whole = dot < 0 ? plain : plain.substring(0, dot);
        String fraction = dot < 0 ? "" : plain.substring(dot + 1);
        int wholeGroups = (whole.length() + 3) / 4;
        int fractionGroups = (fraction.length() + 3) / 4;
        int[] digits = new int[wholeGroups + fractionGroups];
        String padded = "0".repeat(wholeGroups * 4 - whole.length()) + whole
                + fraction + "0".repeat(fractionGroups * 4 - fraction.length());
        for (int g = 0; g < digits.length; g++) digits[g] = Integer.parseInt(padded, g * 4, g * 4 + 4, 10);
        int weight = wholeGroups - 1;
        int first = 0;
        while (first < digits.length && digits[first] == 0) {
            first++;
            weight--;
        }
        int end = digits.length;
        while (end > first && digits[end - 1] == 0) end--;
        int count = end - first;
        if (count == 0) weight = 0;
        room(4 + 8 + 2 * count);
        int32(8 + 2 * count);
        short16(count);
        short16(weight);
        short16(value.signum() < 0 && count > 0 ? 0x4000 : 0);
        short16(scale);
        for (int g = first; g < end; g++) short16(digits[g]);
        return this;
    }

    // ------------------------------------------------------------------ bytes

    private void room(int more) {
        if (length + more > buffer.length) buffer = Arrays.copyOf(buffer, Math.max(length + more, buffer.length * 2));
    }

    private void put(byte[] bytes, int from, int n) {
        room(n);
        System.arraycopy(bytes, from, buffer, length, n);
        length += n;
    }

    private void short16(int v) {
        buffer[length++] = (byte) (v >>> 8);
        buffer[length++] = (byte) v;
    }

    private void int32(int v) {
        buffer[length++] = (byte) (v >>> 24);
        buffer[length++] = (byte) (v >>> 16);
        buffer[length++] = (byte) (v >>> 8);
        buffer[length++] = (byte) v;
    }

    private void int64(long v) {
        int32((int) (v >>> 32));
        int32((int) v);
    }
}
