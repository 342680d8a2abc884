package org.xiezuo.export;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;

import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.usermodel.XSSFRow;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.xiezuo.assessment.Assessment;
import org.xiezuo.assessment.Figures;
import org.xiezuo.assessment.UnitResult;
import org.xiezuo.plan.PlanBook;

/**
 * One unit's workbook: its indicators in the official table's layout with the assessment's columns, and
 * its tasks with the latest approved update of each.
 */
public final class UnitWorkbook {

    public static final List<String> TASK_HEADERS = List.of("序号", "任务", "职责", "最新进展", "进展说明", "所属填报期");

    private UnitWorkbook() {}

    public static void write(Assessment assessment, BulletinData.UnitTasks unit, OutputStream out) {
        try (XSSFWorkbook workbook = new XSSFWorkbook()) {
            SheetStyles styles = new SheetStyles(workbook);
            XSSFSheet indicators = workbook.createSheet("指标");
            UnitResult result = assessment.unit(unit.unit().id()).orElse(null);
            String subtitle = IndicatorTable.subtitle(assessment) + "　本单位得分 " + Figures.score(result == null ? null : result.score())
                    + (result != null && result.ranked() ? "，第" + result.rank() + "名" : "");
            IndicatorTable.writeTable(indicators, styles, assessment, assessment.indicatorsOf(unit.unit().id()),
                    unit.unit().name() + "指标完成情况表", subtitle);

            XSSFSheet tasks = workbook.createSheet("任务");
            XSSFRow title = tasks.createRow(0);
            IndicatorTable.text(title, 0, unit.unit().name() + "任务推进情况（截至" + Figures.date(assessment.asOf()) + "）", styles.title);
            tasks.addMergedRegion(new CellRangeAddress(0, 0, 0, TASK_HEADERS.size() - 1));
            XSSFRow header = tasks.createRow(1);
            for (int c = 0; c < TASK_HEADERS.size(); c++) IndicatorTable.text(header, c, TASK_HEADERS.get(c), styles.header);
            int[] widths = {6, 60, 8, 12, 50, 14};
            for (int c = 0; c < widths.length; c++) tasks.setColumnWidth(c, widths[c] * 256);
            int r = 2;
            for (BulletinData.TaskLine line : unit.tasks()) {
                XSSFRow row = tasks.createRow(r);
                PlanBook.TaskRow task = line.task();
                IndicatorTable.text(row, 0, String.valueOf(r - 1), styles.centred);
                IndicatorTable.text(row, 1, task.text(), styles.text);
                IndicatorTable.text(row, 2, task.lead().id() == unit.unit().id() ? "牵头" : "配合", styles.centred);
                IndicatorTable.text(row, 3, line.status() == null ? "暂无" : line.status().progress().label(), styles.centred);
                IndicatorTable.text(row, 4, line.status() == null || line.status().narrative() == null ? "" : line.status().narrative(),
                        styles.text);
                IndicatorTable.text(row, 5, line.status() == null ? "" : line.status().periodLabel(), styles.centred);
                r++;
            }
            tasks.createFreezePane(0, 2);
            tasks.setRepeatingRows(new CellRangeAddress(1, 1, 0, TASK_HEADERS.size() - 1));
            tasks.getPrintSetup().setPaperSize(org.apache.poi.ss.usermodel.PrintSetup.A4_PAPERSIZE);
            tasks.getPrintSetup().setLandscape(true);
            tasks.getPrintSetup().setFitWidth((short) 1);
            tasks.getPrintSetup().setFitHeight((short) 0);
            tasks.setFitToPage(true);
            workbook.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
