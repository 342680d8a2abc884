package org.xiezuo.ledger.sheet;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A template's columns indexed for the header: column key → slot (template order), and each
 * normalised header text and alias → slot. Two columns answering to the same text is a template bug.
 */
final class Template {

    final List<Column> columns;
    final Map<String, Integer> slots;
    private final Map<String, Integer> byText = new HashMap<>();

    Template(List<Column> columns) {
        if (columns.isEmpty()) throw new IllegalArgumentException("template without columns");
        this.columns = List.copyOf(columns);
        Map<String, Integer> keys = new LinkedHashMap<>();
        for (int slot = 0; slot < this.columns.size(); slot++) {
            Column column = this.columns.get(slot);
            if (keys.put(column.key(), slot) != null) {
                throw new IllegalArgumentException("duplicate column key " + column.key());
            }
            index(column.header(), slot);
            for (String alias : column.aliases()) index(alias, slot);
        }
        this.slots = Map.copyOf(keys);
    }

    private void index(String text, int slot) {
        Integer previous = byText.put(HeaderText.normalise(text), slot);
        if (previous != null && previous != slot) {
            throw new IllegalArgumentException("header text " + text + " names two columns");
        }
    }

    /** The slot of the column a header text names, or -1. */
    int slotOf(String headerText) {
        Integer slot = byText.get(HeaderText.normalise(headerText));
        return slot == null ? -1 : slot;
    }

    int size() {
        return columns.size();
    }
}
