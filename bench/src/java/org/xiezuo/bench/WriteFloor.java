package org.xiezuo.bench;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.Map;

import javax.sql.DataSource;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/**
 * R5a of docs/PERFORMANCE.md: the least work that produces the same export — the same rows (one plain
 * SELECT of the same columns with the same joins and order, streamed with a fetch size inside a
 * transaction) written as the same eleven columns of an .xlsx, no styles, no formula check, no column
 * widths, no frozen header. Two writers, the faster is R5a: dhatim fastexcel and POI SXSSF with its
 * defaults. A third stage reads the rows and writes nothing (the database part alone, for context).
 */
final class WriteFloor {

    static final String[] HEADERS = {"序号", "姓名", "身份证号", "手机号", "是否脱贫人口", "就业省份", "就业单位", "就业开始日期",
            "就业结束日期", "填报单位", "备注"};

    private static final String ROWS = """
            select p.person_name, p.id_mask, p.phone_mask, e.flag, e.region, e.details::json ->> 'employer',
                   e.starts_on, e.ends_on, e.unit_id, e.details::json ->> 'remark'
            from ledger_entry e left join ledger_person p on p.id = e.person_id
            where e.plan_id = ? and e.kind = 'EMPLOYMENT'
            order by e.starts_on desc, e.id desc""";

    /** One row as read: seq, texts, dates; null where empty. */
    interface Sink {
        void row(int seq, String name, String id, String phone, String poor, String province, String employer, LocalDate start,
                 LocalDate end, String unit, String remark) throws Exception;
    }

    private final DataSource dataSource;
    private final long planId;
    private final Map<Long, String> unitNames;

    WriteFloor(DataSource dataSource, long planId, Map<Long, String> unitNames) {
        this.dataSource = dataSource;
        this.planId = planId;
        this.unitNames = unitNames;
    }

    /** Reads every row of the export; returns the number read. */
    int read(Sink sink) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement(ROWS)) {
                s.setFetchSize(1000);
                s.setLong(1, planId);
                int n = 0;
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        boolean flag = rs.getBoolean(4);
                        String poor = rs.wasNull() ? null : flag ? "是" : "否";
                        Date end = rs.getDate(8);
                        long unit = rs.getLong(9);
                        sink.row(++n, rs.getString(1), rs.getString(2), rs.getString(3), poor, rs.getString(5), rs.getString(6),
                                rs.getDate(7).toLocalDate(), end == null ? null : end.toLocalDate(),
                                rs.wasNull() ? null : unitNames.get(unit), rs.getString(10));
                    }
                }
                c.commit();
                return n;
            }
        }
    }

    /** The rows read, nothing written. */
    int readOnly() throws Exception {
        int[] chars = {0};
        int n = read((seq, name, id, phone, poor, province, employer, start, end, unit, remark) -> chars[0] += name.length());
        return n;
    }

    /** dhatim fastexcel, no styles (dates as serial numbers), rows flushed every thousand. */
    int fastexcel(Path file) throws Exception {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            Workbook workbook = new Workbook(out, "bench", "1.0");
            Worksheet sheet = workbook.newWorksheet("就业人员");
            for (int c = 0; c < HEADERS.length; c++) sheet.value(0, c, HEADERS[c]);
            int n = read((seq, name, id, phone, poor, province, employer, start, end, unit, remark) -> {
                sheet.value(seq, 0, seq);
                if (name != null) sheet.value(seq, 1, name);
                if (id != null) sheet.value(seq, 2, id);
                if (phone != null) sheet.value(seq, 3, phone);
                if (poor != null) sheet.value(seq, 4, poor);
                if (province != null) sheet.value(seq, 5, province);
                if (employer != null) sheet.value(seq, 6, employer);
                sheet.value(seq, 7, start);
                if (end != null) sheet.value(seq, 8, end);
                if (unit != null) sheet.value(seq, 9, unit);
                if (remark != null) sheet.value(seq, 10, remark);
                if (seq % 1000 == 0) sheet.flush();
            });
            sheet.finish();
            workbook.finish();
            return n;
        }
    }

    /** POI SXSSF with its defaults (window of 100 rows, uncompressed temp file), no styles. */
    int sxssf(Path file) throws Exception {
        SXSSFWorkbook workbook = new SXSSFWorkbook(100);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            SXSSFSheet sheet = workbook.createSheet("就业人员");
            Row header = sheet.createRow(0);
            for (int c = 0; c < HEADERS.length; c++) header.createCell(c).setCellValue(HEADERS[c]);
            int n = read((seq, name, id, phone, poor, province, employer, start, end, unit, remark) -> {
                Row row = sheet.createRow(seq);
                row.createCell(0).setCellValue(seq);
                text(row, 1, name);
                text(row, 2, id);
                text(row, 3, phone);
                text(row, 4, poor);
                text(row, 5, province);
                text(row, 6, employer);
                row.createCell(7).setCellValue(start);
                if (end != null) row.createCell(8).setCellValue(end);
                text(row, 9, unit);
                text(row, 10, remark);
            });
            workbook.write(out);
            return n;
        } finally {
            workbook.dispose();
            workbook.close();
        }
    }

    private static void text(Row row, int c, String value) {
        if (value != null) {
            Cell cell = row.createCell(c);
            cell.setCellValue(value);
        }
    }
}
