package org.xiezuo.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * The import's primitive key table: every key found with its values after any number of growths, keys
 * differing in a single word (or only in the high or low half) kept apart, slots not moved while
 * reserved room lasts, and the packing of natural keys, blind indexes and facts. The slots are off the
 * heap: a closed table is a clear error, and its memory (a deleted scratch file) is unmapped at close.
 */
class KeyTableTests {

    @Test
    void aHundredThousandKeysThroughSeveralGrowthsKeepTheirValues() {
        try (KeyTable table = new KeyTable(10, true)) {
            aHundredThousandKeys(table);
        }
    }

    private static void aHundredThousandKeys(KeyTable table) {
        SplittableRandom random = new SplittableRandom(42);
        Map<String, long[]> expected = new HashMap<>();
        for (int i = 0; i < 100_000; i++) {
            long hi = random.nextLong(), lo = random.nextLong() | 1L;
            assertThat(table.find(hi, lo)).isEqualTo(-1);
            int slot = table.add(hi, lo);
            table.setLong(slot, i * 7L);
            table.setInt(slot, i);
            table.setSecond(slot, -i);
            expected.put(hi + ":" + lo, new long[] {hi, lo, i});
        }
        assertThat(table.size()).isEqualTo(100_000);
        assertThat(table.capacity()).isGreaterThan(100_000);
        for (long[] key : expected.values()) {
            int slot = table.find(key[0], key[1]);
            assertThat(slot).isNotNegative();
            assertThat(table.longAt(slot)).isEqualTo(key[2] * 7);
            assertThat(table.intAt(slot)).isEqualTo((int) key[2]);
            assertThat(table.secondAt(slot)).isEqualTo((int) -key[2]);
        }
        assertThat(table.find(random.nextLong(), random.nextLong())).isEqualTo(-1);
    }

    @Test
    void keysThatShareOneHalfAreDifferentKeys() {
        try (KeyTable table = new KeyTable(4, false)) {
            keysThatShareOneHalf(table);
        }
    }

