package org.xiezuo.ledger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.xiezuo.ledger.sheet.Cell;
import org.xiezuo.ledger.sheet.CellValues;
import org.xiezuo.ledger.sheet.Column;
import org.xiezuo.ledger.sheet.Parsed;

/**
 * One record typed into the form, as a row source: each field parsed like a text cell of the template
 * (so a typed date, number or ID follows exactly the rules of an import). Row number 1 stands for the form.
 */
final class FormRow implements RowSource {

    static final int ROW = 1;

    private final List<Column> columns;
    private final Map<String, String> form;

    FormRow(List<Column> columns, Map<String, String> form) {
        this.columns = columns;
        this.form = form;
    }

    @Override
    public List<String> read(Sink sink) {
        Map<String, @Nullable Object> values = new HashMap<>();
        List<RowProblem> problems = new ArrayList<>();
        parse(values, problems);
        sink.row(ROW, values, problems);
        return List.of();
    }

    void parse(Map<String, @Nullable Object> values, List<RowProblem> problems) {
        for (Column column : columns) {
            String text = form.getOrDefault(column.key(), "");
            Cell cell = new Cell(text == null || text.isBlank() ? Cell.Kind.BLANK : Cell.Kind.TEXT,
                    text == null ? "" : text.strip(), "", column.header());
            Parsed<?> parsed = CellValues.parse(cell, column);
            if (parsed.isError()) {
                problems.add(new RowProblem(ROW, column.header(), null, parsed.message()));
            } else {
                values.put(column.key(), parsed.value());
            }
        }
    }
}
