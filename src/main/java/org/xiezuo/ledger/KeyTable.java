package org.xiezuo.ledger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import org.xiezuo.shared.ScratchMemory;

/**
 * An open-addressing hash table of 128-bit keys packed in two {@code long}s (the first 16 bytes of a
 * SHA-256 natural key or of an ID's HMAC blind index), with a {@code long} and one or two {@code int}s per key —
 * what the import needs to de-duplicate a million rows without a set of strings (PERFORMANCE.md W1).
 * Linear probing over a capacity that need not be a power of two (sized from the expected number of
 * keys, grown by half when three quarters full); no removal.
 *
 * <p>The slots live off the Java heap, in a {@link ScratchMemory} the table owns (ADR 0021): at a million
 * rows the two tables of an import are ≈ 85 MB, which on the heap made the heap grow with the file.
 * A slot is 32 bytes, one record (key high, key low, long, int, second int) rather than parallel arrays,
 * so that a probe reads one cache line. Growing maps a new table, rehashes into it and releases the old
 * one at once. {@link #close} releases the memory: the creator calls it in a finally; any use after that
 * throws {@link IllegalStateException}. One thread at a time.
 *
 * <p>Slots are addressed by index. A caller that remembers slot indices calls {@link #reserve} first:
 * the table then does not grow (and so does not move any key) until that many keys have been added.
 *
 * <p>Two different keys are the same key here only if their first 127 bits are equal (the lowest bit
 * marks a used slot): for a million SHA-256 keys the chance of that is about 10<sup>-26</sup>.
 */
final class KeyTable implements AutoCloseable {

    private static final float MAX_LOAD = 0.75f;
    /** Bytes a slot: a power of two, so that no slot straddles two segments of the scratch memory. */
    private static final int SLOT = 32;
    private static final int SLOT_BITS = 5;
    private static final int HIGH = 0;
    private static final int LOW = 8;    // 0: empty slot; a key's low word always has its lowest bit set
    private static final int LONG = 16;
    private static final int INT = 24;
    private static final int SECOND = 28; // a second int per key, when asked for

    private final boolean second;
    private ScratchMemory slots;
    private int capacity;
    private int size;
    private int limit;

    KeyTable(int expectedKeys, boolean secondInt) {
        this.second = secondInt;
        int cap = Math.max(16, (int) Math.min(Integer.MAX_VALUE - 8, (long) (Math.max(expectedKeys, 1) / MAX_LOAD) + 1));
        this.slots = new ScratchMemory((long) cap << SLOT_BITS);
        this.capacity = cap;
        this.limit = (int) (cap * MAX_LOAD);
    }

    int size() { return size; }

    int capacity() { return capacity; }

    /** The slot of the key, or -1 when it is not in the table. */
    int find(long hi, long lo) {
        long l = lo | 1L;
        ScratchMemory m = slots;
        int cap = capacity;
        for (int i = index(hi, l, cap); ; i = i + 1 == cap ? 0 : i + 1) {
            long at = (long) i << SLOT_BITS;
            long low = m.getLong(at + LOW);
            if (low == 0) return -1;
            if (low == l && m.getLong(at + HIGH) == hi) return i;
        }
    }

    /** Adds a key that is not in the table yet (see {@link #find}); returns its slot, its values zero. */
    int add(long hi, long lo) {
        if (size >= limit) grow();
        long l = lo | 1L;
        ScratchMemory m = slots;
        int cap = capacity;
        int i = index(hi, l, cap);
        long low;
        while ((low = m.getLong((long) i << SLOT_BITS | LOW)) != 0) {
            if (low == l && m.getLong((long) i << SLOT_BITS) == hi) throw new IllegalArgumentException("key already present");
            i = i + 1 == cap ? 0 : i + 1;
        }
        long at = (long) i << SLOT_BITS;
        m.putLong(at + HIGH, hi);
        m.putLong(at + LOW, l);
        size++;
        return i;
    }

    /** Makes room for {@code more} keys now, so that adding them moves no slot. */
    void reserve(int more) {
        long needed = (long) size + more;
        if (needed <= limit) return;
        // one step to a table that holds them all: reserving a file's row count rehashes once, not a dozen times
        grow(Math.max(capacity + (capacity >> 1) + 16L, (long) (needed / MAX_LOAD) + 1));
    }

    long longAt(int slot) { return slots.getLong(at(slot) + LONG); }

    void setLong(int slot, long value) { slots.putLong(at(slot) + LONG, value); }

    int intAt(int slot) { return slots.getInt(at(slot) + INT); }

    void setInt(int slot, int value) { slots.putInt(at(slot) + INT, value); }

    int secondAt(int slot) { return slots.getInt(at(slot) + secondOffset()); }

    void setSecond(int slot, int value) { slots.putInt(at(slot) + secondOffset(), value); }

    /** The slot's offset; a slot outside the table is an error, as an array index would be. */
    private long at(int slot) {
        if (slot < 0 || slot >= capacity) throw new IndexOutOfBoundsException(slot);
        return (long) slot << SLOT_BITS;
    }

    private int secondOffset() {
        if (!second) throw new IllegalStateException("this table keeps no second int");
        return SECOND;
    }

    private void grow() {
        grow(capacity + (capacity >> 1) + 16L);
    }

    private void grow(long wanted) {
        ScratchMemory old = slots;
        int oldCapacity = capacity;
        long bigger = Math.min(Integer.MAX_VALUE - 8L, wanted);
        if (bigger <= oldCapacity) throw new IllegalStateException("key table full");
        ScratchMemory next = new ScratchMemory(bigger << SLOT_BITS);
        try {
            int cap = (int) bigger;
            for (int j = 0; j < oldCapacity; j++) {
                long from = (long) j << SLOT_BITS;
                long lo = old.getLong(from + LOW);
                if (lo == 0) continue;
                long hi = old.getLong(from + HIGH);
                int i = index(hi, lo, cap);
                while (next.getLong((long) i << SLOT_BITS | LOW) != 0) i = i + 1 == cap ? 0 : i + 1;
                long to = (long) i << SLOT_BITS;
                next.putLong(to + HIGH, hi);
                next.putLong(to + LOW, lo);
                next.putLong(to + LONG, old.getLong(from + LONG));
                next.putLong(to + INT, old.getLong(from + INT)); // the int and the second int together
            }
            slots = next;
            capacity = cap;
            limit = (int) (cap * MAX_LOAD);
        } catch (RuntimeException | Error e) {
            next.close();
            throw e;
        }
        old.close();
    }

    /** Releases the table's memory now; idempotent. */
    @Override
    public void close() {
        slots.close();
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
     * text is hashed first, so that every key packs the same way. For the keys read from the database: a
     * row being imported brings its key packed from the digest ({@link EntryDraft#keyHigh}, the same longs).
     */
    static long[] pack(String key) {
        if (key.length() == 64 && isHex(key)) {
            return new long[] {Long.parseUnsignedLong(key, 0, 16, 16), Long.parseUnsignedLong(key, 16, 32, 16)};
        }
        byte[] digest = sha256(key);
        return new long[] {high(digest), low(digest)};
    }

    /**
     * The first 64 bits of the hex text, for comparing facts hashes (same rule as {@link #pack}); a row
     * being imported brings them from the digest ({@link EntryDraft#factsHigh}).
     */
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
        return "KeyTable[" + size + "/" + capacity + (slots.isClosed() ? ", closed" : "") + "]";
    }
}
