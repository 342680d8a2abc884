package org.xiezuo.ledger.sheet;

/**
 * Receives each non-empty data row, in file order, after the header has been accepted. An exception
 * thrown here stops the reading and reaches the caller of {@link LedgerSheetReader#read} unchanged.
 */
@FunctionalInterface
public interface RowHandler {

    void row(SheetRow row);

    /**
     * How many data rows the sheet holds, as the scan before the parse counted them (rows with a value,
     * less the header; an estimate, for sizing and progress): once, after the header has been accepted and
     * before the first row.
     */
    default void expect(int rows) {}
}
