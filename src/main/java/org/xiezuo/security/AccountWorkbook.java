package org.xiezuo.security;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.xssf.usermodel.XSSFCell;
import org.apache.poi.xssf.usermodel.XSSFCellStyle;
import org.apache.poi.xssf.usermodel.XSSFFont;
import org.apache.poi.xssf.usermodel.XSSFRow;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.jspecify.annotations.Nullable;
import org.xiezuo.security.AccountImport.Problem;
import org.xiezuo.security.UnitReferences.DistrictUnits;
import org.xiezuo.security.UnitReferences.UnitChoice;
import org.xiezuo.shared.SafeArchive;
import org.xiezuo.shared.Role;

/**
 * The account list as an .xlsx: the template people fill in, and reading it back defensively. Before
 * POI sees anything the file must be an .xlsx within the size limit, and the archive is inflated once
 * under a cap on entries and bytes, with DOCTYPE and entity declarations refused ({@link SafeArchive},
 * the task-book importer's checks); POI then parses the checked file from memory.
 * The first sheet is read: the header by column name in any order, unknown columns refused, formulas
 * and hidden rows refused, at most the configured number of data rows.
 */
final class AccountWorkbook {

    /** Below this compressed/inflated ratio an entry counts as a zip bomb, as for task books. */
    private static final double MIN_INFLATE_RATIO = 0.01;

    /** The columns, by their header text; the first three are required. */
    enum Column {
        USERNAME("用户名", true), NAME("姓名", true), ROLES("角色", true), UNITS("单位", false),
        PHONE("手机号", false), EMAIL("电子邮箱", false);

        /** The template's order. */
        static final List<Column> TEMPLATE = List.of(USERNAME, NAME, UNITS, ROLES, PHONE, EMAIL);

        private final String header;
        private final boolean required;

        Column(String header, boolean required) {
            this.header = header;
            this.required = required;
        }

        String header() { return header; }
    }

    /**
     * One data row: its Excel row number, the text of each column present, and the columns whose cell
     * could not be read (a formula, an error value), which are reported already and checked no further.
     */
    record Row(int number, Map<Column, String> values, Set<Column> unreadable) {
        String get(Column column) { return values.getOrDefault(column, ""); }
    }

    /** The rows, or the problems that stop the file from being read as a whole. */
    record Read(List<Row> rows, List<Problem> problems) {}

