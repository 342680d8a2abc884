package org.xiezuo.shared;

/**
 * Text that a spreadsheet program may take for a formula when it is typed, pasted or imported from CSV
 * (OWASP "CSV injection", SECURITY.md T51): it starts with {@code = + - @}, their full-width forms, a
 * tab, a carriage return, a line feed or NUL. Every export writes such text as a quote-prefixed string
 * cell (xlsx) or with a leading apostrophe (CSV) — the one rule for all of them.
 */
public final class FormulaText {

    private FormulaText() {}

    public static boolean startsLikeFormula(String text) {
        if (text.isEmpty()) return false;
        return switch (text.charAt(0)) {
            case '=', '+', '-', '@', '\t', '\r', '\n', '\0', '＝', '＋', '－', '＠' -> true;
            default -> false;
        };
    }
}
