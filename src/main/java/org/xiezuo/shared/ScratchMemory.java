package org.xiezuo.shared;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * Working memory of one task that grows with its input, kept off the Java heap and released when the
 * task ends rather than when the garbage collector gets round to it: a ledger import's key tables and a
 * workbook's shared strings, which at a million rows are 100 MB and more (PERFORMANCE.md W1 wants the
 * heap flat in the rows; ADR 0021).
 *
 * <p>The memory is a scratch file under {@code java.io.tmpdir}, created owner-only
 * ({@link Files#createTempFile}), deleted as soon as it is open (Linux keeps an unlinked file while a
 * descriptor or a mapping holds it, so nothing is left behind even if the JVM is killed), and mapped
 * with {@link FileChannel#map} in segments of at most {@value #SEGMENT_BITS} bits (a {@code MappedByteBuffer}
 * stops at 2 GB). Why a file rather than {@link ByteBuffer#allocateDirect}: direct buffers count against
 * {@code -XX:MaxDirectMemorySize} (by default the heap's size), so a few concurrent imports could fail
 * with "Direct buffer memory" on a small heap; they grow only by copying into a new buffer; and
 * their memory is anonymous, which the kernel cannot page out on a host without swap. The pages of a
 * file mapping are the page cache's: the kernel may write them back and drop them under pressure, a
 * region grows by mapping a longer one over the same pages (no copy), and no JVM limit applies.
 *
 * <p>New memory reads as zeros. The file is extended by writing zeros through the channel, not by
 * setting its length: a sparse file would reserve no blocks, and a full disk would then surface as a
 * {@code SIGBUS} on the first write to a page ({@link InternalError} in Java) instead of an
 * {@link UncheckedIOException} here, when the memory is asked for.
 *
 * <p>{@link #close} unmaps every segment at once with {@code sun.misc.Unsafe.invokeCleaner} (module
 * {@code jdk.unsupported}, readable without any {@code --add-opens}, as Lucene and Netty use it) and
 * closes the file; afterwards every access throws {@link IllegalStateException} — touching an unmapped
 * page would crash the JVM, so the check is not optional. Should {@code invokeCleaner} be missing, the
 * mappings are left to the garbage collector and the file is still gone.
 *
 * <p>One owner, one thread: growth and {@link #close} must not race with any access. Absolute reads
 * from several threads while nothing grows are fine. Values are in the platform's byte order; a value
 * must not straddle two segments (callers use power-of-two records and pages that divide a segment).
 */
public final class ScratchMemory implements AutoCloseable {

    /** A segment is 1 GB: a power of two that divides evenly by every record size and page the callers use. */
    static final int SEGMENT_BITS = 30;
    private static final long SEGMENT = 1L << SEGMENT_BITS;
    private static final long MASK = SEGMENT - 1;
    private static final long GRAIN = 1 << 16;
    private static final byte[] ZEROS = new byte[1 << 16];
    private static final @Nullable MethodHandle CLEANER = cleaner();

    private final Path path;
    private final FileChannel channel;
    private MappedByteBuffer @Nullable [] segments;
    private long size;

    /** Scratch memory of at least {@code bytes} bytes, all zero. */
    public ScratchMemory(long bytes) {
        Path file;
        try {
            file = Files.createTempFile("xiezuo-scratch-", ".bin");
        } catch (IOException e) {
            throw new UncheckedIOException("no scratch file in " + System.getProperty("java.io.tmpdir"), e);
        }
        FileChannel opened = null;
        try {
            opened = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            Files.delete(file); // where a mapped file cannot be deleted (Windows), close() tries again
        } catch (IOException e) {
            if (opened == null) {
                deleteQuietly(file);
                throw new UncheckedIOException("cannot open the scratch file", e);
            }
        }
        this.path = file;
        this.channel = opened;
        this.segments = new MappedByteBuffer[0];
        try {
            ensure(bytes);
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /** Bytes usable now, from 0. */
    public long size() {
        return size;
    }

    /**
     * Makes at least {@code bytes} bytes usable, keeping what is there; new bytes are zero. The size is
     * rounded up to 64 KB; nothing moves in the file, so offsets stay valid, but a segment's buffer is
     * replaced by a longer mapping of the same pages.
     */
    public void ensure(long bytes) {
        MappedByteBuffer[] current = open();
        if (bytes <= size) return;
        long target = Math.max(GRAIN, (bytes + GRAIN - 1) & -GRAIN);
        int count = (int) ((target + SEGMENT - 1) >>> SEGMENT_BITS);
        MappedByteBuffer[] next = Arrays.copyOf(current, count);
        try {
            extendFile(size, target);
            for (int s = Math.max(0, current.length - 1); s < count; s++) {
                long start = (long) s << SEGMENT_BITS;
                long length = Math.min(SEGMENT, target - start);
                if (s < current.length && current[s].capacity() == length) continue;
                MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_WRITE, start, length);
                mapped.order(ByteOrder.nativeOrder());
                next[s] = mapped;
            }
            segments = next;
            size = target;
            if (current.length > 0 && next[current.length - 1] != current[current.length - 1]) {
                unmap(current[current.length - 1]); // the same pages are mapped longer now
            }
        } catch (IOException e) {
            for (int s = 0; s < count; s++) {
                if (next[s] != null && (s >= current.length || next[s] != current[s])) unmap(next[s]);
            }
            throw new UncheckedIOException("scratch memory of " + target + " bytes not available", e);
        }
    }

    private void extendFile(long from, long to) throws IOException {
        for (long at = from; at < to; ) {
            int n = (int) Math.min(ZEROS.length, to - at);
            at += channel.write(ByteBuffer.wrap(ZEROS, 0, n), at);
        }
    }

    public long getLong(long at) {
        return segment(at).getLong((int) (at & MASK));
    }

    public void putLong(long at, long value) {
        segment(at).putLong((int) (at & MASK), value);
    }

    public int getInt(long at) {
        return segment(at).getInt((int) (at & MASK));
    }

    public void putInt(long at, int value) {
        segment(at).putInt((int) (at & MASK), value);
    }

    public byte get(long at) {
        return segment(at).get((int) (at & MASK));
    }

    public void put(long at, byte value) {
        segment(at).put((int) (at & MASK), value);
    }

    /** Copies {@code length} bytes from {@code at} (within one segment) into {@code to}. */
    public void get(long at, byte[] to, int offset, int length) {
        segment(at).get((int) (at & MASK), to, offset, length);
    }

    /** Copies {@code length} bytes of {@code from} to {@code at} (within one segment). */
    public void put(long at, byte[] from, int offset, int length) {
        segment(at).put((int) (at & MASK), from, offset, length);
    }

    private MappedByteBuffer segment(long at) {
        MappedByteBuffer[] s = segments;
        if (s == null) throw closed();
        return s[(int) (at >>> SEGMENT_BITS)];
    }

    private MappedByteBuffer[] open() {
        MappedByteBuffer[] s = segments;
        if (s == null) throw closed();
        return s;
    }

    private static IllegalStateException closed() {
        return new IllegalStateException("scratch memory used after close");
    }

    /** Whether {@link #close} has run. */
    public boolean isClosed() {
        return segments == null;
    }

    /** The scratch file's name (gone from the directory once open, where the file system allows). */
    Path path() {
        return path;
    }

    /** Unmaps the memory and closes the file, now; idempotent. */
    @Override
    public void close() {
        MappedByteBuffer[] s = segments;
        segments = null;
        size = 0;
        if (s != null) {
            for (MappedByteBuffer segment : s) {
                if (segment != null) unmap(segment);
            }
        }
        try {
            channel.close();
        } catch (IOException e) {
            // nothing left to release: the descriptor is gone either way
        }
        deleteQuietly(path);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // the file was deleted at open where the platform allows it; otherwise the temp folder's sweep takes it
        }
    }

    private static void unmap(MappedByteBuffer buffer) {
        if (CLEANER == null) return;
        try {
            CLEANER.invokeExact(buffer);
        } catch (Throwable e) {
            throw new IllegalStateException("cannot unmap scratch memory", e);
        }
    }

    /** {@code sun.misc.Unsafe.invokeCleaner(ByteBuffer)} bound to the instance; null where it is missing. */
    private static @Nullable MethodHandle cleaner() {
        try {
            Class<?> unsafe = Class.forName("sun.misc.Unsafe");
            Field field = unsafe.getDeclaredField("theUnsafe");
            field.setAccessible(true);
            MethodHandle clean = MethodHandles.lookup()
                    .findVirtual(unsafe, "invokeCleaner", MethodType.methodType(void.class, ByteBuffer.class))
                    .bindTo(field.get(null));
            return clean.asType(MethodType.methodType(void.class, MappedByteBuffer.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** Whether {@link #close} unmaps at once (false: the garbage collector unmaps later). */
    static boolean unmapsAtOnce() {
        return CLEANER != null;
    }

    @Override
    public String toString() {
        return "ScratchMemory[" + size + " bytes" + (segments == null ? ", closed" : "") + "]";
    }
}
