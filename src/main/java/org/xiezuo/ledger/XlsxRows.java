package org.xiezuo.ledger;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.xiezuo.ledger.sheet.Cell;
import org.xiezuo.ledger.sheet.CellValues;
import org.xiezuo.ledger.sheet.Column;
import org.xiezuo.ledger.sheet.LedgerSheetReader;
import org.xiezuo.ledger.sheet.Limits;
import org.xiezuo.ledger.sheet.Parsed;
import org.xiezuo.ledger.sheet.SheetRefused;
import org.xiezuo.ledger.sheet.SheetResult;

/**
 * The rows of an .xlsx ledger file: streamed by {@link LedgerSheetReader}, each cell parsed for its
 * template column by {@link CellValues}; a cell's problem carries the row, the column letter and header.
 * A file the reader refuses (template mismatch, too many rows, not an .xlsx) becomes {@link LedgerRefused}.
 */
final class XlsxRows implements RowSource {

    private final Path file;
    private final List<Column> columns;
    private final Limits limits;
    private final Map<String, String> letters = new HashMap<>();

    XlsxRows(Path file, List<Column> columns, Limits limits) {
        this.file = file;
        this.columns = columns;
        this.limits = limits;
    }

    @Override
    public @Nullable String letterOf(String header) {
        return letters.get(header);
    }

    @Override
    public List<String> read(Sink sink) {
        try {
            SheetResult result = LedgerSheetReader.read(file, columns, limits, row -> {
                Map<String, @Nullable Object> values = new HashMap<>();
                List<RowProblem> problems = new ArrayList<>(0);
                for (Column column : columns) {
                    Cell cell = row.cell(column.key());
                    if (!cell.column().isEmpty()) letters.putIfAbsent(column.header(), cell.column());
                    Parsed<?> parsed = CellValues.parse(cell, column);
                    if (parsed.isError()) {
                        problems.add(new RowProblem(row.rowNumber(), column.header(),
                                cell.column().isEmpty() ? null : cell.column(), parsed.message()));
                    } else {
                        values.put(column.key(), parsed.value());
                    }
                }
                sink.row(row.rowNumber(), values, problems);
            });
            return result.warnings();
        } catch (SheetRefused refused) {
            throw new LedgerRefused("ledger.file", refused.getMessage());
        }
    }
}
