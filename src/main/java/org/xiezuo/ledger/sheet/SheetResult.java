package org.xiezuo.ledger.sheet;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What reading a ledger sheet found besides the rows: the sheet read, the header's row number, where
 * each template column was found (key → column letter; absent optional columns are missing), how many
 * rows went to the handler, and warnings that do not refuse the file (hidden sheets ignored, hidden rows
 * and columns imported, content under no header left out).
 */
public record SheetResult(String sheetName, int headerRow, Map<String, String> columns, int rows,
                          List<String> warnings) {

    public SheetResult {
        columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
        warnings = List.copyOf(warnings);
    }
}
