package org.xiezuo.ledger.sheet;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.apache.commons.compress.archivers.zip.Zip64Mode;
import org.apache.poi.ss.SpreadsheetVersion;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.DataValidation;
import org.apache.poi.ss.usermodel.DataValidationConstraint;
import org.apache.poi.ss.usermodel.DataValidationHelper;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.util.CellRangeAddressList;
import org.apache.poi.ss.util.WorkbookUtil;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.jspecify.annotations.Nullable;

/**
 * Writes ledger templates and ledger exports as .xlsx with SXSSF: rows stream through a window of
 * {@value #WINDOW} rows (compressed temp files, deleted when done), so memory stays flat for any number
 * of rows.
 *
 * <p>Why: a template must make Excel keep what the reader needs — IDs and phone numbers as text (a
 * number loses the last digits of an ID), dates as dates, 是/否 and choices from a list. An export must
 * not become an attack on whoever opens it (SECURITY.md T51): every string is a string cell, never a
 * formula, and one that Excel or a CSV import could take for a formula ({@code = + - @}, tab, CR, NUL)
 * carries the quote-prefix style, so it stays text even when the cell is edited. Numbers stay numbers,
 * negative ones too. XML cannot carry NUL and most other C0 controls: SXSSF writes them as {@code ?}. The zip is written without Zip64 records, which the JDK's {@code ZipInputStream}
 * (and so {@link org.xiezuo.shared.SafeArchive}) cannot read, so a downloaded template or export can be
 * uploaded again.
 */
public final class LedgerSheetWriter {

    private static final int WINDOW = 200;
    private static final int LAST_ROW = SpreadsheetVersion.EXCEL2007.getLastRowIndex();
    /** Excel's limit for the characters of an explicit list in a data validation. */
    private static final int LIST_CHARS = 255;
    private static final String CHOICES_SHEET = "选项";

    private LedgerSheetWriter() {}

    /**
     * An empty template: the header row (bold, frozen), column formats that make Excel keep IDs, phone
     * numbers and dates as the reader needs them, drop-down lists for 是/否 and choice columns.
     */
    public static void writeTemplate(List<Column> columns, String sheetName, OutputStream out) throws IOException {
        write(columns, sheetName, out, (workbook, sheet, styles) -> {
            for (int c = 0; c < columns.size(); c++) {
                sheet.setDefaultColumnStyle(c, styles.column[c]);
                dropDown(workbook, sheet, columns.get(c), c);
            }
        });
    }

    /**
     * An export: the header row, then one row per map (column key → value). Strings are string cells
     * (quote-prefixed when they start like a formula); numbers are numeric cells unless they have more
     * than 15 significant digits, which Excel would round (then exact text); {@code LocalDate} and
     * {@code LocalDateTime} are date cells; {@code Boolean} is 是/否. ID and phone columns are always text.
     */
    public static void writeRows(List<Column> columns, String sheetName, Iterator<Map<String, Object>> rows,
                                 OutputStream out) throws IOException {
        write(columns, sheetName, out, (workbook, sheet, styles) -> {
            int r = 1;
            while (rows.hasNext()) {
                if (r > LAST_ROW) throw new IllegalArgumentException("more rows than a worksheet holds");
                Map<String, Object> values = rows.next();
                Row row = sheet.createRow(r++);
                for (int c = 0; c < columns.size(); c++) {
                    Object value = values.get(columns.get(c).key());
                    if (value != null) set(row.createCell(c), columns.get(c), value, styles.forColumn(c));
                }
            }
        });
    }

    private interface Body {
        void write(Workbook workbook, Sheet sheet, Styles styles) throws IOException;
    }

    private static void write(List<Column> columns, String sheetName, OutputStream out, Body body)
            throws IOException {
        SXSSFWorkbook workbook = new SXSSFWorkbook(null, WINDOW, true, false);
        try {
            workbook.setZip64Mode(Zip64Mode.Never);
            SXSSFSheet sheet = workbook.createSheet(WorkbookUtil.createSafeSheetName(sheetName));
            Styles styles = new Styles(workbook, columns);
            header(sheet, columns, styles);
            body.write(workbook, sheet, styles);
            workbook.write(out);
        } finally {
            workbook.dispose();
            workbook.close();
        }
    }

    private static void header(SXSSFSheet sheet, List<Column> columns, Styles styles) {
        Row header = sheet.createRow(0);
        for (int c = 0; c < columns.size(); c++) {
            Column column = columns.get(c);
            org.apache.poi.ss.usermodel.Cell cell = header.createCell(c);
            cell.setCellValue(column.header());
            cell.setCellStyle(styles.header);
            sheet.setColumnWidth(c, width(column) * 256);
        }
        sheet.createFreezePane(0, 1);
    }

    /** Width in characters: the header (a Chinese character counts two) or what the type needs, whichever is wider. */
    static int width(Column column) {
        int header = 2;
        for (int i = 0; i < column.header().length(); i++) header += column.header().charAt(i) > 0xff ? 2 : 1;
        int content = switch (column.type()) {
            case ID_NUMBER -> 22;
            case PHONE -> 15;
            case DATE -> 12;
            case NAME -> 12;
            case DECIMAL, INTEGER -> 12;
            case YES_NO -> 8;
            case CHOICE -> 2 + 2 * column.choices().stream().mapToInt(String::length).max().orElse(4);
            case TEXT -> Math.min(40, Math.max(12, column.maxLength() / 4));
        };
        return Math.min(60, Math.max(header, content));
    }

