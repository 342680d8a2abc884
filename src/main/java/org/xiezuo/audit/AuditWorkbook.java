package org.xiezuo.audit;

import java.time.format.DateTimeFormatter;
import java.util.List;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.jspecify.annotations.Nullable;

/**
 * The .xlsx of an audit search, written row by row (SXSSF keeps 200 rows in memory and the rest in a
 * temporary file, deleted by {@link AuditExport#close()}). Every text cell goes through
 * {@link #formulaSafe}: a cell set as text is not evaluated when the file opens, but it becomes a
 * formula once someone edits it or copies it into CSV (ASVS 5.0 1.2.10; CWE-1236).
 */
final class AuditWorkbook {

    static final List<String> HEADERS = List.of("编号", "时间", "账号", "账号所属单位", "IP地址", "事件", "事件类型",
            "对象类型", "对象编号", "任务书编号", "结果", "详情");

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xxx");

    private final SXSSFWorkbook workbook = new SXSSFWorkbook(200);
    private final Sheet sheet;
    private int next;

    AuditWorkbook() {
        sheet = workbook.createSheet("审计日志");
        Row header = sheet.createRow(next++);
        for (int i = 0; i < HEADERS.size(); i++) header.createCell(i).setCellValue(HEADERS.get(i));
    }

    /** One audit row; labels are the Chinese names of its event type and outcome. */
    void add(AuditEntry entry, String eventLabel, String outcomeLabel) {
        Row row = sheet.createRow(next++);
        row.createCell(0).setCellValue(entry.id());
        text(row, 1, TIME.format(entry.occurredAt()));
        text(row, 2, entry.actor());
        text(row, 3, entry.actorUnits());
        text(row, 4, entry.clientIp());
        text(row, 5, eventLabel);
        text(row, 6, entry.eventType());
        text(row, 7, entry.objectType());
        text(row, 8, entry.objectId());
        if (entry.planId() != null) row.createCell(9).setCellValue(entry.planId());
        text(row, 10, outcomeLabel);
        text(row, 11, entry.detail());
    }

    /** A second sheet saying what was exported, when and by whom. */
    void describe(List<String[]> lines) {
        Sheet about = workbook.createSheet("查询条件");
        int r = 0;
        for (String[] line : lines) {
            Row row = about.createRow(r++);
            text(row, 0, line[0]);
            text(row, 1, line[1]);
        }
    }

    int rows() {
        return next - 1;
    }

    SXSSFWorkbook workbook() {
        return workbook;
    }

    private static void text(Row row, int column, @Nullable String value) {
        if (value != null) row.createCell(column).setCellValue(formulaSafe(value));
    }

    /** A value that a spreadsheet could read as a formula gets a leading single quote. */
    static String formulaSafe(String value) {
        if (value.isEmpty()) return value;
        char first = value.charAt(0);
        return switch (first) {
            case '=', '+', '-', '@', '\t', '\r', '\0' -> "'" + value;
            default -> value;
        };
    }
}
