/**
 * Ledger spreadsheets: reading an uploaded .xlsx against a template in one streaming pass
 * ({@link org.xiezuo.ledger.sheet.LedgerSheetReader}), turning one cell into a checked value with a
 * Chinese message when it is wrong ({@link org.xiezuo.ledger.sheet.CellValues}), and writing templates
 * and exports that Excel cannot turn into formulas ({@link org.xiezuo.ledger.sheet.LedgerSheetWriter},
 * {@link org.xiezuo.ledger.sheet.CsvSafe}). Plain Java on POI, no beans.
 */
@NullMarked
package org.xiezuo.ledger.sheet;

import org.jspecify.annotations.NullMarked;
