package org.xiezuo.shared;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

import org.jspecify.annotations.Nullable;

/**
 * A zip read entry by entry through its local headers, from the first byte on, as a streaming reader
 * reads it (the rules are {@link java.util.zip.ZipInputStream}'s: the entries end at the first bytes that
 * are not a local header; only stored and deflated entries; a data descriptor only after deflated data;
 * sizes and CRC verified at each entry's end). Each entry's content is inflated once into a caller's
 * consumer, and the SHA-256 of its compressed bytes — exactly the bytes its inflater consumed, or its
 * stored bytes — is kept: two readers that take the same compressed bytes with the same method read the
 * same content, so that digest is what {@link SafeArchive} compares with the central directory's view
 * instead of inflating the archive a second time.
 *
 * <p>Failures: a broken structure is a {@link ZipException}, a file that ends inside an entry an
 * {@link EOFException}, a name that is not UTF-8 an {@link IllegalArgumentException} — the exceptions
 * {@code ZipInputStream} throws for the same files.
 */
final class LocalEntries implements AutoCloseable {

    private static final int LOCAL_HEADER = 0x04034b50;
    private static final int DESCRIPTOR = 0x08074b50;
    private static final int LOCAL_HEADER_BYTES = 30;
    private static final int STORED = 0;
    private static final int DEFLATED = 8;
    private static final long ZIP64_MAGIC = 0xFFFFFFFFL;

    /** What is done with an entry's content while it is read. */
    interface Content {
        /** {@code compressedSoFar}: compressed bytes of this entry consumed up to and including these. */
        void accept(byte[] bytes, int offset, int length, long compressedSoFar);
    }

    /** One entry after its end: its name, method, the SHA-256 of its compressed bytes and its inflated size. */
    record Entry(String name, int method, byte[] compressedDigest, long size) {}

    private final InputStream in;
    private final byte[] buffer = new byte[64 * 1024];
    private final byte[] inflated = new byte[64 * 1024];
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private final MessageDigest digest = SafeArchive.sha256();
    private int position;
    private int limit;
    private boolean ended;

    LocalEntries(InputStream in) {
        this.in = in;
    }

    /**
     * The next entry's name, after its header was read; null when the local headers end. Its content
     * must then be read with {@link #read} before the next call.
     */
    @Nullable String next() throws IOException {
        header = null;
        if (!fill(LOCAL_HEADER_BYTES)) return null; // ZipInputStream: a short read ends the entries
        if (intAt(position) != LOCAL_HEADER) return null;
        int flags = shortAt(position + 6);
        int method = shortAt(position + 8);
        long crcValue = intAt(position + 14) & ZIP64_MAGIC;
        long compressed = intAt(position + 18) & ZIP64_MAGIC;
        long size = intAt(position + 22) & ZIP64_MAGIC;
        int nameLength = shortAt(position + 26);
        int extraLength = shortAt(position + 28);
        position += LOCAL_HEADER_BYTES;
        String name = utf8(take(nameLength));
        if ((flags & 1) == 1) throw new ZipException("encrypted ZIP entry not supported");
        boolean descriptor = (flags & 8) == 8;
        if (descriptor && method != DEFLATED) throw new ZipException("only DEFLATED entries can have EXT descriptor");
        byte[] extra = take(extraLength);
        if (46L + name.length() + extraLength > 0xFFFF) throw new IllegalArgumentException("invalid extra field length");
        boolean zip64 = compressed == ZIP64_MAGIC || size == ZIP64_MAGIC;
        if (!descriptor && zip64) {
            long[] sizes = zip64Sizes(extra, size, compressed);
            size = sizes[0];
            compressed = sizes[1];
        }
        // a descriptor after zip64 sizes in the header has 8-byte sizes (as ZipInputStream expects it)
        boolean wideDescriptor = descriptor && zip64 && hasZip64Field(extra);
        header = new Header(name, method, descriptor, wideDescriptor, crcValue, compressed, size);
        return name;
    }

    private record Header(String name, int method, boolean descriptor, boolean wideDescriptor, long crc, long compressed,
                          long size) {}

    private @Nullable Header header;

