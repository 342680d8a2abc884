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
 * Writes ledger templates (SXSSF: data validations, hidden list sheet, column formats) and ledger exports
 * ({@link SheetStream}: the sheet's XML streamed into the zip row by row, no cell objects, no temporary
 * files), so memory stays flat for any number of rows.
 *
 * <p>Why: a template must make Excel keep what the reader needs — IDs and phone numbers as text (a
 * number loses the last digits of an ID), dates as dates, 是/否 and choices from a list. An export must
 * not become an attack on whoever opens it (SECURITY.md T51): every string is a string cell, never a
 * formula, and one that Excel or a CSV import could take for a formula ({@code = + - @}, tab, CR, NUL)
 * carries the quote-prefix style, so it stays text even when the cell is edited. Numbers stay numbers,
 * negative ones too. XML cannot carry NUL and most other C0 controls: both writers write them as
 * {@code ?}. The zip holds no Zip64 records, which the JDK's {@code ZipInputStream} (and so
 * {@link org.xiezuo.shared.SafeArchive}) cannot read, so a downloaded template or export can be uploaded
 * again: the template is written with {@code Zip64Mode.Never}, an export by the JDK's
 * {@code ZipOutputStream}, which adds them only past 4 GB.
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
        Object[] values = new Object[columns.size()];
        writeValues(columns, sheetName, new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public @Nullable Object[] next() {
                Map<String, Object> row = rows.next();
                for (int c = 0; c < values.length; c++) values[c] = row.get(columns.get(c).key());
                return values;
            }
        }, out);
    }

    /**
     * The same export from rows given as arrays in the order of the columns ({@code null} for an empty
     * cell); an array may be reused for the next row once {@code next()} is called again. Written by
     * {@link SheetStream}: the sheet's XML streams into the zip as the rows come, without cell objects or
     * temporary files, so time grows with the rows and memory stays flat.
     */
    public static void writeValues(List<Column> columns, String sheetName, Iterator<@Nullable Object[]> rows,
                                   OutputStream out) throws IOException {
        SheetStream sheet = new SheetStream(out, WorkbookUtil.createSafeSheetName(sheetName),
                columns.stream().map(c -> width(c)).toList());
        sheet.startRow();
        for (int c = 0; c < columns.size(); c++) sheet.text(c, columns.get(c).header(), SheetStream.Style.HEADER);
        boolean[] textColumn = new boolean[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            ColumnType type = columns.get(c).type();
            textColumn[c] = type == ColumnType.ID_NUMBER || type == ColumnType.PHONE;
        }
        int r = 1;
        while (rows.hasNext()) {
            if (r++ > LAST_ROW) throw new IllegalArgumentException("more rows than a worksheet holds");
            @Nullable Object[] values = rows.next();
            sheet.startRow();
            for (int c = 0; c < textColumn.length; c++) {
                Object value = values[c];
                if (value != null) cell(sheet, c, textColumn[c], value);
            }
        }
        sheet.finish();
    }

    private static void cell(SheetStream sheet, int c, boolean textColumn, Object value) throws IOException {
        if (value instanceof String text) {
            text(sheet, c, textColumn, text);
        } else if (value instanceof LocalDate date) {
            sheet.number(c, ExcelDates.serial(date), SheetStream.Style.DATE);
        } else if (value instanceof LocalDateTime time) {
            sheet.number(c, ExcelDates.serial(time), SheetStream.Style.DATE_TIME);
        } else if (value instanceof Boolean flag) {
            sheet.text(c, flag ? "是" : "否", textColumn ? SheetStream.Style.TEXT : SheetStream.Style.GENERAL);
        } else if (!textColumn && (value instanceof Integer || value instanceof Long || value instanceof Short
                || value instanceof Byte) && Math.abs(((Number) value).longValue()) < 1_000_000_000_000_000L) {
            sheet.number(c, ((Number) value).longValue(), SheetStream.Style.GENERAL);
        } else if (value instanceof Number number && !textColumn && numeric(number) != null) {
            sheet.number(c, numeric(number), SheetStream.Style.GENERAL);
        } else {
            text(sheet, c, textColumn, value instanceof BigDecimal decimal ? decimal.toPlainString() : String.valueOf(value));
        }
    }

    private static void text(SheetStream sheet, int c, boolean textColumn, String value) throws IOException {
        String text = value.length() > Limits.EXCEL_CELL_CHARS ? value.substring(0, Limits.EXCEL_CELL_CHARS - 1) + "…" : value;
        boolean quoted = FormulaLike.startsLikeFormula(text);
        sheet.text(c, text, textColumn ? quoted ? SheetStream.Style.TEXT_QUOTED : SheetStream.Style.TEXT
                : quoted ? SheetStream.Style.GENERAL_QUOTED : SheetStream.Style.GENERAL);
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

    /** Styles made once per template: the header, and per column its format. */
    private static final class Styles {
        final CellStyle header;
        final CellStyle[] column;

        Styles(Workbook workbook, List<Column> columns) {
            Font bold = workbook.createFont();
            bold.setBold(true);
            header = workbook.createCellStyle();
            header.setFont(bold);
            header.setDataFormat(workbook.createDataFormat().getFormat("@"));
            CellStyle date = format(workbook, "yyyy-mm-dd");
            CellStyle text = format(workbook, "@");
            CellStyle general = workbook.createCellStyle();
            column = new CellStyle[columns.size()];
            for (int c = 0; c < columns.size(); c++) {
                ColumnType type = columns.get(c).type();
                boolean asText = type == ColumnType.ID_NUMBER || type == ColumnType.PHONE;
                column[c] = asText ? text : type == ColumnType.DATE ? date : general;
            }
        }

        private static CellStyle format(Workbook workbook, String format) {
            CellStyle style = workbook.createCellStyle();
            style.setDataFormat(workbook.createDataFormat().getFormat(format));
            return style;
        }
    }
}
