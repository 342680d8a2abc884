package org.xiezuo.ledger.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.xiezuo.ledger.LedgerEntry;
import org.xiezuo.ledger.LedgerKind;
import org.xiezuo.ledger.RowProblem;
import org.xiezuo.ledger.sheet.Column;
import org.xiezuo.ledger.sheet.ColumnType;

/**
 * A record's form: each template column with the value to show and the problem found with it, plus the
 * problems that name no field. A refused form comes back with what was typed; a record being corrected
 * shows its values, except the ID and phone numbers, which are never sent to the page in full (they
 * are typed again when they change).
 */
record EntryForm(LedgerKind kind, List<Field> fields, List<String> general) {

    record Field(Column column, String value, @Nullable String problem) {
        public String key() { return column.key(); }

        public boolean personal() { return column.type() == ColumnType.ID_NUMBER || column.type() == ColumnType.PHONE; }
    }

    static EntryForm blank(LedgerKind kind) {
        return typed(kind, Map.of(), List.of());
    }

    /** A record's current values; ID and phone empty. */
    static EntryForm of(LedgerEntry entry) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Column column : entry.kind().columns()) {
            if (column.type() == ColumnType.ID_NUMBER || column.type() == ColumnType.PHONE) continue;
            values.put(column.key(), LedgerFormats.INSTANCE.text(entry.value(column.key())));
        }
        return typed(entry.kind(), values, List.of());
    }

    /** What was typed, with the problems found, each next to its field (matched by the column's header). */
    static EntryForm typed(LedgerKind kind, Map<String, String> typed, List<RowProblem> problems) {
        List<Field> fields = new ArrayList<>();
        List<RowProblem> unplaced = new ArrayList<>(problems);
        for (Column column : kind.columns()) {
            List<String> own = new ArrayList<>();
            for (RowProblem p : problems) {
                if (column.header().equals(p.column()) || column.key().equals(p.column())) {
                    own.add(p.message());
                    unplaced.remove(p);
                }
            }
            fields.add(new Field(column, typed.getOrDefault(column.key(), ""), own.isEmpty() ? null : String.join("；", own)));
        }
        return new EntryForm(kind, fields, unplaced.stream().map(p -> p.column() == null ? p.message()
                : "【" + p.column() + "】" + p.message()).toList());
    }

    /** The template columns' values of a posted form, nothing else. */
    static Map<String, String> values(LedgerKind kind, Map<String, String> posted) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Column column : kind.columns()) {
            String value = posted.get(column.key());
            if (value != null) values.put(column.key(), value.length() > 2000 ? value.substring(0, 2000) : value);
        }
        return values;
    }

    public boolean hasProblems() {
        return !general.isEmpty() || fields.stream().anyMatch(f -> f.problem() != null);
    }
}
