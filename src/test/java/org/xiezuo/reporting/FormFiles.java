package org.xiezuo.reporting;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.xssf.usermodel.XSSFCell;
import org.apache.poi.xssf.usermodel.XSSFRow;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * Filling in a downloaded form as a person would in Excel, with POI: cells by a line's key (the hidden
 * column I) and column, numbers as numbers, text as text, formulas as formulas.
 */
public final class FormFiles {

    public static final int VALUE = ReportWorkbook.VALUE;
    public static final int NOTE = ReportWorkbook.NOTE;
    public static final int REASON = ReportWorkbook.REASON;

    private FormFiles() {}

    public static String indicator(long id) { return "I:" + id; }

    public static String task(long id) { return "T:" + id; }

    public static XSSFWorkbook open(byte[] xlsx) {
        try {
            return new XSSFWorkbook(new ByteArrayInputStream(xlsx));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file after {@code change}, saved as Excel would save it. */
    public static byte[] edit(byte[] xlsx, Consumer<XSSFWorkbook> change) {
        try (XSSFWorkbook workbook = open(xlsx); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            change.accept(workbook);
            workbook.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static XSSFSheet data(XSSFWorkbook workbook) {
        return workbook.getSheet(ReportWorkbook.DATA_SHEET);
    }

    /** The 0-based index of the row holding the line's key. */
    public static int rowOf(XSSFWorkbook workbook, String key) {
        XSSFSheet sheet = data(workbook);
        for (int r = 0; r <= sheet.getLastRowNum(); r++) {
            XSSFRow row = sheet.getRow(r);
            XSSFCell cell = row == null ? null : row.getCell(ReportWorkbook.KEY);
            if (cell != null && cell.getCellType() == CellType.STRING && key.equals(cell.getStringCellValue())) return r;
        }
        throw new IllegalArgumentException("no row for " + key);
    }

    /** Excel's row number (1-based) of the line. */
    public static int excelRow(byte[] xlsx, String key) {
        try (XSSFWorkbook workbook = open(xlsx)) {
            return rowOf(workbook, key) + 1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static XSSFCell cell(XSSFWorkbook workbook, String key, int column) {
        XSSFRow row = data(workbook).getRow(rowOf(workbook, key));
        XSSFCell cell = row.getCell(column);
        return cell == null ? row.createCell(column) : cell;
    }

    /** Types into a cell: a number stays a number, text stays text, null empties the cell. */
    public static Consumer<XSSFWorkbook> set(String key, int column, Object value) {
        return workbook -> {
            XSSFCell cell = cell(workbook, key, column);
            if (value == null) cell.setBlank();
            else if (value instanceof Number number) cell.setCellValue(number.doubleValue());
            else cell.setCellValue(value.toString());
        };
    }

    public static Consumer<XSSFWorkbook> formula(String key, int column, String formula) {
        return workbook -> cell(workbook, key, column).setCellFormula(formula);
    }

    @SafeVarargs
    public static byte[] fill(byte[] xlsx, Consumer<XSSFWorkbook>... changes) {
        return edit(xlsx, workbook -> {
            for (Consumer<XSSFWorkbook> change : changes) change.accept(workbook);
        });
    }
}
