package org.xiezuo.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * Off-heap scratch memory: zeros when new, values kept across growth, the file gone from the folder as
 * soon as it is open, unmapped at close (not left to the garbage collector), and a clear error — not a
 * crash — when used after close.
 */
class ScratchMemoryTests {

    @Test
    void newMemoryIsZeroAndKeepsWhatIsWrittenWhileItGrows() {
        try (ScratchMemory memory = new ScratchMemory(100)) {
            assertThat(memory.size()).isGreaterThanOrEqualTo(100);
            assertThat(memory.getLong(0)).isZero();
            assertThat(memory.getLong(memory.size() - 8)).isZero();
            memory.putLong(0, 0x0102030405060708L);
            memory.putInt(8, -7);
            memory.put(12, (byte) 42);
            memory.put(13, "上海".getBytes(StandardCharsets.UTF_8), 0, 6);
            long before = memory.size();
            for (long at = 0; at < before; at += 4096) memory.putInt(at + 1024, (int) at);
            memory.ensure(3 * before + 5);
            assertThat(memory.size()).isGreaterThanOrEqualTo(3 * before + 5);
            assertThat(memory.getLong(0)).isEqualTo(0x0102030405060708L);
            assertThat(memory.getInt(8)).isEqualTo(-7);
            assertThat(memory.get(12)).isEqualTo((byte) 42);
            byte[] text = new byte[6];
            memory.get(13, text, 0, 6);
            assertThat(new String(text, StandardCharsets.UTF_8)).isEqualTo("上海");
            for (long at = 0; at < before; at += 4096) assertThat(memory.getInt(at + 1024)).isEqualTo((int) at);
            assertThat(memory.getLong(memory.size() - 8)).isZero();
            memory.putLong(memory.size() - 8, 99);
            assertThat(memory.getLong(memory.size() - 8)).isEqualTo(99);
            assertThatThrownBy(() -> memory.getLong(memory.size())).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }

    @Test
    void theFileIsGoneOnceOpenAndTheMappingOnceClosed() throws IOException {
        ScratchMemory memory = new ScratchMemory(1 << 20);
        Path file = memory.path();
        assertThat(file.getParent().toAbsolutePath().normalize())
                .isEqualTo(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize());
        assertThat(Files.exists(file)).as("deleted as soon as it is open").isFalse();
        memory.putLong(12_345 * 8L, 1);
        Path maps = Path.of("/proc/self/maps");
        boolean linux = Files.isReadable(maps);
        if (linux) assertThat(Files.readString(maps)).contains(file.getFileName().toString());
        memory.close();
        assertThat(Files.exists(file)).isFalse();
        assertThat(memory.isClosed()).isTrue();
        assumeTrue(linux, "the mappings are checked on Linux only");
        assertThat(ScratchMemory.unmapsAtOnce()).as("Unsafe.invokeCleaner reachable without flags").isTrue();
        assertThat(Files.readString(maps)).as("unmapped at close").doesNotContain(file.getFileName().toString());
    }

    @Test
    void useAfterCloseIsAClearErrorAndCloseIsIdempotent() {
        ScratchMemory memory = new ScratchMemory(64);
        memory.putLong(0, 5);
        memory.close();
        memory.close();
        assertThat(memory.size()).isZero();
        assertThatThrownBy(() -> memory.getLong(0)).isInstanceOf(IllegalStateException.class).hasMessageContaining("after close");
        assertThatThrownBy(() -> memory.putInt(0, 1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> memory.get(0, new byte[1], 0, 1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> memory.ensure(1 << 20)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void eachOwnerHasItsOwnMemory() {
        try (ScratchMemory a = new ScratchMemory(4096); ScratchMemory b = new ScratchMemory(4096)) {
            a.putLong(0, 1);
            b.putLong(0, 2);
            assertThat(a.getLong(0)).isEqualTo(1);
            assertThat(b.getLong(0)).isEqualTo(2);
            assertThat(a.path()).isNotEqualTo(b.path());
        }
    }
}
