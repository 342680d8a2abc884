package org.xiezuo.ledger.sheet;

/**
 * Receives each non-empty data row, in file order, after the header has been accepted. An exception
 * thrown here stops the reading and reaches the caller of {@link LedgerSheetReader#read} unchanged.
 */
@FunctionalInterface
public interface RowHandler {

    void row(SheetRow row);
}
