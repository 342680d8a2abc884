package org.xiezuo.ledger.sheet;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * One non-empty data row: its row number as Excel shows it (blank and hidden rows keep their numbers),
 * whether the row is hidden, and one {@link Cell} per template column, looked up by column key whatever
 * the order of the columns in the file. A template column absent from the file gives a blank cell.
 */
public final class SheetRow {

    private final int rowNumber;
    private final boolean hidden;
    private final Map<String, Integer> slots;
    private final Cell[] cells;

    SheetRow(int rowNumber, boolean hidden, Map<String, Integer> slots, Cell[] cells) {
        this.rowNumber = rowNumber;
        this.hidden = hidden;
        this.slots = slots;
        this.cells = cells;
    }

    /** The row number as Excel shows it; the header is usually row 1. */
    public int rowNumber() {
        return rowNumber;
    }

    public boolean hidden() {
        return hidden;
    }

    /** The cell of the template column {@code key}; throws for a key not in the template. */
    public Cell cell(String key) {
        Integer slot = slots.get(key);
        if (slot == null) throw new IllegalArgumentException("no template column " + key);
        return cells[slot];
    }

    /** The cells in template order. */
    public List<Cell> cells() {
        return Collections.unmodifiableList(Arrays.asList(cells));
    }

    /** Where a cell of this row is, for messages: {@code 第5行，C列【身份证号】}. */
    public String where(String key) {
        return "第" + rowNumber + "行，" + cell(key).where();
    }

    @Override
    public String toString() {
        return "SheetRow[" + rowNumber + (hidden ? ", hidden" : "") + ", " + Arrays.toString(cells) + "]";
    }
}
