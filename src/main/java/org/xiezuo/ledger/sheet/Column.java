package org.xiezuo.ledger.sheet;

import java.util.List;

/**
 * One column of a ledger template, matched by its header text (any order). {@code aliases} are other
 * header texts accepted for it; {@code choices} the accepted values of a CHOICE column.
 */
public record Column(String key, String header, ColumnType type, boolean required, int maxLength,
                     List<String> choices, List<String> aliases) {

    public Column {
        choices = List.copyOf(choices);
        aliases = List.copyOf(aliases);
    }

    public static Column of(String key, String header, ColumnType type, boolean required) {
        return new Column(key, header, type, required, 200, List.of(), List.of());
    }

    public static Column choice(String key, String header, boolean required, List<String> choices) {
        return new Column(key, header, ColumnType.CHOICE, required, 40, choices, List.of());
    }

    public Column withAliases(String... more) {
        return new Column(key, header, type, required, maxLength, choices, List.of(more));
    }

    public Column withMaxLength(int length) {
        return new Column(key, header, type, required, length, choices, aliases);
    }
}