    private static final int MAX_COLUMNS = 64;
    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};

    private final AccountImportSettings settings;

    AccountWorkbook(AccountImportSettings settings) {
        this.settings = settings;
    }

    // ------------------------------------------------------------------ reading

    Read read(String fileName, byte[] content) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        if (!lower.endsWith(".xlsx")) {
            return refused(lower.endsWith(".xls") ? "不支持旧版 Excel（.xls），请另存为 .xlsx 后上传"
                    : "只接受 Excel 工作簿（.xlsx），请使用下载的模板");
        }
        if (content.length == 0) return refused("文件为空");
        if (content.length > settings.maxFileSize().toBytes()) {
            return refused("文件超过" + settings.maxFileSizeText() + "上限");
        }
        if (content.length < ZIP_MAGIC.length || !java.util.Arrays.equals(content, 0, 4, ZIP_MAGIC, 0, 4)) {
            return refused("文件不是 Excel 工作簿（.xlsx）");
        }
        Set<String> entries;
        try {
            entries = new SafeArchive(settings.maxZipEntries(), settings.maxInflatedSize().toBytes(), MIN_INFLATE_RATIO)
                    .inspect(content);
        } catch (SafeArchive.UnsafeDocument e) {
            return refused(e.getMessage());
        }
        if (!entries.contains("xl/workbook.xml")) return refused("文件不是 Excel 工作簿（缺少 xl/workbook.xml）");
        // both views of the zip were checked and agree, so POI reads exactly what was checked
        try (OPCPackage pkg = OPCPackage.open(new ByteArrayInputStream(content));
             XSSFWorkbook workbook = new XSSFWorkbook(pkg)) {
            XSSFSheet visible = firstVisible(workbook);
            return visible == null ? refused("工作簿没有可见的工作表") : sheet(visible);
        } catch (Exception e) {
            return refused("文件无法解析，请确认是用 Excel 或 WPS 保存的 .xlsx 文件");
        }
    }

    private static @Nullable XSSFSheet firstVisible(XSSFWorkbook workbook) {
        for (int s = 0; s < workbook.getNumberOfSheets(); s++) {
            if (!workbook.isSheetHidden(s) && !workbook.isSheetVeryHidden(s)) return workbook.getSheetAt(s);
        }
        return null;
    }

    private Read sheet(XSSFSheet sheet) {
        DataFormatter formatter = new DataFormatter(Locale.ROOT);
        List<Problem> problems = new ArrayList<>();
        int headerIndex = -1;
        for (int r = sheet.getFirstRowNum(); r >= 0 && r <= sheet.getLastRowNum(); r++) {
            if (!blank(sheet.getRow(r), formatter)) {
                headerIndex = r;
                break;
            }
        }
        if (headerIndex < 0) return refused("第一个工作表是空的：请在第一行填写表头（用户名、姓名、单位、角色、手机号、电子邮箱）");
        Map<Integer, Column> columns = header(sheet.getRow(headerIndex), formatter, problems);
        if (!problems.isEmpty()) return new Read(List.of(), problems);

        List<Row> rows = new ArrayList<>();
        Set<Integer> headless = new HashSet<>();
        for (int r = headerIndex + 1; r <= sheet.getLastRowNum(); r++) {
            XSSFRow row = sheet.getRow(r);
            if (blank(row, formatter)) continue;
            int number = r + 1;
            if (rows.size() >= settings.maxRows()) {
                return refused("数据超过" + settings.maxRows() + "行上限，请分批导入");
            }
            if (row.getZeroHeight()) {
                problems.add(new Problem(number, null, "该行被隐藏，请取消隐藏并核对，或删除该行"));
            }
            Map<Column, String> values = new EnumMap<>(Column.class);
            Set<Column> unreadable = EnumSet.noneOf(Column.class);
            for (int c = 0; c < Math.min(MAX_COLUMNS, row.getLastCellNum()); c++) {
                Column column = columns.get(c);
                int before = problems.size();
                String text = text(row.getCell(c), formatter, number, column, problems);
                if (column != null && problems.size() > before) unreadable.add(column);
                if (column != null) {
                    values.put(column, text);
                } else if (!text.isEmpty() && headless.add(c)) {
                    problems.add(new Problem(number, null, "第" + CellReference.convertNumToColString(c)
                            + "列有内容但没有列名，请删除该列内容或补上列名"));
                }
            }
            rows.add(new Row(number, values, unreadable));
        }
        if (rows.isEmpty() && problems.isEmpty()) return refused("表头下面没有数据行");
        return new Read(rows, problems);
    }

    private static Map<Integer, Column> header(XSSFRow row, DataFormatter formatter, List<Problem> problems) {
        Map<Integer, Column> columns = new LinkedHashMap<>();
        Map<Column, Integer> seen = new EnumMap<>(Column.class);
        int headerRow = row.getRowNum() + 1;
        for (int c = 0; c < Math.min(MAX_COLUMNS, row.getLastCellNum()); c++) {
            XSSFCell cell = row.getCell(c);
            if (cell != null && cell.getCellType() == CellType.FORMULA) {
                problems.add(new Problem(headerRow, null, "表头含公式，请直接填写列名"));
                continue;
            }
            String name = headerName(cell == null ? "" : formatter.formatCellValue(cell));
            if (name.isEmpty()) continue;
            Column column = null;
            for (Column candidate : Column.values()) {
                if (candidate.header.equals(name)) column = candidate;
            }
            if (column == null) {
                problems.add(new Problem(headerRow, null, "未知列「" + name + "」，可用的列：" + allHeaders()));
            } else if (seen.containsKey(column)) {
                problems.add(new Problem(headerRow, null, "列【" + column.header + "】重复"));
            } else {
                seen.put(column, c);
                columns.put(c, column);
            }
        }
        for (Column column : Column.values()) {
            if (column.required && !seen.containsKey(column)) {
                problems.add(new Problem(headerRow, null, "缺少必填列【" + column.header + "】"));
            }
        }
        return columns;
    }

    /** The header as typed, without spaces and a “*” or “（必填）” mark. */
    private static String headerName(String raw) {
        String name = Normalizer.normalize(raw, Normalizer.Form.NFKC).replaceAll("\\s+", "");
        return name.replaceAll("^\\*|\\*$|\\(必填\\)$|\\(选填\\)$", "");
    }

    private static String allHeaders() {
        return String.join("、", Column.TEMPLATE.stream().map(Column::header).toList());
    }

    private static String text(@Nullable XSSFCell cell, DataFormatter formatter, int row, @Nullable Column column,
                               List<Problem> problems) {
        if (cell == null) return "";
        String where = column == null ? null : column.header;
        return switch (cell.getCellType()) {
            case FORMULA -> {
                problems.add(new Problem(row, where, "单元格含公式，请改为直接填写内容"));
                yield "";
            }
            case ERROR -> {
                problems.add(new Problem(row, where, "单元格的值是错误值，请重新填写"));
                yield "";
            }
            case NUMERIC -> DateUtil.isCellDateFormatted(cell) ? formatter.formatCellValue(cell).strip()
                    // a phone number typed into a number cell: its digits, never 1.38E+10
                    : new BigDecimal(Double.toString(cell.getNumericCellValue())).stripTrailingZeros().toPlainString();
            default -> formatter.formatCellValue(cell).strip();
        };
    }

    private static boolean blank(@Nullable XSSFRow row, DataFormatter formatter) {
        if (row == null) return true;
        for (int c = 0; c < Math.min(MAX_COLUMNS, row.getLastCellNum()); c++) {
            XSSFCell cell = row.getCell(c);
            if (cell == null) continue;
            if (cell.getCellType() == CellType.FORMULA) return false;
            if (!formatter.formatCellValue(cell).isBlank()) return false;
        }
        return true;
    }

    private static Read refused(String message) {
        return new Read(List.of(), List.of(new Problem(0, null, message)));
    }

    // ------------------------------------------------------------------ the template

    /**
     * The template: the header and one example row on the first sheet (every cell formatted as text, so
     * phone numbers keep their digits), and a second sheet explaining the columns and listing the roles
     * and the units as they may be written.
     */
    static byte[] template(List<DistrictUnits> districts) {
        try (XSSFWorkbook workbook = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            XSSFCellStyle text = workbook.createCellStyle();
            text.setDataFormat(workbook.createDataFormat().getFormat("@"));
            XSSFCellStyle head = workbook.createCellStyle();
            head.cloneStyleFrom(text);
            XSSFFont bold = workbook.createFont();
            bold.setBold(true);
            head.setFont(bold);
            head.setFillForegroundColor(IndexedColors.GREY_25_PERCENT.getIndex());
            head.setFillPattern(FillPatternType.SOLID_FOREGROUND);

            XSSFSheet accounts = workbook.createSheet("账号");
            List<String> example = List.of("zhangsan", "张三", exampleUnit(districts), Role.REPORTER.label(),
                    "13800138000", "zhangsan@example.com");
            XSSFRow header = accounts.createRow(0);
            XSSFRow sample = accounts.createRow(1);
            for (int c = 0; c < Column.TEMPLATE.size(); c++) {
                accounts.setDefaultColumnStyle(c, text);
                accounts.setColumnWidth(c, (c == 2 ? 36 : 18) * 256);
                cell(header, c, Column.TEMPLATE.get(c).header(), head);
                cell(sample, c, example.get(c), text);
            }
            accounts.createFreezePane(0, 1);

            XSSFSheet notes = workbook.createSheet("说明");
            notes.setColumnWidth(0, 28 * 256);
            notes.setColumnWidth(1, 40 * 256);
            notes.setColumnWidth(2, 40 * 256);
            int r = 0;
            for (String line : List.of(
                    "填写说明（导入时只读取第一个工作表“账号”）",
                    "1. 第二行是示例，导入前请删除或改为真实人员。每人一个账号，不得共用。",
                    "2. 用户名：3至64位字母、数字、下划线、点或连字符，不能与已有账号重复。",
                    "3. 姓名必填；手机号（11位）和电子邮箱可不填。",
                    "4. 角色：填写下表中的名称或代码，多个用“、”分隔。系统管理员、安全管理员、审计管理员只能三选一，且不能兼任其他角色。",
                    "5. 单位：填写单位名称或别名，多个用“、”分隔；同名单位在多个地区都有时写成“地区/单位”。部门负责人和填报员必须填写单位。",
                    "6. 系统为每个账号生成临时密码，导入成功后只显示一次；首次登录须修改密码并设置二次验证。",
                    "7. 任何一行有误时，整个文件都不会导入；请按提示改正后重新上传。")) {
                cell(notes.createRow(r++), 0, line, null);
            }
            r++;
            XSSFRow roleHead = notes.createRow(r++);
            cell(roleHead, 0, "角色名称", head);
            cell(roleHead, 1, "代码", head);
            for (Role role : Role.values()) {
                XSSFRow row = notes.createRow(r++);
                cell(row, 0, role.label(), null);
                cell(row, 1, role.name(), null);
            }
            r++;
            XSSFRow unitHead = notes.createRow(r++);
            cell(unitHead, 0, "地区", head);
            cell(unitHead, 1, "单位（可写“地区/单位”）", head);
            cell(unitHead, 2, "别名", head);
            for (DistrictUnits district : districts) {
                for (UnitChoice unit : district.units()) {
                    XSSFRow row = notes.createRow(r++);
                    cell(row, 0, district.district(), null);
                    cell(row, 1, unit.name(), null);
                    cell(row, 2, String.join("、", unit.aliases()), null);
                }
            }
            workbook.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("template", e);
        }
    }

    /** A real unit for the example row, qualified by its district when the name repeats elsewhere. */
    private static String exampleUnit(List<DistrictUnits> districts) {
        if (districts.isEmpty()) return "区教育局";
        DistrictUnits first = districts.get(0);
        String name = first.units().get(0).name();
        long sameName = districts.stream().flatMap(d -> d.units().stream()).filter(u -> u.name().equals(name)).count();
        return sameName > 1 ? first.district() + "/" + name : name;
    }

    private static void cell(XSSFRow row, int column, String value, @Nullable XSSFCellStyle style) {
        XSSFCell cell = row.createCell(column, CellType.STRING);
        cell.setCellValue(value);
        if (style != null) cell.setCellStyle(style);
    }
}
