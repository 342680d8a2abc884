package org.xiezuo.ledger.sheet;

/**
 * One cell of a data row as the file holds it, for one template column. Nothing is evaluated or
 * formatted: {@code raw} is the text of the cell's XML value — the digits Excel stored for a number
 * ({@code "1.10101199003071E+17"} for a numeric ID), the string for text, {@code "1"}/{@code "0"} for a
 * boolean, the error code ({@code "#DIV/0!"}) for an error, the formula without its cached result for a
 * formula, and for a date the ISO-8601 date (or date-time) the serial stands for in the workbook's date
 * system. {@code column} is the letter as Excel shows it ({@code "C"}), empty when the column is not in
 * the file; {@code header} is the header text in the file (the template's header when absent).
 * {@code percent} marks a number shown with a percent format (Excel stores 0.45 and shows 45%).
 */
public record Cell(Kind kind, String raw, String column, String header, boolean percent) {

    /** What the cell holds, decided by its XML type and, for numbers, by whether its style is a date format. */
    public enum Kind { BLANK, TEXT, NUMBER, DATE, BOOLEAN, FORMULA, ERROR }

    public Cell(Kind kind, String raw, String column, String header) {
        this(kind, raw, column, header, false);
    }

    static Cell blank(String column, String header) {
        return new Cell(Kind.BLANK, "", column, header, false);
    }

    public boolean isBlank() {
        return kind == Kind.BLANK;
    }

    /** Where the cell is, for messages: {@code C列【身份证号】}. */
    public String where() {
        return (column.isEmpty() ? "" : column + "列") + "【" + header + "】";
    }
}
