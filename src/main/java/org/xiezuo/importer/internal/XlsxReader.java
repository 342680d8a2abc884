package org.xiezuo.importer.internal;

import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import org.apache.poi.openxml4j.exceptions.InvalidFormatException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.usermodel.XSSFCell;
import org.apache.poi.xssf.usermodel.XSSFRow;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.xiezuo.importer.ParsedTaskBook.Warning;
import org.xiezuo.importer.internal.Block.Cell;
import org.xiezuo.importer.internal.Block.Grid;
import org.xiezuo.importer.internal.Block.Merge;
import org.xiezuo.importer.internal.Block.Row;
import org.xiezuo.shared.ExactDecimal;

/**
 * Reads an Excel .xlsx: every visible sheet becomes one grid with merged regions expanded. Values are
 * taken as displayed but exactly (0.655 formatted as a percentage is 65.5%, not a rounded 66%);
 * formulas are never evaluated (their cached value is used, with a warning), and hidden sheets and
 * rows are skipped with a warning.
 */
final class XlsxReader {

    private static final int MAX_COLUMNS = 64;

    ReadResult read(File file) throws IOException, InvalidFormatException {
        List<Block> blocks = new ArrayList<>();
        List<Warning> warnings = new ArrayList<>();
        DataFormatter formatter = new DataFormatter();
        try (OPCPackage pkg = OPCPackage.open(file, PackageAccess.READ);
             XSSFWorkbook workbook = new XSSFWorkbook(pkg)) {
            for (int s = 0; s < workbook.getNumberOfSheets(); s++) {
                XSSFSheet sheet = workbook.getSheetAt(s);
                String sheetName = sheet.getSheetName();
                if (workbook.isSheetHidden(s) || workbook.isSheetVeryHidden(s)) {
                    warnings.add(new Warning("sheet " + sheetName, "隐藏的工作表「" + sheetName + "」已忽略"));
                    continue;
                }
                Grid grid = grid(sheet, formatter, warnings);
                if (!grid.rows().isEmpty()) blocks.add(grid);
            }
        }
        return new ReadResult(blocks, warnings);
    }

    private static Grid grid(XSSFSheet sheet, DataFormatter formatter, List<Warning> warnings) {
        String prefix = "sheet " + sheet.getSheetName() + " row ";
        int last = sheet.getLastRowNum();
        int width = 0;
        for (int r = sheet.getFirstRowNum(); r <= last && r >= 0; r++) {
            XSSFRow row = sheet.getRow(r);
            if (row != null && row.getLastCellNum() > width) width = Math.min(MAX_COLUMNS, row.getLastCellNum());
        }
        String[][] texts = new String[Math.max(0, last + 1)][width];
        Merge[][] merges = new Merge[texts.length][width];
        boolean[] hidden = new boolean[texts.length];
        for (int r = 0; r < texts.length; r++) {
            XSSFRow row = sheet.getRow(r);
            hidden[r] = row != null && row.getZeroHeight();
            for (int c = 0; c < width; c++) {
                merges[r][c] = Merge.NONE;
                texts[r][c] = row == null ? "" : text(row.getCell(c), formatter, prefix + (r + 1), warnings);
            }
        }
        for (CellRangeAddress region : sheet.getMergedRegions()) {
            int firstRow = region.getFirstRow();
            int firstColumn = region.getFirstColumn();
            if (firstRow >= texts.length || firstColumn >= width) continue;
            String origin = texts[firstRow][firstColumn];
            for (int r = firstRow; r <= Math.min(region.getLastRow(), texts.length - 1); r++) {
                for (int c = firstColumn; c <= Math.min(region.getLastColumn(), width - 1); c++) {
                    if (r == firstRow && c == firstColumn) continue;
                    texts[r][c] = origin;
                    merges[r][c] = r > firstRow ? Merge.BELOW : Merge.RIGHT;
                }
            }
        }
        List<Row> rows = new ArrayList<>();
        for (int r = 0; r < texts.length; r++) {
            if (hidden[r]) {
                warnings.add(new Warning(prefix + (r + 1), "隐藏的行已忽略"));
                continue;
            }
            List<Cell> cells = new ArrayList<>(width);
            for (int c = 0; c < width; c++) cells.add(new Cell(texts[r][c], merges[r][c]));
            Row row = new Row(cells, prefix + (r + 1));
            if (!row.isBlank()) rows.add(row);
        }
        return new Grid(rows);
    }

    private static String text(XSSFCell cell, DataFormatter formatter, String location, List<Warning> warnings) {
        if (cell == null) return "";
        if (cell.getCellType() == CellType.FORMULA) {
            warnings.add(new Warning(location + ", column " + (cell.getColumnIndex() + 1),
                    "单元格含公式，未计算，按文件中保存的结果读取"));
            return switch (cell.getCachedFormulaResultType()) {
                case NUMERIC -> formatter.formatRawCellContents(cell.getNumericCellValue(),
                        cell.getCellStyle().getDataFormat(), cell.getCellStyle().getDataFormatString());
                case STRING -> cell.getStringCellValue();
                case BOOLEAN -> String.valueOf(cell.getBooleanCellValue());
                default -> "";
            };
        }
        if (cell.getCellType() == CellType.NUMERIC && !DateUtil.isCellDateFormatted(cell)) {
            // the exact decimal Excel stored, not a display rounding such as "0.3" for 0.25
            BigDecimal value = new BigDecimal(Double.toString(cell.getNumericCellValue()));
            // a percentage cell stores 0.3 and shows 30%; the table means the 30 it shows
            if (isPercent(cell)) return ExactDecimal.format(value.movePointRight(2)) + "%";
            return value.stripTrailingZeros().toPlainString();
        }
        return formatter.formatCellValue(cell).strip();
    }

    /** A % in the number format scales the value; a quoted or escaped % is only printed. */
    private static boolean isPercent(XSSFCell cell) {
        String format = cell.getCellStyle().getDataFormatString();
        return format != null && format.replaceAll("\"[^\"]*\"|\\\\.", "").contains("%");
    }
}
