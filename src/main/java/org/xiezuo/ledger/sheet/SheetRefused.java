package org.xiezuo.ledger.sheet;

import org.jspecify.annotations.Nullable;

/**
 * The file is refused as a whole: wrong template, unsafe or broken file, too many rows. The message is
 * Chinese and meant for the user as it stands; {@code row} (as Excel numbers rows, 0 when it does not
 * apply) and {@code column} (a letter such as {@code "C"}) say where, when it is known. Thrown before
 * any row reaches the handler for everything decided by the header; a row limit or broken XML found
 * further down is thrown mid-stream, so callers import in one transaction.
 */
public final class SheetRefused extends RuntimeException {

    private final int row;
    private final @Nullable String column;

    public SheetRefused(String message) {
        this(message, 0, null);
    }

    public SheetRefused(String message, int row, @Nullable String column) {
        super(message);
        this.row = row;
        this.column = column;
    }

    /** The Excel row number the refusal is about, or 0. */
    public int row() {
        return row;
    }

    public @Nullable String column() {
        return column;
    }
}
