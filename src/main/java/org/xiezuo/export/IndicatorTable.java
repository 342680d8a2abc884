package org.xiezuo.export;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import org.apache.poi.ss.usermodel.PrintSetup;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.usermodel.XSSFCell;
import org.apache.poi.xssf.usermodel.XSSFCellStyle;
import org.apache.poi.xssf.usermodel.XSSFRow;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.jspecify.annotations.Nullable;
import org.xiezuo.assessment.Assessment;
import org.xiezuo.assessment.Figures;
import org.xiezuo.assessment.IndicatorResult;
import static org.xiezuo.plan.Assessment.STATISTICS_ONLY;
import org.xiezuo.plan.OfficialTableLayout;
import org.xiezuo.plan.OfficialTableLayout.Cells;
import org.xiezuo.plan.OfficialTableLayout.Line;
import org.xiezuo.shared.FormulaText;
import org.xiezuo.shared.MeasureUnit;

/**
 * The official indicator completion table: the task book's 指标分解表 — title, the columns 指标名称 / 单位
 * / 目标任务 / 责任单位 in the official order, category rows merged across, responsible units merged down
 * over their group and 只作统计，不作考核 over its rows, exactly as {@link OfficialTableLayout} lays the
 * source out — plus 完成数 / 完成率 / 时序进度 / 状态 / 预计全年 as of the date. Numbers keep their value
 * with a format by measure unit; status cells have the dashboard's colours; the header is frozen and
 * repeated on every printed page (A4 landscape, fit to width).
 */
public final class IndicatorTable {

    public static final List<String> HEADERS = List.of("指标名称", "单位", "目标任务", "责任单位", "完成数", "完成率", "时序进度",
            "状态", "预计全年");
    /** Rows before the first table row: title, subtitle, header. */
    public static final int HEADER_ROW = 2;
    static final int COLUMNS = 9;

    private IndicatorTable() {}

