package org.xiezuo.ledger.sheet;

import org.jspecify.annotations.Nullable;

/**
 * The outcome of reading one cell for one column: a value, a blank (both null — the cell is empty and
 * the column does not require it), or a Chinese message naming the problem, without the cell's place
 * (the caller adds row and column, e.g. with {@link SheetRow#where}).
 */
public record Parsed<T>(@Nullable T value, @Nullable String message) {

    public Parsed {
        if (value != null && message != null) throw new IllegalArgumentException("value and message");
    }

    public static <T> Parsed<T> ok(T value) {
        return new Parsed<>(value, null);
    }

    public static <T> Parsed<T> blank() {
        return new Parsed<>(null, null);
    }

    public static <T> Parsed<T> error(String message) {
        return new Parsed<>(null, message);
    }

    public boolean isOk() {
        return value != null;
    }

    public boolean isBlank() {
        return value == null && message == null;
    }

    public boolean isError() {
        return message != null;
    }

    /** The same outcome for another value type; only for blanks and errors. */
    @SuppressWarnings("unchecked")
    <U> Parsed<U> cast() {
        if (value != null) throw new IllegalStateException("has a value");
        return (Parsed<U>) this;
    }
}