    private static void dropDown(Workbook workbook, Sheet sheet, Column column, int c) {
        List<String> choices = switch (column.type()) {
            case YES_NO -> List.of("是", "否");
            case CHOICE -> column.choices();
            default -> List.of();
        };
        if (choices.isEmpty()) return;
        DataValidationHelper helper = sheet.getDataValidationHelper();
        DataValidationConstraint constraint;
        if (String.join(",", choices).length() <= LIST_CHARS && choices.stream().noneMatch(s -> s.contains(","))) {
            constraint = helper.createExplicitListConstraint(choices.toArray(String[]::new));
        } else {
            constraint = helper.createFormulaListConstraint(choicesRange(workbook, choices));
        }
        DataValidation validation = helper.createValidation(constraint, new CellRangeAddressList(1, LAST_ROW, c, c));
        validation.setShowErrorBox(true);
        validation.setErrorStyle(DataValidation.ErrorStyle.STOP);
        validation.createErrorBox("输入有误", "请从下拉列表中选择【" + column.header() + "】");
        // showDropDown stays unset, so Excel shows the arrow: showDropDown="1" hides it, against the attribute's name
        sheet.addValidationData(validation);
    }

    /** Long lists live in a hidden sheet, one column per list; the answer is the range's reference. */
    private static String choicesRange(Workbook workbook, List<String> choices) {
        Sheet lists = workbook.getSheet(CHOICES_SHEET);
        if (lists == null) {
            lists = workbook.createSheet(CHOICES_SHEET);
            workbook.setSheetHidden(workbook.getSheetIndex(lists), true);
        }
        int column = lists.getPhysicalNumberOfRows() == 0 ? 0 : lists.getRow(0).getLastCellNum();
        for (int r = 0; r < choices.size(); r++) {
            Row row = lists.getRow(r) == null ? lists.createRow(r) : lists.getRow(r);
            row.createCell(column).setCellValue(choices.get(r));
        }
        String letter = ColumnLetters.of(column);
        return "'" + CHOICES_SHEET + "'!$" + letter + "$1:$" + letter + "$" + choices.size();
    }

    private static void set(org.apache.poi.ss.usermodel.Cell cell, Column column, Object value, ColumnStyles styles) {
        boolean textColumn = column.type() == ColumnType.ID_NUMBER || column.type() == ColumnType.PHONE;
        if (value instanceof LocalDate date) {
            cell.setCellValue(date);
            cell.setCellStyle(styles.date);
        } else if (value instanceof LocalDateTime time) {
            cell.setCellValue(time);
            cell.setCellStyle(styles.dateTime);
        } else if (value instanceof Boolean flag) {
            cell.setCellValue(flag ? "是" : "否");
            cell.setCellStyle(styles.plain);
        } else if (value instanceof Number number && !textColumn && numeric(number) != null) {
            cell.setCellValue(numeric(number));
            cell.setCellStyle(styles.plain);
        } else {
            String text = value instanceof BigDecimal decimal ? decimal.toPlainString() : String.valueOf(value);
            if (text.length() > Limits.EXCEL_CELL_CHARS) text = text.substring(0, Limits.EXCEL_CELL_CHARS - 1) + "…";
            cell.setCellValue(text);
            cell.setCellStyle(FormulaLike.startsLikeFormula(text) ? styles.quoted : styles.plain);
        }
    }

    /** The number as a double when that is exact enough for Excel (at most 15 significant digits), else null. */
    private static @Nullable Double numeric(Number number) {
        if (number instanceof Double || number instanceof Float) {
            double value = number.doubleValue();
            return Double.isFinite(value) ? value : null;
        }
        BigDecimal exact = number instanceof BigDecimal decimal ? decimal
                : number instanceof BigInteger integer ? new BigDecimal(integer)
                : BigDecimal.valueOf(number.longValue());
        return exact.stripTrailingZeros().precision() <= 15 ? exact.doubleValue() : null;
    }

    /** Styles made once per workbook: the header, and per column its format plain and quote-prefixed. */
    private static final class Styles {
        final CellStyle header;
        final CellStyle[] column;
        private final ColumnStyles[] perColumn;

        Styles(Workbook workbook, List<Column> columns) {
            Font bold = workbook.createFont();
            bold.setBold(true);
            header = workbook.createCellStyle();
            header.setFont(bold);
            header.setDataFormat(workbook.createDataFormat().getFormat("@"));
            CellStyle date = format(workbook, "yyyy-mm-dd");
            CellStyle dateTime = format(workbook, "yyyy-mm-dd hh:mm:ss");
            CellStyle text = format(workbook, "@");
            CellStyle general = workbook.createCellStyle();
            CellStyle textQuoted = quoted(workbook, text);
            CellStyle generalQuoted = quoted(workbook, general);
            column = new CellStyle[columns.size()];
            perColumn = new ColumnStyles[columns.size()];
            for (int c = 0; c < columns.size(); c++) {
                ColumnType type = columns.get(c).type();
                boolean asText = type == ColumnType.ID_NUMBER || type == ColumnType.PHONE;
                column[c] = asText ? text : type == ColumnType.DATE ? date : general;
                perColumn[c] = new ColumnStyles(asText ? text : general, asText ? textQuoted : generalQuoted, date,
                        dateTime);
            }
        }

        ColumnStyles forColumn(int c) {
            return perColumn[c];
        }

        private static CellStyle format(Workbook workbook, String format) {
            CellStyle style = workbook.createCellStyle();
            style.setDataFormat(workbook.createDataFormat().getFormat(format));
            return style;
        }

        private static CellStyle quoted(Workbook workbook, CellStyle base) {
            CellStyle style = workbook.createCellStyle();
            style.cloneStyleFrom(base);
            style.setQuotePrefixed(true);
            return style;
        }
    }

    private record ColumnStyles(CellStyle plain, CellStyle quoted, CellStyle date, CellStyle dateTime) {}
}
