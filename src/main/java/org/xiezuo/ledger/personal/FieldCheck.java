package org.xiezuo.ledger.personal;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The outcome of checking one personal field: either the normalised value to store, or the Chinese
 * message that tells the user what is wrong. Messages never repeat the value itself, so they may go
 * into row-level import errors and logs without leaking what was typed.
 *
 * @param value the normalised value when {@code ok}, else {@code null}
 * @param message why the value was refused when not {@code ok}, else {@code null}
 */
public record FieldCheck(@Nullable String value, @Nullable String message) {

    public FieldCheck {
        if ((value == null) == (message == null)) {
            throw new IllegalArgumentException("exactly one of value and message");
        }
    }

    public static FieldCheck valid(String value) {
        return new FieldCheck(Objects.requireNonNull(value), null);
    }

    public static FieldCheck invalid(String message) {
        return new FieldCheck(null, Objects.requireNonNull(message));
    }

    public boolean ok() {
        return value != null;
    }

    /** The normalised value; only for a valid check. */
    public String requireValue() {
        if (value == null) throw new IllegalStateException("refused: " + message);
        return value;
    }

    @Override
    public String toString() {
        return ok() ? "FieldCheck[ok]" : "FieldCheck[" + message + "]";
    }
}