    /** Reads the current entry's content into {@code content}, verifies its sizes and CRC; answers the entry. */
    Entry read(Content content) throws IOException {
        Header h = header;
        if (h == null) throw new IllegalStateException("no entry");
        header = null;
        digest.reset();
        crc.reset();
        long compressedRead;
        long sizeRead;
        if (h.method() != STORED && h.method() != DEFLATED) throw new ZipException("invalid compression method");
        if (h.method() == STORED) {
            long left = h.size();
            while (left > 0) {
                if (position == limit && !fill(1)) throw new ZipException("unexpected EOF");
                int n = (int) Math.min(left, limit - position);
                digest.update(buffer, position, n);
                crc.update(buffer, position, n);
                left -= n;
                content.accept(buffer, position, n, h.size() - left); // stored: the bytes themselves
                position += n;
            }
            compressedRead = h.size();
            sizeRead = h.size();
        } else {
            inflate(content);
            compressedRead = inflater.getBytesRead();
            sizeRead = inflater.getBytesWritten();
        }
        long expectedCrc = h.crc();
        long expectedSize = h.size();
        // stored: the size is the rule, as in ZipInputStream
        long expectedCompressed = h.method() == STORED ? sizeRead : h.compressed();
        if (h.descriptor()) {
            // the descriptor's signature is optional; its sizes are 8 bytes when either size passed 4 GB
            boolean wide = compressedRead > ZIP64_MAGIC || sizeRead > ZIP64_MAGIC || h.wideDescriptor();
            int sizesBytes = wide ? 16 : 8;
            if (!fill(4)) throw new EOFException("Unexpected end of ZIP input stream");
            if (intAt(position) == DESCRIPTOR) position += 4;
            if (!fill(4 + sizesBytes)) throw new EOFException("Unexpected end of ZIP input stream");
            expectedCrc = intAt(position) & ZIP64_MAGIC;
            expectedCompressed = wide ? longAt(position + 4) : intAt(position + 4) & ZIP64_MAGIC;
            expectedSize = wide ? longAt(position + 12) : intAt(position + 8) & ZIP64_MAGIC;
            position += 4 + sizesBytes;
        }
        if (expectedSize != sizeRead) throw new ZipException("invalid entry size");
        if (expectedCompressed != compressedRead) throw new ZipException("invalid entry compressed size");
        if (expectedCrc != crc.getValue()) throw new ZipException("invalid entry CRC");
        return new Entry(h.name(), h.method(), digest.digest(), sizeRead);
    }

    /** One deflate stream: the input window handed to the inflater is digested as far as it was consumed. */
    private void inflate(Content content) throws IOException {
        inflater.reset();
        int windowStart = position;
        try {
            while (!inflater.finished()) {
                if (inflater.needsDictionary()) throw new ZipException("invalid deflate stream: a preset dictionary");
                if (inflater.needsInput()) {
                    digest.update(buffer, windowStart, position - windowStart);
                    if (position == limit && !fill(1)) throw new EOFException("Unexpected end of ZLIB input stream");
                    windowStart = position;
                    inflater.setInput(buffer, position, limit - position);
                    position = limit;
                }
                int n = inflater.inflate(inflated);
                if (n > 0) {
                    crc.update(inflated, 0, n);
                    content.accept(inflated, 0, n, inflater.getBytesRead());
                }
            }
        } catch (DataFormatException e) {
            throw new ZipException(e.getMessage());
        }
        position -= inflater.getRemaining(); // bytes after the stream belong to what follows it
        digest.update(buffer, windowStart, position - windowStart);
    }

    /**
     * The sizes of a local header's zip64 extra field (header 0x0001), which must hold both, the
     * uncompressed size first; a field too short for both is skipped (ZipInputStream's rules).
     */
    private static long[] zip64Sizes(byte[] extra, long size, long compressed) {
        for (int i = 0; i + 4 < extra.length; ) {
            int tag = extra[i] & 0xff | (extra[i + 1] & 0xff) << 8;
            int length = extra[i + 2] & 0xff | (extra[i + 3] & 0xff) << 8;
            i += 4;
            if (i + length > extra.length) break;
            if (tag == 1 && length >= 16) {
                ByteBuffer field = ByteBuffer.wrap(extra, i, 16).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                return new long[] {field.getLong(), field.getLong()};
            }
            i += length;
        }
        return new long[] {size, compressed};
    }

    private static boolean hasZip64Field(byte[] extra) {
        for (int i = 0; i + 4 < extra.length; ) {
            int tag = extra[i] & 0xff | (extra[i + 1] & 0xff) << 8;
            int length = extra[i + 2] & 0xff | (extra[i + 3] & 0xff) << 8;
            if (i + 4 + length > extra.length) return false;
            if (tag == 1) return true;
            i += 4 + length;
        }
        return false;
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("MALFORMED", e);
        }
    }

    /** {@code length} bytes from the stream (a name or extra field: at most 64 KB). */
    private byte[] take(int length) throws IOException {
        if (!fill(length)) throw new EOFException("Unexpected end of ZIP input stream");
        byte[] bytes = new byte[length];
        System.arraycopy(buffer, position, bytes, 0, length);
        position += length;
        return bytes;
    }

    /** Makes at least {@code bytes} unread bytes available (at most the buffer's size); false at the end of the stream. */
    private boolean fill(int bytes) throws IOException {
        if (limit - position >= bytes) return true;
        System.arraycopy(buffer, position, buffer, 0, limit - position);
        limit -= position;
        position = 0;
        while (limit < bytes && !ended) {
            int n = in.read(buffer, limit, buffer.length - limit);
            if (n < 0) ended = true;
            else limit += n;
        }
        return limit >= bytes;
    }

    private int intAt(int at) {
        return buffer[at] & 0xff | (buffer[at + 1] & 0xff) << 8 | (buffer[at + 2] & 0xff) << 16 | (buffer[at + 3] & 0xff) << 24;
    }

    private int shortAt(int at) {
        return buffer[at] & 0xff | (buffer[at + 1] & 0xff) << 8;
    }

    private long longAt(int at) {
        return intAt(at) & ZIP64_MAGIC | (long) intAt(at + 4) << 32;
    }

    @Override
    public void close() throws IOException {
        inflater.end();
        in.close();
    }
}
