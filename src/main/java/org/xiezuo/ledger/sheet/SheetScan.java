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

    private final InputStream in;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;

    private SheetScan(InputStream in) {
        this.in = in;
    }

    static SheetScan of(InputStream sheet) throws IOException {
        SheetScan scan = new SheetScan(sheet);
        scan.run();
        return scan;
    }

    private void run() throws IOException {
        byte[] name = new byte[64];
        boolean rowPending = false;
        int b;
        while ((b = next()) != -1) {
            if (b != '<') continue;
            int length = 0;
            int localStart = 0;
            while ((b = next()) != -1 && b != '>' && b != '/' && b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                if (b == '!' || b == '?') break;
                if (length == name.length) break;
                if (b == ':') localStart = length + 1;
                name[length++] = (byte) b;
            }
            if (b == -1) break;
            int local = length - localStart;
            if (local == 0) continue;
            if (is(name, localStart, local, ROW)) {
                rowPending = true;
            } else if (is(name, localStart, local, V) || is(name, localStart, local, IS) || is(name, localStart, local, F)) {
                if (rowPending) {
                    valueRows++;
                    rowPending = false;
                }
            } else if (is(name, localStart, local, MERGE_CELL) && b != '>' && b != '/') {
                mergeCell();
            }
        }
    }

    private void mergeCell() throws IOException {
        StringBuilder attributes = new StringBuilder(48);
        int b;
        while ((b = next()) != -1 && b != '>' && attributes.length() < 512) attributes.append((char) b);
        Matcher ref = REF.matcher(attributes);
        if (ref.find() && merges.size() < MAX_MERGES) {
            Merge merge = Merge.parse(ref.group(1).toUpperCase(java.util.Locale.ROOT));
            if (merge.valid()) merges.add(merge);
        }
    }

    private int next() throws IOException {
        if (position == limit) {
            limit = in.read(buffer, 0, buffer.length);
            position = 0;
            if (limit <= 0) {
                limit = 0;
                return -1;
            }
        }
        return buffer[position++] & 0xff;
    }

    private static boolean is(byte[] name, int start, int length, byte[] expected) {
        if (length != expected.length) return false;
        for (int i = 0; i < length; i++) {
            if (name[start + i] != expected[i]) return false;
        }
        return true;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
