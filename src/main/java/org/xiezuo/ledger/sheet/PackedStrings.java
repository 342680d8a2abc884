package org.xiezuo.ledger.sheet;

import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;
import org.xiezuo.shared.ScratchMemory;

/**
 * A read-only table of many strings kept off the Java heap: the shared strings of a workbook, which
 * an Excel-saved ledger of a million rows fills with 1.8 million distinct IDs and phone numbers. As a
 * {@code String[]} that costs ≈ 70 bytes a string (object, array header, reference) and grows the heap
 * with the file; here a string of digits takes half a byte a digit, any other string its UTF-8 bytes,
 * plus a length prefix and an {@code int} offset — ≈ 30 MB at a million rows, in a {@link ScratchMemory}
 * that the table owns (ADR 0021), so that the heap stays flat in the rows.
 *
 * <p>Ownership: the reader of a workbook builds the table and {@link #close}s it when the sheet is read,
 * also on failure; a {@link Builder} that never builds is closed instead. Any use after close throws
 * {@link IllegalStateException}. {@link #get} may be called from several threads at once (absolute reads
 * only), never concurrently with {@link #close}.
 *
 * <p>Layout: pages of {@value #PAGE} bytes (no string across two pages, nor so across two segments of
 * the scratch memory); string {@code i} starts at byte {@code offsets[i]} (page × {@value #PAGE} +
 * position) with a varint header {@code length << 2 | mode}: digit strings are {@code length} characters
 * of {@code 0–9} or {@code X}, two to a byte (high nibble first, {@code 0xF} pads an odd length); strings
 * with a surrogate (which UTF-8 would not keep if unpaired) are {@code length} UTF-16 chars, big-endian;
 * the rest are {@code length} bytes of UTF-8. {@link #get} makes a new {@code String} for each look-up.
 */
final class PackedStrings implements AutoCloseable {

    /** Strings never cross a page, so that no string straddles two segments of the scratch memory. */
    static final int PAGE = 1 << 18;
    private static final int UTF8 = 0;
    private static final int DIGITS = 1;
    private static final int UTF16 = 2;
    private static final byte[] ASCII_DIGITS = "0123456789X".getBytes(StandardCharsets.ISO_8859_1);
    private static final PackedStrings NONE = new PackedStrings(null, null, 0);

    private final @Nullable ScratchMemory bytes;
    private final @Nullable ScratchMemory offsets; // an int per string
    private final int size;

    private PackedStrings(@Nullable ScratchMemory bytes, @Nullable ScratchMemory offsets, int size) {
        this.bytes = bytes;
        this.offsets = offsets;
        this.size = size;
    }

    /** The empty table, which holds no memory (closing it does nothing). */
    static PackedStrings none() {
        return NONE;
    }

    int size() {
        return size;
    }

    /** String {@code index}, {@code 0 <= index < size()}. */
    String get(int index) {
        if (index < 0 || index >= size) throw new IndexOutOfBoundsException(index);
        ScratchMemory bytes = java.util.Objects.requireNonNull(this.bytes);
        long p = java.util.Objects.requireNonNull(offsets).getInt(4L * index) & 0xFFFFFFFFL;
        int header = 0;
        int shift = 0;
        byte b;
        do {
            b = bytes.get(p++);
            header |= (b & 0x7f) << shift;
            shift += 7;
        } while (b < 0);
        int length = header >>> 2;
        switch (header & 3) {
            case UTF8 -> {
                byte[] utf8 = new byte[length];
                bytes.get(p, utf8, 0, length);
                return new String(utf8, StandardCharsets.UTF_8);
            }
            case DIGITS -> {
                byte[] packed = new byte[(length + 1) >> 1];
                bytes.get(p, packed, 0, packed.length);
                byte[] ascii = new byte[length];
                for (int i = 0; i < length; i++) {
                    int nibble = (i & 1) == 0 ? (packed[i >> 1] >> 4) & 0xf : packed[i >> 1] & 0xf;
                    ascii[i] = ASCII_DIGITS[nibble];
                }
                return new String(ascii, StandardCharsets.ISO_8859_1);
            }
            default -> {
                byte[] utf16 = new byte[2 * length];
                bytes.get(p, utf16, 0, utf16.length);
                char[] chars = new char[length];
                for (int i = 0; i < length; i++) chars[i] = (char) ((utf16[2 * i] & 0xff) << 8 | utf16[2 * i + 1] & 0xff);
                return new String(chars);
            }
        }
    }

