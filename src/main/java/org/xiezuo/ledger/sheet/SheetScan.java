package org.xiezuo.ledger.sheet;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A quick look at a worksheet's bytes before the real parse, so that what the XML only says at its end
 * can refuse the file before any row reaches the handler: the merged ranges (they follow the rows) and
 * how many rows hold a value. Reads tag names only — no XML parser, no strings per cell — and is
 * conservative: text that merely looks like a tag can only over-count. The SAX pass checks merges again.
 */
final class SheetScan {

    /** A merged range as written in the file, with its bounds (rows 1-based, columns 0-based). */
    record Merge(String ref, int firstRow, int lastRow, int firstColumn, int lastColumn) {

        static Merge parse(String ref) {
            String[] ends = ref.split(":", 2);
            String last = ends.length == 2 ? ends[1] : ends[0];
            int firstRow = ColumnLetters.rowOf(ends[0]);
            int lastRow = ColumnLetters.rowOf(last);
            int firstColumn = ColumnLetters.columnOf(ends[0]);
            int lastColumn = ColumnLetters.columnOf(last);
            if (firstRow < 1 || lastRow < 1 || firstColumn < 0 || lastColumn < 0) return new Merge(ref, 0, 0, 0, 0);
            return new Merge(ref, Math.min(firstRow, lastRow), Math.max(firstRow, lastRow),
                    Math.min(firstColumn, lastColumn), Math.max(firstColumn, lastColumn));
        }

        boolean valid() {
            return firstRow > 0;
        }

        boolean touchesRow(int row) {
            return firstRow <= row && row <= lastRow;
        }
    }

    private static final Pattern REF = Pattern.compile("\\bref\\s*=\\s*[\"']\\s*([A-Za-z]{1,3}\\d{1,7}(?::[A-Za-z]{1,3}\\d{1,7})?)\\s*[\"']");
    private static final int MAX_MERGES = 100_000;
    private static final byte[] ROW = bytes("row");
    private static final byte[] V = bytes("v");
    private static final byte[] IS = bytes("is");
    private static final byte[] F = bytes("f");
    private static final byte[] MERGE_CELL = bytes("mergeCell");

    final List<Merge> merges = new ArrayList<>();
    /** Rows with at least one value, inline string or formula: at least the non-empty rows, header included. */
    long valueRows;

    /** Bytes a tag name and a mergeCell's attributes may need after its {@code <}. */
    private static final int LOOKAHEAD = 1024;

    private final InputStream in;
    private final byte[] buffer = new byte[64 * 1024 + LOOKAHEAD];
    private int length;
    private boolean ended;

    private SheetScan(InputStream in) {
        this.in = in;
    }

    static SheetScan of(InputStream sheet) throws IOException {
        SheetScan scan = new SheetScan(sheet);
        scan.run();
        return scan;
    }

    /** Walks from one {@code <} to the next, keeping {@value #LOOKAHEAD} bytes after it in the buffer. */
    private void run() throws IOException {
        boolean rowPending = false;
        int position = 0;
        while (true) {
            if (length - position < LOOKAHEAD && !ended) position = refill(position);
            byte[] bytes = buffer;
            int end = length;
            while (position < end && bytes[position] != '<') position++;
            if (position >= end) {
                if (ended) return;
                continue;
            }
            if (length - position < LOOKAHEAD && !ended) {
                position = refill(position);
                end = length;
            }
            int nameStart = ++position;
            int localStart = nameStart;
            int limit = Math.min(end, nameStart + 64);
            while (position < limit) {
                byte b = bytes[position];
                if (b == '>' || b == '/' || b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '!' || b == '?') break;
                if (b == ':') localStart = position + 1;
                position++;
            }
            int local = position - localStart;
            if (local == 0) continue;
            if (is(bytes, localStart, local, ROW)) {
                rowPending = true;
            } else if (is(bytes, localStart, local, V) || is(bytes, localStart, local, IS) || is(bytes, localStart, local, F)) {
                if (rowPending) {
                    valueRows++;
                    rowPending = false;
                }
            } else if (is(bytes, localStart, local, MERGE_CELL) && position < end && bytes[position] != '>'
                    && bytes[position] != '/') {
                position = mergeCell(position, end);
            }
        }
    }

    private int mergeCell(int from, int end) {
        int close = from;
        int limit = Math.min(end, from + 512);
        while (close < limit && buffer[close] != '>') close++;
        Matcher ref = REF.matcher(new String(buffer, from, close - from, StandardCharsets.ISO_8859_1));
        if (ref.find() && merges.size() < MAX_MERGES) {
            Merge merge = Merge.parse(ref.group(1).toUpperCase(java.util.Locale.ROOT));
            if (merge.valid()) merges.add(merge);
        }
        return close;
    }

    /** Moves the unread bytes to the front and reads more; answers the new position of {@code position}. */
    private int refill(int position) throws IOException {
        int kept = length - position;
        System.arraycopy(buffer, position, buffer, 0, kept);
        length = kept;
        while (length < buffer.length) {
            int read = in.read(buffer, length, buffer.length - length);
            if (read < 0) {
                ended = true;
                break;
            }
            length += read;
        }
        return 0;
    }

    private static boolean is(byte[] bytes, int start, int length, byte[] expected) {
        if (length != expected.length) return false;
        for (int i = 0; i < length; i++) {
            if (bytes[start + i] != expected[i]) return false;
        }
        return true;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
