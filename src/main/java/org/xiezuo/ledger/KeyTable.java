package org.xiezuo.ledger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * An open-addressing hash table of 128-bit keys packed in two {@code long}s (the first 16 bytes of a
 * SHA-256 natural key or of an ID's HMAC blind index), with a {@code long} and one or two {@code int}s per key —
 * what the import needs to de-duplicate a million rows in about 30 MB instead of a set of strings
 * (PERFORMANCE.md W1). Linear probing over a capacity that need not be a power of two (sized from the
 * expected number of keys, grown by half when three quarters full); no removal.
 *
 * <p>Slots are addressed by index. A caller that remembers slot indices calls {@link #reserve} first:
 * the table then does not grow (and so does not move any key) until that many keys have been added.
 *
 * <p>Two different keys are the same key here only if their first 127 bits are equal (the lowest bit
 * marks a used slot): for a million SHA-256 keys the chance of that is about 10<sup>-26</sup>.
 */
final class KeyTable {

    private static final float MAX_LOAD = 0.75f;

    private long[] high;
    private long[] low;   // 0: empty slot; a key's low word always has its lowest bit set
    private long[] longs;
    private int[] ints;
    private final boolean second;
    private int[] seconds; // a second int per key, when asked for
    private int size;
    private int limit;

    KeyTable(int expectedKeys, boolean secondInt) {
        this.second = secondInt;
        allocate(Math.max(16, (int) Math.min(Integer.MAX_VALUE - 8, (long) (Math.max(expectedKeys, 1) / MAX_LOAD) + 1)));
    }

    int size() { return size; }

    int capacity() { return high.length; }

    /** The slot of the key, or -1 when it is not in the table. */
    int find(long hi, long lo) {
        long l = lo | 1L;
        int cap = high.length;
        for (int i = index(hi, l, cap); ; i = i + 1 == cap ? 0 : i + 1) {
            long at = low[i];
            if (at == 0) return -1;
            if (at == l && high[i] == hi) return i;
        }
    }

    /** Adds a key that is not in the table yet (see {@link #find}); returns its slot, its values zero. */
    int add(long hi, long lo) {
        if (size >= limit) grow();
        long l = lo | 1L;
        int cap = high.length;
        int i = index(hi, l, cap);
        while (low[i] != 0) {
            if (low[i] == l && high[i] == hi) throw new IllegalArgumentException("key already present");
            i = i + 1 == cap ? 0 : i + 1;
        }
        high[i] = hi;
        low[i] = l;
        size++;
        return i;
    }

    /** Makes room for {@code more} keys now, so that adding them moves no slot. */
    void reserve(int more) {
        while ((long) size + more > limit) grow();
    }

    long longAt(int slot) { return longs[slot]; }

    void setLong(int slot, long value) { longs[slot] = value; }

    int intAt(int slot) { return ints[slot]; }

    void setInt(int slot, int value) { ints[slot] = value; }

    int secondAt(int slot) { return seconds[slot]; }

    void setSecond(int slot, int value) { seconds[slot] = value; }

    private void grow() {
        long[] oldHigh = high, oldLow = low, oldLongs = longs;
        int[] oldInts = ints, oldSeconds = seconds;
        long bigger = Math.min(Integer.MAX_VALUE - 8L, oldHigh.length + (oldHigh.length >> 1) + 16L);
        if (bigger <= oldHigh.length) throw new IllegalStateException("key table full");
        allocate((int) bigger);
        int cap = high.length;
        for (int j = 0; j < oldHigh.length; j++) {
            if (oldLow[j] == 0) continue;
            int i = index(oldHigh[j], oldLow[j], cap);
            while (low[i] != 0) i = i + 1 == cap ? 0 : i + 1;
            high[i] = oldHigh[j];
            low[i] = oldLow[j];
            longs[i] = oldLongs[j];
            ints[i] = oldInts[j];
            if (second) seconds[i] = oldSeconds[j];
            size++;
        }
    }

    private void allocate(int capacity) {
        high = new long[capacity];
        low = new long[capacity];
        longs = new long[capacity];
        ints = new int[capacity];
        seconds = second ? new int[capacity] : new int[0];
        size = 0;
        limit = (int) (capacity * MAX_LOAD);
    }

    /** Maps the mixed key onto [0, cap) by a multiply-shift (no power-of-two capacity needed). */
    private static int index(long hi, long lo, int cap) {
        long h = hi * 0x9E3779B97F4A7C15L ^ lo;
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        h ^= h >>> 32;
        return (int) (((h >>> 32) * cap) >>> 32);
    }

    // ------------------------------------------------------------------ packing keys

    /** The first 8 bytes of a digest, big-endian. */
    static long high(byte[] digest) { return word(digest, 0); }

    /** Bytes 8 to 15 of a digest, big-endian. */
    static long low(byte[] digest) { return word(digest, 8); }

    private static long word(byte[] bytes, int from) {
        long v = 0;
        for (int i = from; i < from + 8; i++) v = v << 8 | (i < bytes.length ? bytes[i] & 0xFF : 0);
        return v;
    }

    /**
     * The 16 leading bytes of a natural key as stored (64 lower-case hex digits of a SHA-256); any other
     * text is hashed first, so that every key packs the same way.
     */
    static long[] pack(String key) {
        if (key.length() == 64 && isHex(key)) {
            return new long[] {Long.parseUnsignedLong(key, 0, 16, 16), Long.parseUnsignedLong(key, 16, 32, 16)};
        }
        byte[] digest = sha256(key);
        return new long[] {high(digest), low(digest)};
    }

    /** The first 64 bits of the hex text, for comparing facts hashes (same rule as {@link #pack}). */
    static long packFacts(String facts) {
        if (facts.length() == 64 && isHex(facts)) return Long.parseUnsignedLong(facts, 0, 16, 16);
        return high(sha256(facts));
    }

    private static boolean isHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) return false;
        }
        return true;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A 32-bit hash of a text (FNV-1a folded): persons' names, where a different hash means a different
     * name (two different names with the same hash, about one pair in four billion, go unwarned).
     */
    static int textHash(String text) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < text.length(); i++) {
            h ^= text.charAt(i);
            h *= 0x100000001b3L;
        }
        return (int) (h ^ h >>> 32);
    }

    @Override
    public String toString() {
        return "KeyTable[" + size + "/" + high.length + "]";
    }
}
