package org.xiezuo.ledger.sheet;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.apache.commons.compress.archivers.zip.Zip64Mode;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFCell;
import org.apache.poi.xssf.usermodel.XSSFRow;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.jspecify.annotations.Nullable;
import org.openxmlformats.schemas.spreadsheetml.x2006.main.STCellType;

/**
 * Real .xlsx files for tests, written with POI under {@code target/sheet-fixtures/}: a fluent builder
 * for small workbooks (sheets in tab order, hidden sheets, header, rows of values, hidden and blank
 * rows, merged header cells) and {@link #streaming} for large ones. Row values: {@code null} leaves the
 * cell out; a {@code String} is a text cell; a {@code Number} a numeric cell (a long ID loses its last
 * digits as in Excel); a {@code LocalDate} a date-formatted serial; a {@code Boolean} a boolean cell;
 * {@link #formula} a formula cell with a cached result; {@link #percent} a number shown as a percentage.
 * {@link #rewrite} edits one part of a written file, for what no spreadsheet program writes.
 */
public final class Workbooks {

    /** A formula (without {@code =}) and the result Excel would have cached for it. */
    public record Formula(String formula, Object cached) {}

    /** A number with a {@code 0%} format: 0.45 shows as 45%. */
    public record Percent(double value) {}

    private final List<SheetSpec> sheets = new ArrayList<>();
    private SheetSpec current;
    private boolean date1904;

    private Workbooks(String firstSheet) {
        current = new SheetSpec(firstSheet);
        sheets.add(current);
    }

    /** A workbook whose first sheet is {@code name}. */
    public static Workbooks sheet(String name) {
        return new Workbooks(name);
    }

    public static Formula formula(String formula, Object cached) {
        return new Formula(formula.startsWith("=") ? formula.substring(1) : formula, cached);
    }

    public static Percent percent(double value) {
        return new Percent(value);
    }