    /** Releases the table's memory now; idempotent. */
    @Override
    public void close() {
        if (bytes != null) bytes.close();
        if (offsets != null) offsets.close();
    }

    /**
     * Appends strings in order; {@link #build} hands the table and its memory over. Closing a builder
     * that has not built releases the memory (a workbook that fails half-way through its strings).
     */
    static final class Builder implements AutoCloseable {
        private @Nullable ScratchMemory bytes;
        private @Nullable ScratchMemory offsets;
        private long position;
        private int size;
        private byte[] encoded = new byte[256];

        Builder(int expected) {
            ScratchMemory strings = new ScratchMemory(PAGE);
            try {
                // a hint from the file: capped
                offsets = new ScratchMemory(4L * Math.max(16, Math.min(expected, 1 << 21)));
            } catch (RuntimeException | Error e) {
                strings.close();
                throw e;
            }
            bytes = strings;
        }

        void add(String text) {
            ScratchMemory bytes = open(this.bytes), offsets = open(this.offsets);
            int length = text.length();
            int mode = length > 0 && digits(text) ? DIGITS : surrogates(text) ? UTF16 : UTF8;
            byte[] utf8 = mode == UTF8 ? text.getBytes(StandardCharsets.UTF_8) : null;
            int bodyLength = mode == DIGITS ? (length + 1) >> 1 : mode == UTF16 ? 2 * length : utf8.length;
            int header = (mode == UTF8 ? utf8.length : length) << 2 | mode;
            int need = varintLength(header) + bodyLength;
            if (need > PAGE) throw new IllegalArgumentException("string too long for the table: " + need + " bytes");
            if ((position & (PAGE - 1)) + need > PAGE) position = (position | (PAGE - 1)) + 1; // to the next page
            long at = position;
            if (at + need > 0xFFFFFFFFL) throw new IllegalArgumentException("shared strings over 4 GB");
            if (encoded.length < need) encoded = new byte[Math.max(need, 2 * encoded.length)];
            byte[] out = encoded;
            int n = 0;
            int h = header;
            while ((h & ~0x7f) != 0) {
                out[n++] = (byte) ((h & 0x7f) | 0x80);
                h >>>= 7;
            }
            out[n++] = (byte) h;
            if (mode == DIGITS) {
                for (int i = 0; i < length; i += 2) {
                    int high = nibble(text.charAt(i));
                    int low = i + 1 < length ? nibble(text.charAt(i + 1)) : 0xf;
                    out[n++] = (byte) (high << 4 | low);
                }
            } else if (mode == UTF16) {
                for (int i = 0; i < length; i++) {
                    char c = text.charAt(i);
                    out[n++] = (byte) (c >> 8);
                    out[n++] = (byte) c;
                }
            } else {
                System.arraycopy(utf8, 0, out, n, utf8.length);
                n += utf8.length;
            }
            if (at + n > bytes.size()) bytes.ensure(Math.max(at + n, 2 * bytes.size()));
            bytes.put(at, out, 0, n);
            long slot = 4L * size;
            if (slot + 4 > offsets.size()) offsets.ensure(2 * offsets.size());
            offsets.putInt(slot, (int) at);
            position = at + n;
            size++;
        }

        /** The table; this builder's memory is the table's now. */
        PackedStrings build() {
            PackedStrings table = new PackedStrings(open(bytes), open(offsets), size);
            bytes = null;
            offsets = null;
            return table;
        }

        /** Releases the memory unless {@link #build} handed it over; idempotent. */
        @Override
        public void close() {
            ScratchMemory b = bytes, o = offsets;
            bytes = null;
            offsets = null;
            try {
                if (b != null) b.close();
            } finally {
                if (o != null) o.close();
            }
        }

        private static ScratchMemory open(@Nullable ScratchMemory memory) {
            if (memory == null) throw new IllegalStateException("the builder has built its table or is closed");
            return memory;
        }

        /** Whether UTF-8 could not carry the string exactly: an unpaired surrogate (from an {@code _xD800_} escape, say). */
        private static boolean surrogates(String text) {
            for (int i = 0; i < text.length(); i++) {
                if (Character.isSurrogate(text.charAt(i))) return true;
            }
            return false;
        }

        private static boolean digits(String text) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if ((c < '0' || c > '9') && c != 'X') return false;
            }
            return true;
        }

        private static int nibble(char c) {
            return c == 'X' ? 10 : c - '0';
        }

        private static int varintLength(int value) {
            int n = 1;
            while ((value & ~0x7f) != 0) {
                value >>>= 7;
                n++;
            }
            return n;
        }
    }
}
