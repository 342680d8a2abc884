package org.xiezuo.ledger.personal;

import org.jspecify.annotations.Nullable;

/**
 * The masked forms shown by default (SECURITY.md §3): an ID keeps its first 3 and last 4 characters
 * ({@code 110***********1234}), a phone its first 3 and last 4 digits ({@code 138****1234}). The masked
 * forms are stored next to the ciphertext so that lists never need the key. A value too short to keep
 * seven characters is masked whole.
 */
public final class Masking {

    private Masking() {
    }

    /** {@code 511***********123X} for an 18-character ID; {@code null} stays {@code null}. */
    public static @Nullable String id(@Nullable String id) {
        return keepEnds(id);
    }

    /** {@code 138****1234} for an 11-digit phone; {@code null} stays {@code null}. */
    public static @Nullable String phone(@Nullable String phone) {
        return keepEnds(phone);
    }

    private static @Nullable String keepEnds(@Nullable String value) {
        if (value == null) return null;
        int length = value.length();
        if (length <= 7) return "*".repeat(length);
        char[] masked = new char[length];
        value.getChars(0, 3, masked, 0);
        java.util.Arrays.fill(masked, 3, length - 4, '*');
        value.getChars(length - 4, length, masked, length - 4);
        return new String(masked);
    }
}
