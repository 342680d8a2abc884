package org.xiezuo.reporting;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataValidation;
import org.apache.poi.ss.usermodel.DataValidationConstraint;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.SheetVisibility;
import org.apache.poi.ss.usermodel.VerticalAlignment;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.ss.util.CellRangeAddressList;
import org.apache.poi.xssf.usermodel.XSSFCell;
import org.apache.poi.xssf.usermodel.XSSFCellStyle;
import org.apache.poi.xssf.usermodel.XSSFDataValidationHelper;
import org.apache.poi.xssf.usermodel.XSSFFont;
import org.apache.poi.xssf.usermodel.XSSFRow;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.jspecify.annotations.Nullable;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.reporting.ReportingQueries.IndicatorEntry;
import org.xiezuo.reporting.ReportingQueries.Sheet;
import org.xiezuo.reporting.ReportingQueries.TaskEntry;
import org.xiezuo.reporting.Validation.LineKind;
import org.xiezuo.shared.ExactDecimal;
import org.xiezuo.shared.SafeArchive;

/**
 * A unit's report for a period as an .xlsx to fill in offline, and reading it back defensively.
 *
 * <p>The sheet 「填报表」 has a header block (plan, period, unit, report status and revision), then one row
 * per indicator in the official order (序号, 指标名称, 计量单位, 目标, 上期已审核累计值, then the inputs 本期累计值,
 * 说明, 原因) and one row per task (序号, 任务, 牵头单位, 完成时限, 上期已审核进展, then 进展 — a drop-down list —,
 * 进展情况, 原因). Inputs are unlocked and shaded; everything else is locked by sheet protection without a
 * password. Numbers are numbers; the text inputs are text cells formatted as text and quote-prefixed, so
 * what someone typed starting with “=” stays text and never becomes a formula. Column I (hidden) holds
 * each row's key, and a very hidden sheet holds the identification: plan, period, unit, report and
 * revision, and per line its key, version, row and a fingerprint of its values as downloaded — so an
 * upload is matched by keys, not by position, and only lines whose values differ from the download count
 * as changed.
 *
 * <p>Reading: an .xlsx within the size limit, checked by {@link SafeArchive} before POI parses it from
 * memory; formulas are refused by an explicit rule and never evaluated; problems name row and column.
 */
final class ReportWorkbook {

    static final String DATA_SHEET = "填报表";
    static final String IDENTITY_SHEET = "系统识别信息";
    static final String MARK = "xiezuo-report-form";
    static final String FORMAT = "1";

    static final int KEY = 8;        // column I, hidden
    static final int VALUE = 5;      // F: 本期累计值 / 进展
    static final int NOTE = 6;       // G: 说明 / 进展情况
    static final int REASON = 7;     // H: 原因
    /** Rows before the first table: title, five lines of header, a blank line. */
    static final int FIRST_TABLE_ROW = 7;

    static final List<String> INDICATOR_HEADERS = List.of("序号", "指标名称", "计量单位", "目标（单位分解目标）", "上期已审核累计值",
            "本期累计值", "说明", "原因");
    static final List<String> TASK_HEADERS = List.of("序号", "任务", "牵头单位", "完成时限", "上期已审核进展", "进展", "进展情况", "原因");