    /** The folder fixtures are written to, created when missing. */
    public static Path dir() {
        Path dir = Path.of("target", "sheet-fixtures");
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the next sheet (after the current one in tab order). */
    public Workbooks then(String name) {
        current = new SheetSpec(name);
        sheets.add(current);
        return this;
    }

    /** Hides the current sheet. */
    public Workbooks hidden() {
        current.hidden = true;
        return this;
    }

    public Workbooks headers(@Nullable String... headers) {
        current.rows.add(new RowSpec(headers, false));
        return this;
    }

    public Workbooks row(@Nullable Object... values) {
        current.rows.add(new RowSpec(values, false));
        return this;
    }

    /** A row that is there but holds nothing. */
    public Workbooks blankRow() {
        current.rows.add(new RowSpec(new Object[0], false));
        return this;
    }

    public Workbooks hiddenRow(@Nullable Object... values) {
        current.rows.add(new RowSpec(values, true));
        return this;
    }

    /** Uses the 1904 date system (old Mac Excel): date serials count from 1904-01-01. */
    public Workbooks date1904() {
        date1904 = true;
        return this;
    }

    /** Hides a column of the current sheet, 0-based. */
    public Workbooks hiddenColumn(int column) {
        current.hiddenColumns.add(column);
        return this;
    }

    /** Merges cells of the current sheet, 0-based rows and columns as POI counts them. */
    public Workbooks merge(int firstRow, int lastRow, int firstColumn, int lastColumn) {
        current.merges.add(new CellRangeAddress(firstRow, lastRow, firstColumn, lastColumn));
        return this;
    }

    /** Writes {@code target/sheet-fixtures/<name>.xlsx} and answers its path. */
    public Path write(String name) {
        Path file = dir().resolve(name + ".xlsx");
        try (XSSFWorkbook workbook = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(file)) {
            if (date1904) {
                var ct = workbook.getCTWorkbook();
                (ct.isSetWorkbookPr() ? ct.getWorkbookPr() : ct.addNewWorkbookPr()).setDate1904(true);
            }
            Styles styles = new Styles(workbook);
            for (SheetSpec spec : sheets) {
                XSSFSheet sheet = workbook.createSheet(spec.name);
                for (int r = 0; r < spec.rows.size(); r++) {
                    RowSpec rowSpec = spec.rows.get(r);
                    XSSFRow row = sheet.createRow(r);
                    if (rowSpec.hidden) row.setZeroHeight(true);
                    for (int c = 0; c < rowSpec.values.length; c++) {
                        Object value = rowSpec.values[c];
                        if (value != null) set(row.createCell(c), value, styles);
                    }
                }
                spec.merges.forEach(sheet::addMergedRegion);
                spec.hiddenColumns.forEach(c -> sheet.setColumnHidden(c, true));
                if (spec.hidden) workbook.setSheetHidden(workbook.getSheetIndex(sheet), true);
            }
            for (int i = 0; i < sheets.size(); i++) {
                if (!sheets.get(i).hidden) {
                    workbook.setActiveSheet(i);
                    workbook.setFirstVisibleTab(i);
                    break;
                }
            }
            workbook.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /**
     * A large one-sheet workbook written with SXSSF (inline strings, as streaming writers produce):
     * the header, then {@code rows} rows from {@code row} (given the 0-based data row index). Written
     * without Zip64 records: with them (SXSSF's default) the JDK's {@code ZipInputStream}, and so
     * {@code SafeArchive}, cannot read the file.
     */
    public static Path streaming(String name, List<String> headers, int rows, IntFunction<Object[]> row) {
        Path file = dir().resolve(name + ".xlsx");
        SXSSFWorkbook workbook = new SXSSFWorkbook(null, 200, true, false);
        workbook.setZip64Mode(Zip64Mode.Never);
        try (OutputStream out = Files.newOutputStream(file)) {
            Styles styles = new Styles(workbook);
            Sheet sheet = workbook.createSheet("台账");
            org.apache.poi.ss.usermodel.Row header = sheet.createRow(0);
            for (int c = 0; c < headers.size(); c++) header.createCell(c).setCellValue(headers.get(c));
            for (int r = 0; r < rows; r++) {
                Object[] values = row.apply(r);
                org.apache.poi.ss.usermodel.Row sheetRow = sheet.createRow(r + 1);
                for (int c = 0; c < values.length; c++) {
                    if (values[c] != null) set(sheetRow.createCell(c), values[c], styles);
                }
            }
            workbook.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            workbook.dispose();
        }
        return file;
    }

    /**
     * A copy of {@code source} as {@code name}.xlsx with one entry's text changed — for files no
     * spreadsheet program writes: {@code change} gets the entry as UTF-8 text, the result is stored in
     * {@code charset} (the XML declaration is the caller's business).
     */
    public static Path rewrite(Path source, String name, String entry, UnaryOperator<String> change, Charset charset) {
        Path file = dir().resolve(name + ".xlsx");
        try (ZipFile zip = new ZipFile(source.toFile());
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(file))) {
            for (ZipEntry each : java.util.Collections.list(zip.entries())) {
                byte[] content = zip.getInputStream(each).readAllBytes();
                if (each.getName().equals(entry)) {
                    content = change.apply(new String(content, StandardCharsets.UTF_8)).getBytes(charset);
                }
                out.putNextEntry(new ZipEntry(each.getName()));
                out.write(content);
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static void set(org.apache.poi.ss.usermodel.Cell cell, Object value, Styles styles) {
        if (value instanceof String text) {
            cell.setCellValue(text);
        } else if (value instanceof Percent percent) {
            cell.setCellValue(percent.value());
            cell.setCellStyle(styles.percent);
        } else if (value instanceof Number number) {
            cell.setCellValue(number.doubleValue());
        } else if (value instanceof LocalDate date) {
            cell.setCellValue(date);
            cell.setCellStyle(styles.date);
        } else if (value instanceof Boolean flag) {
            cell.setCellValue(flag);
        } else if (value instanceof Formula formula) {
            setFormula((XSSFCell) cell, formula);
        } else {
            throw new IllegalArgumentException("no cell for " + value.getClass());
        }
    }

    /**
     * Writes the formula text straight into the cell's XML, so that functions POI's parser does not know
     * (WEBSERVICE) can be written too, with the cached result a spreadsheet program would have stored.
     */
    private static void setFormula(XSSFCell cell, Formula formula) {
        var ct = cell.getCTCell();
        ct.addNewF().setStringValue(formula.formula());
        if (formula.cached() instanceof Number number) {
            ct.setV(String.valueOf(number.doubleValue()));
        } else {
            ct.setT(STCellType.STR);
            ct.setV(String.valueOf(formula.cached()));
        }
    }

    private static final class Styles {
        final CellStyle date;
        final CellStyle percent;

        Styles(Workbook workbook) {
            date = workbook.createCellStyle();
            date.setDataFormat(workbook.createDataFormat().getFormat("yyyy-mm-dd"));
            percent = workbook.createCellStyle();
            percent.setDataFormat(workbook.createDataFormat().getFormat("0%"));
        }
    }

    private static final class SheetSpec {
        final String name;
        final List<RowSpec> rows = new ArrayList<>();
        final List<CellRangeAddress> merges = new ArrayList<>();
        final List<Integer> hiddenColumns = new ArrayList<>();
        boolean hidden;

        SheetSpec(String name) {
            this.name = name;
        }
    }

    private record RowSpec(@Nullable Object[] values, boolean hidden) {}
}
