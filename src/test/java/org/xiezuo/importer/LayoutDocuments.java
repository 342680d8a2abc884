package org.xiezuo.importer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.apache.poi.xwpf.usermodel.XWPFTableCell;
import org.apache.poi.xwpf.usermodel.XWPFTableRow;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTTcPr;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.STMerge;

/**
 * Small task-book documents for layout tests, written the way offices make them. Tables are given
 * as rows of cells in which {@code "<"} means “merged into the cell on the left” and {@code "^"}
 * means “merged into the cell above”; the builders turn these into {@code gridSpan}/{@code vMerge}
 * in Word and merged regions in Excel. A {@link Number} becomes a numeric Excel cell; a line break
 * in a Word cell becomes a second paragraph of that cell; a {@link Percent} is a number formatted {@code 0%}.
 */
final class LayoutDocuments {

    static final String LEFT = "<";
    static final String UP = "^";

    private LayoutDocuments() {}

    /** Lines joined with line breaks, as UTF-8. */
    static byte[] text(String... lines) {
        return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    static Object[] row(Object... cells) {
        return cells;
    }

    /** A number an Excel cell stores as a fraction and shows as a percentage (0.3 shown as 30%). */
    record Percent(double fraction) {}

    static Percent percent(double fraction) {
        return new Percent(fraction);
    }

    // ---------------------------------------------------------------- Word

    static Word word() {
        return new Word();
    }

    /** A .docx body: paragraphs and tables in order. */
    static final class Word {
        private final List<Object> body = new ArrayList<>();

        Word paragraphs(String... texts) {
            body.addAll(List.of(texts));
            return this;
        }

        Word table(Object[]... rows) {
            body.add(rows);
            return this;
        }

        byte[] bytes() {
            try (XWPFDocument document = new XWPFDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
                for (Object part : body) {
                    if (part instanceof String text) {
                        document.createParagraph().createRun().setText(text);
                    } else {
                        writeTable(document, (Object[][]) part);
                    }
                }
                document.write(out);
                return out.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static void writeTable(XWPFDocument document, Object[][] rows) {
            XWPFTable table = document.createTable();
            table.removeRow(0);
            for (int r = 0; r < rows.length; r++) {
                XWPFTableRow row = table.createRow();
                while (!row.getTableCells().isEmpty()) row.removeCell(0);
                for (int c = 0; c < rows[r].length; c++) {
                    String text = String.valueOf(rows[r][c]);
                    if (text.equals(LEFT)) continue;
                    XWPFTableCell cell = row.addNewTableCell();
                    int span = 1;
                    while (c + span < rows[r].length && LEFT.equals(rows[r][c + span])) span++;
                    CTTcPr pr = cell.getCTTc().isSetTcPr() ? cell.getCTTc().getTcPr() : cell.getCTTc().addNewTcPr();
                    if (span > 1) pr.addNewGridSpan().setVal(BigInteger.valueOf(span));
                    boolean continues = text.equals(UP);
                    boolean starts = !continues && r + 1 < rows.length && c < rows[r + 1].length && UP.equals(rows[r + 1][c]);
                    if (continues || starts) pr.addNewVMerge().setVal(continues ? STMerge.CONTINUE : STMerge.RESTART);
                    if (!continues) write(cell, text);
                }
            }
        }

        private static void write(XWPFTableCell cell, String text) {
            String[] lines = text.split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                XWPFParagraph paragraph = i == 0 && !cell.getParagraphs().isEmpty() ? cell.getParagraphs().get(0) : cell.addParagraph();
                if (!lines[i].isEmpty()) paragraph.createRun().setText(lines[i]);
            }
        }
    }

    // ---------------------------------------------------------------- Excel

    static Excel excel() {
        return new Excel();
    }

    /** A .xlsx workbook: one sheet per call, merged regions from the markers. */
    static final class Excel {
        private final XSSFWorkbook workbook = new XSSFWorkbook();
        private CellStyle percentStyle;

        Excel sheet(String name, Object[]... rows) {
            Sheet sheet = workbook.createSheet(name);
            for (int r = 0; r < rows.length; r++) {
                Row row = sheet.createRow(r);
                for (int c = 0; c < rows[r].length; c++) {
                    Object value = rows[r][c];
                    if (value == null || LEFT.equals(value) || UP.equals(value)) continue;
                    Cell cell = row.createCell(c);
                    if (value instanceof Number n) {
                        cell.setCellValue(n.doubleValue());
                    } else if (value instanceof Percent p) {
                        cell.setCellValue(p.fraction());
                        cell.setCellStyle(percentStyle());
                    } else if (!value.toString().isEmpty()) {
                        cell.setCellValue(value.toString());
                    }
                    merge(sheet, rows, r, c);
                }
            }
            return this;
        }

        private CellStyle percentStyle() {
            if (percentStyle == null) {
                percentStyle = workbook.createCellStyle();
                percentStyle.setDataFormat(workbook.createDataFormat().getFormat("0%"));
            }
            return percentStyle;
        }

        private static void merge(Sheet sheet, Object[][] rows, int r, int c) {
            int right = c;
            while (right + 1 < rows[r].length && LEFT.equals(rows[r][right + 1])) right++;
            int down = r;
            while (down + 1 < rows.length && c < rows[down + 1].length && UP.equals(rows[down + 1][c])) down++;
            if (right > c || down > r) sheet.addMergedRegion(new CellRangeAddress(r, down, c, right));
        }

        byte[] bytes() {
            try (workbook; ByteArrayOutputStream out = new ByteArrayOutputStream()) {
                workbook.write(out);
                return out.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
