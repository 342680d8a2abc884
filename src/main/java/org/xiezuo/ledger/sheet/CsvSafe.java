package org.xiezuo.ledger.sheet;

import java.math.BigDecimal;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * CSV fields that Excel and WPS open as text, not formulas (SECURITY.md T51): a value starting with
 * {@code = + - @}, tab, CR, LF or NUL gets a leading {@code '}, and every field is quoted per RFC 4180
 * when it holds a comma, a quote or a line break. Numbers of numeric columns go through {@link #number}
 * instead, so that {@code -5} stays a number.
 */
public final class CsvSafe {

    private CsvSafe() {}

    /** One text field, neutralised and quoted as needed; null is the empty field. */
    public static String cell(@Nullable String value) {
        if (value == null || value.isEmpty()) return "";
        String text = FormulaLike.startsLikeFormula(value) ? "'" + value : value;
        boolean quote = false;
        for (int i = 0; i < text.length() && !quote; i++) {
            char c = text.charAt(i);
            quote = c == ',' || c == '"' || c == '\r' || c == '\n';
        }
        return quote ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }

    /** A number of a numeric column, plainly written ({@code -5}, {@code 1234.5}); null is the empty field. */
    public static String number(@Nullable BigDecimal value) {
        return value == null ? "" : value.toPlainString();
    }

    /** Fields already made safe, joined into one record ending in CRLF. */
    public static String line(List<String> fields) {
        return String.join(",", fields) + "\r\n";
    }
}
