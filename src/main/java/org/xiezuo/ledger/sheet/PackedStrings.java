package org.xiezuo.ledger.sheet;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A read-only table of many strings in a few large byte arrays: the shared strings of a workbook, which
 * an Excel-saved ledger of a million rows fills with 1.8 million distinct IDs and phone numbers. As a
 * {@code String[]} that costs ≈ 70 bytes a string (object, array header, reference) and grows the heap
 * with the file; here a string of digits takes half a byte a digit, any other string its UTF-8 bytes,
 * plus a length prefix and an {@code int} offset.
 *
 * <p>Layout: pages of {@value #PAGE} bytes (no copying when the table grows, no string across two
 * pages); string {@code i} starts at {@code offsets[i]} (page × {@value #PAGE} + position) with a
 * varint header {@code length << 2 | mode}: digit strings are {@code length} characters of {@code 0–9}
 * or {@code X}, two to a byte (high nibble first, {@code 0xF} pads an odd length); strings with a
 * surrogate (which UTF-8 would not keep if unpaired) are {@code length} UTF-16 chars, big-endian; the
 * rest are {@code length} bytes of UTF-8. {@link #get} makes a new {@code String} for each look-up.
 */
final class PackedStrings {

    /** Under half a G1 region (1 MB at this heap size), so a page is never a humongous object with its waste. */
    static final int PAGE = 1 << 18;
    private static final int PAGE_BITS = 18;
    private static final int UTF8 = 0;
    private static final int DIGITS = 1;
    private static final int UTF16 = 2;
    private static final PackedStrings NONE = new PackedStrings(new byte[0][], new int[0], 0);

    private final byte[][] pages;
    private final int[] offsets;
    private final int size;

    private PackedStrings(byte[][] pages, int[] offsets, int size) {
        this.pages = pages;
        this.offsets = offsets;
        this.size = size;
    }

    static PackedStrings none() {
        return NONE;
    }

    int size() {
        return size;
    }

    /** String {@code index}, {@code 0 <= index < size()}. */
    String get(int index) {
        if (index < 0 || index >= size) throw new IndexOutOfBoundsException(index);
        int at = offsets[index];
        byte[] page = pages[at >>> PAGE_BITS];
        int p = at & (PAGE - 1);
        int header = 0;
        int shift = 0;
        byte b;
        do {
            b = page[p++];
            header |= (b & 0x7f) << shift;
            shift += 7;
        } while (b < 0);
        int length = header >>> 2;
        switch (header & 3) {
            case UTF8 -> {
                return new String(page, p, length, StandardCharsets.UTF_8);
            }
            case DIGITS -> {
                char[] chars = new char[length];
                for (int i = 0; i < length; i++) {
                    int nibble = (i & 1) == 0 ? (page[p + (i >> 1)] >> 4) & 0xf : page[p + (i >> 1)] & 0xf;
                    chars[i] = nibble == 10 ? 'X' : (char) ('0' + nibble);
                }
                return new String(chars);
            }
            default -> {
                char[] chars = new char[length];
                for (int i = 0; i < length; i++) {
                    chars[i] = (char) ((page[p + 2 * i] & 0xff) << 8 | page[p + 2 * i + 1] & 0xff);
                }
                return new String(chars);
            }
        }
    }

    /** Appends strings in order; {@link #build} hands the table over. */
    static final class Builder {
        private final List<byte[]> pages = new ArrayList<>();
        private byte[] page;
        private int position;
        private int[] offsets;
        private int size;

        Builder(int expected) {
            offsets = new int[Math.max(16, Math.min(expected, 1 << 21))]; // a hint from the file: capped
            page = new byte[PAGE];
            pages.add(page);
        }

        void add(String text) {
            int length = text.length();
            int mode = length > 0 && digits(text) ? DIGITS : surrogates(text) ? UTF16 : UTF8;
            byte[] utf8 = mode == UTF8 ? text.getBytes(StandardCharsets.UTF_8) : null;
            int bodyLength = mode == DIGITS ? (length + 1) >> 1 : mode == UTF16 ? 2 * length : utf8.length;
            int header = (mode == UTF8 ? utf8.length : length) << 2 | mode;
            int need = varintLength(header) + bodyLength;
            if (need > PAGE) throw new IllegalArgumentException("string too long for the table: " + need + " bytes");
            if (position + need > PAGE) {
                page = new byte[PAGE];
                pages.add(page);
                position = 0;
            }
            if (size == offsets.length) offsets = Arrays.copyOf(offsets, offsets.length + (offsets.length >> 1) + 16);
            long at = (long) (pages.size() - 1) * PAGE + position;
            if (at > Integer.MAX_VALUE) throw new IllegalArgumentException("shared strings over 2 GB");
            offsets[size++] = (int) at;
            int h = header;
            while ((h & ~0x7f) != 0) {
                page[position++] = (byte) ((h & 0x7f) | 0x80);
                h >>>= 7;
            }
            page[position++] = (byte) h;
            if (mode == DIGITS) {
                for (int i = 0; i < length; i += 2) {
                    int high = nibble(text.charAt(i));
                    int low = i + 1 < length ? nibble(text.charAt(i + 1)) : 0xf;
                    page[position++] = (byte) (high << 4 | low);
                }
            } else if (mode == UTF16) {
                for (int i = 0; i < length; i++) {
                    char c = text.charAt(i);
                    page[position++] = (byte) (c >> 8);
                    page[position++] = (byte) c;
                }
            } else {
                System.arraycopy(utf8, 0, page, position, utf8.length);
                position += utf8.length;
            }
        }

        /** The table; the last page and the offsets trimmed to what they hold. */
        PackedStrings build() {
            byte[][] all = pages.toArray(new byte[0][]);
            all[all.length - 1] = Arrays.copyOf(page, position);
            return new PackedStrings(all, size == offsets.length ? offsets : Arrays.copyOf(offsets, size), size);
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
