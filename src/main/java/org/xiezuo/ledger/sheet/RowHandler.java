package org.xiezuo.ledger.sheet;

/**
 * Receives each non-empty data row, in file order, after the header has been accepted. An exception
 * thrown here stops the reading and reaches the caller of {@link LedgerSheetReader#read} unchanged.
 * The {@link SheetRow} handed over, and its {@link Cell}s, are the handler's: the reader makes a new one
 * for every row and never changes it afterwards, so a handler may keep it or hand it to another thread
 * (the import parses the cells on its checking thread).
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
