package org.xiezuo.reporting;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * Where the bytes of evidence files live, under a key the server makes (never the user's file name).
 * Both stores take part in the caller's transaction: what {@link #write} stored disappears again when
 * the transaction rolls back, and {@link #discard} takes effect only once it commits — so no metadata
 * row ever points to missing bytes, and a failed write leaves nothing behind.
 */
interface EvidenceStore {

    /** Stores the bytes under a new key and answers it; throws when they could not be kept. */
    String write(byte[] content) throws IOException;

    /** The bytes stored under the key, or empty when there are none. */
    Optional<byte[]> read(String key) throws IOException;

    /** Removes the bytes under the key when the current transaction commits. */
    void discard(String key) throws IOException;

    /** What a store holds under one name: stored bytes, a part file an interrupted write left, or a stranger. */
    enum ListedKind {
        /** Bytes stored under a key. */
        OBJECT,
        /** The part file of a write that never finished ({@code <key>.part}). */
        PARTIAL,
        /** A file the store did not write (another name); never deleted by the application. */
        FOREIGN
    }

    /** One entry of {@link #list()}: its name (the key for objects), size, last change if known, and kind. */
    record Listed(String name, long size, @Nullable Instant modified, ListedKind kind) {}

    /** Everything the store holds, for the sweeper ({@link EvidenceSweeper}); reads no content. */
    List<Listed> list() throws IOException;

    /**
     * Removes an object or a part file at once, outside the transaction rules of {@link #discard}: only for
     * the sweeper, for names no evidence row refers to. Answers whether something was removed.
     */
    boolean remove(Listed entry) throws IOException;

    /** 128 random bits as 32 hex digits: a key nobody can guess or choose. */
    static String randomKey() {
        byte[] bits = new byte[16];
        new SecureRandom().nextBytes(bits);
        return HexFormat.of().formatHex(bits);
    }
}