    public static void write(Assessment assessment, OutputStream out) {
        try (XSSFWorkbook workbook = new XSSFWorkbook()) {
            SheetStyles styles = new SheetStyles(workbook);
            XSSFSheet sheet = workbook.createSheet("指标完成情况");
            writeTable(sheet, styles, assessment, assessment.indicators(),
                    assessment.plan().title() + "指标完成情况表", subtitle(assessment));
            workbook.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String subtitle(Assessment a) {
        return "截至" + Figures.date(a.asOf()) + "　时序进度 " + Figures.percent(a.timeProgress()) + "　综合得分 " + Figures.score(a.score())
                + (a.grade() == null ? "" : "（" + a.grade() + "）");
    }

    /** Writes the title, header and the laid-out rows from row 0 of the sheet; returns the next free row. */
    static int writeTable(XSSFSheet sheet, SheetStyles styles, Assessment assessment, List<IndicatorResult> results,
                          String title, String subtitle) {
        XSSFRow titleRow = sheet.createRow(0);
        titleRow.setHeightInPoints(30);
        text(titleRow, 0, title, styles.title);
        sheet.addMergedRegion(new CellRangeAddress(0, 0, 0, COLUMNS - 1));
        XSSFRow subRow = sheet.createRow(1);
        text(subRow, 0, subtitle, styles.subtitle);
        sheet.addMergedRegion(new CellRangeAddress(1, 1, 0, COLUMNS - 1));
        XSSFRow header = sheet.createRow(HEADER_ROW);
        for (int c = 0; c < COLUMNS; c++) text(header, c, HEADERS.get(c), styles.header);
        int[] widths = {44, 7, 12, 30, 11, 11, 11, 10, 11};
        for (int c = 0; c < COLUMNS; c++) sheet.setColumnWidth(c, widths[c] * 256);

        List<Cells<IndicatorResult>> cells = new ArrayList<>();
        for (IndicatorResult r : results) {
            cells.add(new Cells<>(r.category(), r.indicator().code(), r.indicator().name(), r.indicator().measureUnit(),
                    r.indicator().targetLabel(), r.indicator().assessment() == STATISTICS_ONLY,
                    r.indicator().units().stream().map(u -> u.name()).toList(), r));
        }
        int rowIndex = HEADER_ROW + 1;
        for (Line<IndicatorResult> line : OfficialTableLayout.of(cells)) {
            XSSFRow row = sheet.createRow(rowIndex);
            if (line.isCategory()) {
                text(row, 0, line.categoryHeading(), styles.category);
                for (int c = 1; c < COLUMNS; c++) row.createCell(c).setCellStyle(styles.category);
                sheet.addMergedRegion(new CellRangeAddress(rowIndex, rowIndex, 0, COLUMNS - 1));
                rowIndex++;
                continue;
            }
            Cells<IndicatorResult> c = line.cells();
            IndicatorResult r = c.source();
            text(row, 0, c.numberedName(), styles.text);
            text(row, 1, c.measureUnit() == null ? "" : c.measureUnit(), styles.centred);
            if (line.targetSpan() > 0) {
                if (c.statisticsOnly()) text(row, 2, "只作统计，不作考核", styles.centred);
                else if (r.target() != null) number(row, 2, r.target(), decimals(r), styles);
                else text(row, 2, c.target(), styles.centred);
                if (line.targetSpan() > 1) {
                    sheet.addMergedRegion(new CellRangeAddress(rowIndex, rowIndex + line.targetSpan() - 1, 2, 2));
                }
            } else {
                row.createCell(2).setCellStyle(styles.centred);
            }
            if (line.responsibleSpan() > 0) {
                text(row, 3, String.join(" ", c.responsible()), styles.text);
                if (line.responsibleSpan() > 1) {
                    sheet.addMergedRegion(new CellRangeAddress(rowIndex, rowIndex + line.responsibleSpan() - 1, 3, 3));
                }
            } else {
                row.createCell(3).setCellStyle(styles.text);
            }
            number(row, 4, r.actual(), decimals(r), styles);
            percent(row, 5, r.completion(), styles);
            percent(row, 6, assessment.timeProgress(), styles);
            text(row, 7, r.status().label(), styles.status(r.status()));
            number(row, 8, r.forecast(), decimals(r), styles);
            int lines = Math.max(lines(c.numberedName(), widths[0]), line.responsibleSpan() == 1 ? lines(String.join(" ", c.responsible()), widths[3]) : 1);
            if (lines > 1) row.setHeightInPoints(15f * lines);
            rowIndex++;
        }
        sheet.createFreezePane(1, HEADER_ROW + 1);
        sheet.setRepeatingRows(new CellRangeAddress(HEADER_ROW, HEADER_ROW, 0, COLUMNS - 1));
        PrintSetup print = sheet.getPrintSetup();
        print.setPaperSize(PrintSetup.A4_PAPERSIZE);
        print.setLandscape(true);
        print.setFitWidth((short) 1);
        print.setFitHeight((short) 0);
        sheet.setFitToPage(true);
        sheet.setHorizontallyCenter(true);
        return rowIndex;
    }

    /** How many lines a wrapped text takes in a column of {@code width} characters (Chinese characters count twice). */
    static int lines(String text, int width) {
        int units = 0;
        for (int i = 0; i < text.length(); i++) units += text.charAt(i) < 0x2E80 ? 1 : 2;
        int capacity = width * 6 / 5; // a column of width w holds about 1.2 w half-width characters at 11 pt
        return Math.max(1, (units + capacity - 1) / capacity);
    }

    /** The decimals of an indicator's numbers: its measure unit's (0 for people and counts, 2 for 万元, 4 for 亿元). */
    static int decimals(IndicatorResult r) {
        String unit = r.indicator().measureUnit();
        return unit == null || unit.isBlank() ? 2 : MeasureUnit.of(unit).decimals();
    }

    /** A text cell; text that looks like a formula is a quote-prefixed string, never a formula (T51). */
    static XSSFCell text(XSSFRow row, int column, String value, XSSFCellStyle style) {
        XSSFCell cell = row.createCell(column);
        cell.setCellValue(value);
        cell.setCellStyle(FormulaText.startsLikeFormula(value) ? quoted(row, style) : style);
        return cell;
    }

    private static XSSFCellStyle quoted(XSSFRow row, XSSFCellStyle style) {
        XSSFCellStyle copy = row.getSheet().getWorkbook().createCellStyle();
        copy.cloneStyleFrom(style);
        copy.setQuotePrefixed(true);
        return copy;
    }

    static void number(XSSFRow row, int column, @Nullable BigDecimal value, int decimals, SheetStyles styles) {
        XSSFCell cell = row.createCell(column);
        cell.setCellStyle(styles.number(decimals));
        if (value != null) cell.setCellValue(value.doubleValue());
    }

    static void percent(XSSFRow row, int column, @Nullable BigDecimal value, SheetStyles styles) {
        XSSFCell cell = row.createCell(column);
        cell.setCellStyle(styles.percent);
        if (value != null) cell.setCellValue(value.doubleValue());
    }
}