    private static final double MIN_INFLATE_RATIO = 0.01;
    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};
    private static final int MAX_DATA_ROWS = 5000;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd");

    private ReportWorkbook() {}

    /** A line as it was downloaded: which line, its version, its row on the sheet, and its values' fingerprint. */
    record Stamp(LineKind kind, long ref, int version, int row, String fingerprint) {
        String key() { return key(kind, ref); }

        static String key(LineKind kind, long ref) { return (kind == LineKind.INDICATOR ? "I:" : "T:") + ref; }
    }

    /** What a downloaded form was made for. */
    record Identity(long planId, long periodId, long unitId, @Nullable Long reportId, int revision, List<Stamp> lines) {}

    /** The inputs of one keyed row of an uploaded form, as text (numbers in plain decimal notation). */
    record Row(int number, @Nullable String value, @Nullable String note, @Nullable String reason) {}

    /** An uploaded form: its identification and its keyed rows. */
    record Filled(Identity identity, Map<String, Row> rows) {}

    // ------------------------------------------------------------------ the fingerprint

    /** The values of a line in one canonical text, hashed: equal for equal values however the cells hold them. */
    static String fingerprint(LineKind kind, @Nullable String value, @Nullable String note, @Nullable String reason) {
        String canonical = kind.name() + '\u0000' + canonicalValue(value) + '\u0000' + strip(note) + '\u0000' + strip(reason);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)))
                    .substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String canonicalValue(@Nullable String value) {
        String text = strip(value);
        return ExactDecimal.parse(text).map(ExactDecimal::format).orElse(text);
    }

    private static String strip(@Nullable String text) {
        return text == null ? "" : text.strip();
    }

    // ------------------------------------------------------------------ writing

    /** The form of a sheet; {@code sheet.editable()} decides whether the inputs are open. */
    static byte[] write(Sheet sheet) {
        try (XSSFWorkbook workbook = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Styles styles = new Styles(workbook);
            XSSFSheet data = workbook.createSheet(DATA_SHEET);
            int[] widths = {8, 44, 10, 18, 16, 16, 40, 30};
            for (int c = 0; c < widths.length; c++) data.setColumnWidth(c, widths[c] * 256);
            data.setColumnHidden(KEY, true);

            header(data, styles, sheet);
            List<Stamp> stamps = new ArrayList<>();
            int r = FIRST_TABLE_ROW;
            text(data.createRow(r++), 0, "一、指标", styles.section);
            tableHeader(data.createRow(r++), INDICATOR_HEADERS, styles);
            if (sheet.indicators().isEmpty()) text(data.createRow(r++), 1, "（本单位本期没有需要填报的指标）", styles.plain);
            for (IndicatorEntry entry : sheet.indicators()) {
                stamps.add(indicatorRow(data, styles, sheet.editable(), entry, r++));
            }
            r++;
            text(data.createRow(r++), 0, "二、任务", styles.section);
            tableHeader(data.createRow(r++), TASK_HEADERS, styles);
            if (sheet.tasks().isEmpty()) text(data.createRow(r++), 1, "（本单位本期没有需要填报的任务）", styles.plain);
            int firstTask = r;
            for (TaskEntry entry : sheet.tasks()) {
                stamps.add(taskRow(data, styles, sheet.editable(), entry, r++));
            }
            if (sheet.editable() && !sheet.tasks().isEmpty()) progressList(data, firstTask, r - 1);
            protect(data);
            data.createFreezePane(0, FIRST_TABLE_ROW);

            ReportingQueries.ReportSummary report = sheet.report();
            identity(workbook, new Identity(sheet.plan().id(), sheet.period().id(), sheet.unit().id(),
                    report == null ? null : report.id(), report == null ? 0 : report.revision(), stamps));
            workbook.setActiveSheet(0);
            workbook.lockStructure();
            workbook.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void header(XSSFSheet data, Styles styles, Sheet sheet) {
        XSSFRow title = data.createRow(0);
        text(title, 0, "东西部协作任务进度填报表", styles.title);
        data.addMergedRegion(new CellRangeAddress(0, 0, 0, REASON));
        ReportingQueries.PeriodRow period = sheet.period();
        ReportingQueries.ReportSummary report = sheet.report();
        String status = report == null ? "尚未填报" : report.status().label() + "，第" + report.revision() + "版"
                + (report.correctionReason() == null ? "" : "（更正：" + report.correctionReason() + "）");
        if (!sheet.editable()) status += "。本表仅供查看，不能上传修改";
        String[][] lines = {
                {"任务书", sheet.plan().title()},
                {"填报期", period.label() + "（" + DAY.format(period.startsOn()) + " 至 " + DAY.format(period.endsOn()) + "），截止 "
                        + DAY.format(period.deadline())},
                {"填报单位", sheet.unit().name()},
                {"报告状态", status},
                {"填写说明", "只填写浅黄色单元格：指标的本期累计值（自年初起的累计数，直接填写数字，不要填写公式）、说明、原因；"
                        + "任务的进展（从下拉列表选择）、进展情况、原因。请勿增加、删除或调整行的顺序——上传时按隐藏的行标识逐行核对，"
                        + "任何一行有问题，整个文件都不会导入。"}};
        for (int i = 0; i < lines.length; i++) {
            XSSFRow row = data.createRow(i + 1);
            text(row, 0, lines[i][0], styles.label);
            text(row, 1, lines[i][1], styles.plain);
            data.addMergedRegion(new CellRangeAddress(i + 1, i + 1, 1, REASON));
        }
        data.getRow(5).setHeightInPoints(48);
    }

    private static void tableHeader(XSSFRow row, List<String> headers, Styles styles) {
        for (int c = 0; c < headers.size(); c++) text(row, c, headers.get(c), styles.header);
    }

    private static Stamp indicatorRow(XSSFSheet data, Styles styles, boolean editable, IndicatorEntry entry, int r) {
        XSSFRow row = data.createRow(r);
        PlanBook.IndicatorRow indicator = entry.indicator();
        text(row, 0, indicator.code() == null ? String.valueOf(indicator.position()) : indicator.code(), styles.cell);
        text(row, 1, indicator.name(), styles.cell);
        text(row, 2, indicator.measureUnit(), styles.cell);
        if (entry.unitTarget() != null) {
            text(row, 3, indicator.targetLabel() + "（本单位 " + ExactDecimal.format(entry.unitTarget()) + "）", styles.cell);
        } else if (indicator.target() != null) {
            number(row, 3, indicator.target(), styles.number);
        } else {
            text(row, 3, indicator.targetLabel(), styles.cell);
        }
        if (entry.previousApproved() != null) number(row, 4, entry.previousApproved(), styles.number);
        else text(row, 4, "", styles.cell);
        boolean valueOpen = editable && entry.valueInput();
        if (entry.value() != null) number(row, VALUE, entry.value(), valueOpen ? styles.inputNumber : styles.lockedNumber);
        else text(row, VALUE, valueOpen || !entry.ledgerBound() ? "" : "由台账统计", valueOpen ? styles.inputNumber : styles.locked);
        text(row, NOTE, entry.note(), editable ? styles.inputText : styles.locked);
        text(row, REASON, entry.reason(), editable ? styles.inputText : styles.locked);
        text(row, KEY, Stamp.key(LineKind.INDICATOR, entry.indicator().id()), styles.plain);
        if (valueOpen) numberCheck(data, r);
        return new Stamp(LineKind.INDICATOR, entry.indicator().id(), entry.lineVersion(), r + 1,
                fingerprint(LineKind.INDICATOR, entry.valueText(), entry.note(), entry.reason()));
    }

    private static Stamp taskRow(XSSFSheet data, Styles styles, boolean editable, TaskEntry entry, int r) {
        XSSFRow row = data.createRow(r);
        text(row, 0, String.valueOf(entry.task().seq()), styles.cell);
        text(row, 1, entry.task().text(), styles.cell);
        text(row, 2, entry.task().lead().name(), styles.cell);
        text(row, 3, entry.task().deadline() == null ? "" : DAY.format(entry.task().deadline()), styles.cell);
        text(row, 4, entry.previousProgress() == null ? "" : entry.previousProgress().label(), styles.cell);
        text(row, VALUE, entry.progress().label(), editable ? styles.inputChoice : styles.locked);
        text(row, NOTE, entry.narrative(), editable ? styles.inputText : styles.locked);
        text(row, REASON, entry.reason(), editable ? styles.inputText : styles.locked);
        text(row, KEY, Stamp.key(LineKind.TASK, entry.task().id()), styles.plain);
        return new Stamp(LineKind.TASK, entry.task().id(), entry.lineVersion(), r + 1,
                fingerprint(LineKind.TASK, entry.progress().label(), entry.narrative(), entry.reason()));
    }

    private static void progressList(XSSFSheet data, int first, int last) {
        XSSFDataValidationHelper helper = new XSSFDataValidationHelper(data);
        String[] labels = Arrays.stream(TaskProgress.values()).map(TaskProgress::label).toArray(String[]::new);
        DataValidation validation = helper.createValidation(helper.createExplicitListConstraint(labels),
                new CellRangeAddressList(first, last, VALUE, VALUE));
        validation.setShowErrorBox(true);
        validation.setErrorStyle(DataValidation.ErrorStyle.STOP);
        validation.createErrorBox("进展", "请从下拉列表中选择：" + String.join("、", labels));
        validation.setSuppressDropDownArrow(true);
        data.addValidationData(validation);
    }

    private static void numberCheck(XSSFSheet data, int r) {
        XSSFDataValidationHelper helper = new XSSFDataValidationHelper(data);
        DataValidationConstraint decimal = helper.createDecimalConstraint(DataValidationConstraint.OperatorType.BETWEEN,
                "-999999999999999999", "999999999999999999");
        DataValidation validation = helper.createValidation(decimal, new CellRangeAddressList(r, r, VALUE, VALUE));
        validation.setShowErrorBox(true);
        validation.createErrorBox("本期累计值", "请直接填写数字（自年初起的累计数），不要填写文字或公式");
        data.addValidationData(validation);
    }

    /** Locked cells stay locked; widths, heights and selection stay free. No password: this marks, it does not secure. */
    private static void protect(XSSFSheet data) {
        data.enableLocking();
        data.lockFormatColumns(false);
        data.lockFormatRows(false);
        data.lockSelectLockedCells(false);
        data.lockSelectUnlockedCells(false);
    }

    private static void identity(XSSFWorkbook workbook, Identity identity) {
        XSSFSheet sheet = workbook.createSheet(IDENTITY_SHEET);
        String[][] head = {{MARK, FORMAT}, {"plan", String.valueOf(identity.planId())}, {"period", String.valueOf(identity.periodId())},
                {"unit", String.valueOf(identity.unitId())},
                {"report", identity.reportId() == null ? "" : String.valueOf(identity.reportId())},
                {"revision", String.valueOf(identity.revision())}, {"kind", "ref", "version", "row", "fingerprint"}};
        int r = 0;
        for (String[] values : head) plainRow(sheet.createRow(r++), values);
        for (Stamp stamp : identity.lines()) {
            plainRow(sheet.createRow(r++), new String[] {stamp.kind().name(), String.valueOf(stamp.ref()),
                    String.valueOf(stamp.version()), String.valueOf(stamp.row()), stamp.fingerprint()});
        }
        sheet.enableLocking();
        workbook.setSheetVisibility(workbook.getSheetIndex(sheet), SheetVisibility.VERY_HIDDEN);
    }

    private static void plainRow(XSSFRow row, String[] values) {
        for (int c = 0; c < values.length; c++) row.createCell(c, CellType.STRING).setCellValue(values[c]);
    }

    /** A text cell: never a formula, whatever the text starts with. */
    private static void text(XSSFRow row, int column, @Nullable String value, XSSFCellStyle style) {
        XSSFCell cell = row.createCell(column, CellType.STRING);
        if (value != null && !value.isEmpty()) cell.setCellValue(value);
        cell.setCellStyle(style);
    }

    /** A number cell; values Excel cannot hold exactly (more than 15 digits) stay text, so they come back unchanged. */
    private static void number(XSSFRow row, int column, BigDecimal value, XSSFCellStyle style) {
        BigDecimal exact = ExactDecimal.normalise(value);
        if (exact.precision() > 15) {
            text(row, column, exact.toPlainString(), style);
            return;
        }
        XSSFCell cell = row.createCell(column, CellType.NUMERIC);
        cell.setCellValue(exact.doubleValue());
        cell.setCellStyle(style);
    }

    /** The cell styles of the form. */
    private static final class Styles {
        final XSSFCellStyle title;
        final XSSFCellStyle label;
        final XSSFCellStyle plain;
        final XSSFCellStyle section;
        final XSSFCellStyle header;
        final XSSFCellStyle cell;
        final XSSFCellStyle number;
        final XSSFCellStyle locked;
        final XSSFCellStyle lockedNumber;
        final XSSFCellStyle inputNumber;
        final XSSFCellStyle inputText;
        final XSSFCellStyle inputChoice;

        Styles(XSSFWorkbook workbook) {
            short textFormat = workbook.createDataFormat().getFormat("@");
            short numberFormat = workbook.createDataFormat().getFormat("General");
            XSSFFont bold = workbook.createFont();
            bold.setBold(true);
            XSSFFont big = workbook.createFont();
            big.setBold(true);
            big.setFontHeightInPoints((short) 14);

            title = style(workbook, true, null);
            title.setFont(big);
            label = style(workbook, true, null);
            label.setFont(bold);
            plain = style(workbook, true, null);
            plain.setWrapText(true);
            section = style(workbook, true, null);
            section.setFont(bold);
            header = bordered(workbook, true, IndexedColors.GREY_25_PERCENT);
            header.setFont(bold);
            header.setWrapText(true);
            cell = bordered(workbook, true, null);
            cell.setWrapText(true);
            cell.setDataFormat(textFormat);
            number = bordered(workbook, true, null);
            number.setDataFormat(numberFormat);
            locked = bordered(workbook, true, IndexedColors.GREY_25_PERCENT);
            locked.setWrapText(true);
            locked.setDataFormat(textFormat);
            lockedNumber = bordered(workbook, true, IndexedColors.GREY_25_PERCENT);
            lockedNumber.setDataFormat(numberFormat);
            inputNumber = bordered(workbook, false, IndexedColors.LIGHT_YELLOW);
            inputNumber.setDataFormat(numberFormat);
            inputText = bordered(workbook, false, IndexedColors.LIGHT_YELLOW);
            inputText.setWrapText(true);
            inputText.setDataFormat(textFormat);
            inputText.setQuotePrefixed(true);
            inputChoice = bordered(workbook, false, IndexedColors.LIGHT_YELLOW);
            inputChoice.setDataFormat(textFormat);
        }

        private static XSSFCellStyle style(XSSFWorkbook workbook, boolean locked, @Nullable IndexedColors fill) {
            XSSFCellStyle style = workbook.createCellStyle();
            style.setLocked(locked);
            style.setVerticalAlignment(VerticalAlignment.TOP);
            if (fill != null) {
                style.setFillForegroundColor(fill.getIndex());
                style.setFillPattern(FillPatternType.SOLID_FOREGROUND);
            }
            return style;
        }

        private static XSSFCellStyle bordered(XSSFWorkbook workbook, boolean locked, @Nullable IndexedColors fill) {
            XSSFCellStyle style = style(workbook, locked, fill);
            style.setBorderTop(BorderStyle.THIN);
            style.setBorderBottom(BorderStyle.THIN);
            style.setBorderLeft(BorderStyle.THIN);
            style.setBorderRight(BorderStyle.THIN);
            return style;
        }
    }

    // ------------------------------------------------------------------ reading

    /**
     * The identification and the keyed rows of an uploaded form; {@link FormRefused} naming the rows and
     * columns when the file cannot be read as one, or a row holds a formula, an error value or a date
     * where a number belongs, or rows were added without a key.
     */
    static Filled read(String fileName, byte[] content, FormSettings settings) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        if (!lower.endsWith(".xlsx")) {
            throw new FormRefused(lower.endsWith(".xls") ? "「" + fileName + "」是旧版 Excel 文件（.xls），请使用下载的 .xlsx 填报表"
                    : "「" + fileName + "」不是 Excel 工作簿（.xlsx），请上传下载的填报表");
        }
        if (content.length == 0) throw new FormRefused("「" + fileName + "」是空文件");
        if (content.length > settings.maxSize().toBytes()) {
            throw new FormRefused("「" + fileName + "」文件超过" + EvidenceSettings.sizeText(settings.maxSize().toBytes()) + "上限");
        }
        if (content.length < ZIP_MAGIC.length || !Arrays.equals(content, 0, 4, ZIP_MAGIC, 0, 4)) {
            throw new FormRefused("「" + fileName + "」不是 Excel 工作簿（.xlsx）");
        }
        Set<String> entries;
        try {
            entries = new SafeArchive(settings.maxZipEntries(), settings.maxInflatedSize().toBytes(), MIN_INFLATE_RATIO)
                    .inspect(content);
        } catch (SafeArchive.UnsafeDocument e) {
            throw new FormRefused("「" + fileName + "」未通过安全检查：" + e.getMessage());
        }
        if (!entries.contains("xl/workbook.xml")) throw new FormRefused("「" + fileName + "」不是 Excel 工作簿（缺少 xl/workbook.xml）");
        // both views of the zip were checked and agree, so POI reads exactly what was checked
        try (OPCPackage pkg = OPCPackage.open(new ByteArrayInputStream(content)); XSSFWorkbook workbook = new XSSFWorkbook(pkg)) {
            XSSFSheet identitySheet = workbook.getSheet(IDENTITY_SHEET);
            if (identitySheet == null) {
                throw new FormRefused("「" + fileName + "」不是从本系统下载的填报表（缺少识别信息）；请先下载本单位本期的填报表，填写后再上传");
            }
            Identity identity = identity(identitySheet, fileName);
            XSSFSheet data = workbook.getSheet(DATA_SHEET);
            if (data == null) throw new FormRefused("「" + fileName + "」中找不到工作表「" + DATA_SHEET + "」；请勿改动工作表名称");
            return new Filled(identity, rows(data, identity));
        } catch (FormRefused refused) {
            throw refused;
        } catch (Exception | StackOverflowError e) {
            throw new FormRefused("「" + fileName + "」无法解析，请确认是用 Excel 或 WPS 保存的 .xlsx 填报表");
        }
    }

    private static Identity identity(XSSFSheet sheet, String fileName) {
        try {
            if (!MARK.equals(cellText(sheet, 0, 0)) || !FORMAT.equals(cellText(sheet, 0, 1))) throw new IllegalArgumentException("mark");
            long plan = Long.parseLong(cellText(sheet, 1, 1));
            long period = Long.parseLong(cellText(sheet, 2, 1));
            long unit = Long.parseLong(cellText(sheet, 3, 1));
            String report = cellText(sheet, 4, 1);
            int revision = Integer.parseInt(cellText(sheet, 5, 1));
            List<Stamp> lines = new ArrayList<>();
            for (int r = 7; r <= sheet.getLastRowNum(); r++) {
                String kind = cellText(sheet, r, 0);
                if (kind.isEmpty()) continue;
                lines.add(new Stamp(LineKind.valueOf(kind), Long.parseLong(cellText(sheet, r, 1)), Integer.parseInt(cellText(sheet, r, 2)),
                        Integer.parseInt(cellText(sheet, r, 3)), cellText(sheet, r, 4)));
                if (lines.size() > MAX_DATA_ROWS) throw new IllegalArgumentException("too many lines");
            }
            return new Identity(plan, period, unit, report.isEmpty() ? null : Long.valueOf(report), revision, lines);
        } catch (RuntimeException e) {
            throw new FormRefused("「" + fileName + "」的识别信息已被改动或损坏；请重新下载本单位本期的填报表");
        }
    }

    private static String cellText(XSSFSheet sheet, int r, int c) {
        XSSFRow row = sheet.getRow(r);
        XSSFCell cell = row == null ? null : row.getCell(c);
        if (cell == null) return "";
        if (cell.getCellType() != CellType.STRING) throw new IllegalArgumentException("identity cell is not text");
        return cell.getStringCellValue().strip();
    }

    private static Map<String, Row> rows(XSSFSheet data, Identity identity) {
        Map<Integer, LineKind> kinds = new LinkedHashMap<>();
        identity.lines().forEach(s -> kinds.put(s.row(), s.kind()));
        List<FormProblem> problems = new ArrayList<>();
        Map<String, Row> rows = new LinkedHashMap<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        int last = Math.min(data.getLastRowNum(), FIRST_TABLE_ROW + MAX_DATA_ROWS);
        for (int r = FIRST_TABLE_ROW; r <= last; r++) {
            XSSFRow row = data.getRow(r);
            if (row == null) continue;
            int number = r + 1;
            String key = keyOf(row);
            LineKind kind = key.startsWith("T:") ? LineKind.TASK : key.startsWith("I:") ? LineKind.INDICATOR : null;
            List<String> headers = kind == LineKind.TASK ? TASK_HEADERS : INDICATOR_HEADERS;
            boolean formula = false;
            for (int c = 0; c <= KEY; c++) {
                XSSFCell cell = row.getCell(c);
                if (cell != null && cell.getCellType() == CellType.FORMULA) {
                    problems.add(new FormProblem(number, c == KEY ? "行标识" : headers.get(c),
                            "单元格含公式，系统不计算公式；请直接填写" + (c == VALUE && kind != LineKind.TASK ? "数值" : "内容")));
                    formula = true;
                }
            }
            if (formula) continue;
            if (kind == null) {
                if (!key.isEmpty()) {
                    problems.add(new FormProblem(number, "行标识", "行标识「" + printable(key) + "」无效；请勿改动隐藏的 I 列"));
                } else if (hasInput(row) && !tableHeader(row)) {
                    problems.add(new FormProblem(number, null, "这一行不是下载时的行（没有行标识）；请勿增加行，"
                            + "新增的内容请填在原有的行中"));
                }
                continue;
            }
            Integer earlier = seen.putIfAbsent(key, number);
            if (earlier != null) {
                problems.add(new FormProblem(number, null, "与第" + earlier + "行的行标识相同（行被复制）；请勿复制或增加行"));
                continue;
            }
            rows.put(key, read(row, number, kind, problems));
        }
        if (!problems.isEmpty()) throw new FormRefused(problems);
        return rows;
    }

    private static Row read(XSSFRow row, int number, LineKind kind, List<FormProblem> problems) {
        List<String> headers = kind == LineKind.TASK ? TASK_HEADERS : INDICATOR_HEADERS;
        String value = kind == LineKind.INDICATOR ? numberText(row.getCell(VALUE), number, headers.get(VALUE), problems)
                : plainText(row.getCell(VALUE), number, headers.get(VALUE), problems);
        return new Row(number, value, plainText(row.getCell(NOTE), number, headers.get(NOTE), problems),
                plainText(row.getCell(REASON), number, headers.get(REASON), problems));
    }

    /** A number cell as its exact stored decimal; a text cell as typed (checked later as typing is). */
    private static @Nullable String numberText(@Nullable XSSFCell cell, int row, String column, List<FormProblem> problems) {
        if (cell == null) return null;
        switch (cell.getCellType()) {
            case NUMERIC:
                if (DateUtil.isCellDateFormatted(cell)) {
                    problems.add(new FormProblem(row, column, "应填写数字，填写的是日期"));
                    return null;
                }
                String raw = cell.getRawValue();
                try {
                    return raw == null ? null : ExactDecimal.format(new BigDecimal(raw.strip()));
                } catch (NumberFormatException e) {
                    problems.add(new FormProblem(row, column, "数值无法读取，请重新填写"));
                    return null;
                }
            case BOOLEAN:
                problems.add(new FormProblem(row, column, "应填写数字，填写的是逻辑值「" + cell.getBooleanCellValue() + "」"));
                return null;
            default:
                return plainText(cell, row, column, problems);
        }
    }

    private static @Nullable String plainText(@Nullable XSSFCell cell, int row, String column, List<FormProblem> problems) {
        if (cell == null) return null;
        switch (cell.getCellType()) {
            case STRING:
                return blankToNull(cell.getStringCellValue());
            case NUMERIC:
                String raw = cell.getRawValue();
                try {
                    return raw == null ? null : ExactDecimal.format(new BigDecimal(raw.strip()));
                } catch (NumberFormatException e) {
                    return blankToNull(raw);
                }
            case BOOLEAN:
                return cell.getBooleanCellValue() ? "TRUE" : "FALSE";
            case ERROR:
                problems.add(new FormProblem(row, column, "单元格的值是错误值，请重新填写"));
                return null;
            default:
                return null;
        }
    }

    private static String keyOf(XSSFRow row) {
        XSSFCell cell = row.getCell(KEY);
        if (cell == null || cell.getCellType() != CellType.STRING) return "";
        return cell.getStringCellValue().strip();
    }

    /** The header row of either table, as written (its first cell 序号, its input columns the headers). */
    private static boolean tableHeader(XSSFRow row) {
        XSSFCell first = row.getCell(0);
        XSSFCell value = row.getCell(VALUE);
        return first != null && first.getCellType() == CellType.STRING && "序号".equals(first.getStringCellValue().strip())
                && value != null && value.getCellType() == CellType.STRING
                && (INDICATOR_HEADERS.get(VALUE).equals(value.getStringCellValue()) || TASK_HEADERS.get(VALUE).equals(value.getStringCellValue()));
    }

    private static boolean hasInput(XSSFRow row) {
        for (int c : new int[] {VALUE, NOTE, REASON}) {
            XSSFCell cell = row.getCell(c);
            if (cell == null) continue;
            if (cell.getCellType() == CellType.STRING && !cell.getStringCellValue().isBlank()) return true;
            if (cell.getCellType() == CellType.NUMERIC || cell.getCellType() == CellType.BOOLEAN) return true;
        }
        return false;
    }

    private static @Nullable String blankToNull(@Nullable String text) {
        return text == null || text.isBlank() ? null : text;
    }

    private static String printable(String text) {
        String clean = text.replaceAll("[\\p{Cntrl}\\p{Cf}]", "?");
        return clean.length() > 40 ? clean.substring(0, 40) + "…" : clean;
    }
}
