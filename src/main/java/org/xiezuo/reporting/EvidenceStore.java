package org.xiezuo.reporting;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

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

    /** 128 random bits as 32 hex digits: a key nobody can guess or choose. */
    static String randomKey() {
        byte[] bits = new byte[16];
        new SecureRandom().nextBytes(bits);
        return HexFormat.of().formatHex(bits);
    }
}