    private static void keysThatShareOneHalf(KeyTable table) {
        int a = table.add(5, 1);
        int b = table.add(5, 3);
        int c = table.add(7, 1);
        int d = table.add(0, 0); // the low word's lowest bit marks a used slot: a zero key is a key too
        assertThat(new int[] {a, b, c, d}).doesNotHaveDuplicates();
        assertThat(table.find(5, 1)).isEqualTo(a);
        assertThat(table.find(5, 3)).isEqualTo(b);
        assertThat(table.find(7, 1)).isEqualTo(c);
        assertThat(table.find(0, 0)).isEqualTo(d);
        assertThat(table.find(7, 3)).isEqualTo(-1);
        assertThatThrownBy(() -> table.add(5, 3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void reservedRoomMovesNoSlot() {
        try (KeyTable table = new KeyTable(16, false)) {
            reservedRoom(table);
        }
    }

    private static void reservedRoom(KeyTable table) {
        table.reserve(1000);
        int capacity = table.capacity();
        int first = table.add(1, 1);
        for (int i = 2; i <= 1000; i++) table.add(i, i);
        assertThat(table.capacity()).isEqualTo(capacity);
        assertThat(table.find(1, 1)).isEqualTo(first);
    }

    @Test
    void reservingAFilesRowCountSizesTheTableInOneStepWithTheKeysKept() {
        try (KeyTable table = new KeyTable(16, true)) {
            for (int i = 1; i <= 10; i++) table.setInt(table.add(i, i), i);
            table.reserve(100_000);
            int capacity = table.capacity();
            assertThat(capacity).isGreaterThanOrEqualTo((int) (100_010 / 0.75f));
            for (int i = 1; i <= 10; i++) assertThat(table.intAt(table.find(i, i))).isEqualTo(i);
            for (int i = 11; i <= 100_010; i++) table.add(i, -i);
            assertThat(table.capacity()).as("no growth while the reserved room lasts").isEqualTo(capacity);
            assertThat(table.size()).isEqualTo(100_010);
        }
    }

    @Test
    void naturalKeysBlindIndexesAndFactsPackTheSameWayEveryTime() {
        String key = RowMapping.digest("110101199003074514", "浙江省", "2021-03-01").hex();
        long[] packed = KeyTable.pack(key);
        assertThat(packed).containsExactly(Long.parseUnsignedLong(key.substring(0, 16), 16),
                Long.parseUnsignedLong(key.substring(16, 32), 16));
        assertThat(KeyTable.pack("not a digest")).isEqualTo(KeyTable.pack("not a digest")).isNotEqualTo(KeyTable.pack("not a digest!"));
        assertThat(KeyTable.packFacts(key)).isEqualTo(packed[0]);
        byte[] digest = new byte[32];
        for (int i = 0; i < 32; i++) digest[i] = (byte) (i * 17 + 1);
        assertThat(KeyTable.high(digest)).isEqualTo(0x0112233445566778L);
        assertThat(KeyTable.low(digest)).isEqualTo(0x899AABBCCDDEEF00L);
        assertThat(KeyTable.textHash("张三")).isEqualTo(KeyTable.textHash("张三")).isNotEqualTo(KeyTable.textHash("张四"));
    }

    @Test
    void aMillionKeysGrownFromTheSmallestTableThenAllFoundWithAllTheirValues() {
        try (KeyTable table = new KeyTable(0, true)) {
            SplittableRandom random = new SplittableRandom(7);
            int n = 1_000_000;
            long[] his = new long[n], los = new long[n];
            for (int i = 0; i < n; i++) {
                his[i] = random.nextLong();
                los[i] = random.nextLong() | 1L;
                int slot = table.add(his[i], los[i]);
                table.setLong(slot, ~his[i]);
                table.setInt(slot, i + 1);
                table.setSecond(slot, i ^ 0x5555);
            }
            assertThat(table.size()).isEqualTo(n);
            for (int i = 0; i < n; i++) {
                int slot = table.find(his[i], los[i]);
                assertThat(slot).isNotNegative();
                if (table.longAt(slot) != ~his[i] || table.intAt(slot) != i + 1 || table.secondAt(slot) != (i ^ 0x5555)) {
                    throw new AssertionError("values lost for key " + i + " in " + table);
                }
            }
            for (int i = 0; i < 1000; i++) assertThat(table.find(random.nextLong(), random.nextLong() | 1L)).isEqualTo(-1);
        }
    }

    @Test
    void aClosedTableIsAClearErrorAndItsMemoryIsGone() throws java.io.IOException {
        KeyTable table = new KeyTable(100, false);
        int slot = table.add(1, 1);
        table.setLong(slot, 12);
        String before = mappings();
        table.close();
        table.close(); // idempotent
        assertThatThrownBy(() -> table.find(1, 1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> table.add(2, 2)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> table.longAt(slot)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> table.setInt(slot, 1)).isInstanceOf(IllegalStateException.class);
        assertThat(table.toString()).contains("closed");
        if (before != null) assertThat(scratchMappings(mappings())).isLessThan(scratchMappings(before));
    }

    @Test
    void growingReleasesTheOldTableAtOnce() throws java.io.IOException {
        try (KeyTable table = new KeyTable(16, false)) {
            String before = mappings();
            for (int i = 0; i < 10_000; i++) table.add(i, i);
            if (before != null) assertThat(scratchMappings(mappings())).isEqualTo(scratchMappings(before));
        }
    }

    @Test
    void slotsOutsideTheTableAndAMissingSecondIntAreErrors() {
        try (KeyTable table = new KeyTable(16, false)) {
            assertThatThrownBy(() -> table.longAt(table.capacity())).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> table.setInt(-1, 0)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> table.secondAt(0)).isInstanceOf(IllegalStateException.class);
        }
    }

    /** The process's memory mappings (Linux), or null elsewhere. */
    private static @org.jspecify.annotations.Nullable String mappings() throws java.io.IOException {
        java.nio.file.Path maps = java.nio.file.Path.of("/proc/self/maps");
        return java.nio.file.Files.isReadable(maps) ? java.nio.file.Files.readString(maps) : null;
    }

    private static long scratchMappings(String maps) {
        return maps.lines().filter(line -> line.contains("xiezuo-scratch-")).count();
    }
}
