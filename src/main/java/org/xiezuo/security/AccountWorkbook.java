package org.xiezuo.security;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.util.ZipEntrySource;
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
import org.xiezuo.shared.Role;

/**
 * The account list as an .xlsx: the template people fill in, and reading it back defensively. Before
 * POI sees anything the file must be an .xlsx within the size limit, and the archive is inflated once
 * under a cap on entries and bytes, with DOCTYPE and entity declarations refused (a small copy of the
 * task-book importer's checks); POI then parses exactly the entries that were checked, from memory.
 * The first sheet is read: the header by column name in any order, unknown columns refused, formulas
 * and hidden rows refused, at most the configured number of data rows.
 */
final class AccountWorkbook {

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
        Map<String, byte[]> entries;
        try {
            entries = inflate(content);
        } catch (Unsafe e) {
            return refused(e.getMessage());
        }
        if (!entries.containsKey("xl/workbook.xml")) return refused("文件不是 Excel 工作簿（缺少 xl/workbook.xml）");
        try (OPCPackage pkg = OPCPackage.open(new CheckedEntries(entries));
             XSSFWorkbook workbook = new XSSFWorkbook(pkg)) {
            return sheet(firstVisible(workbook));
        } catch (Unsafe e) {
            return refused(e.getMessage());
        } catch (Exception e) {
            return refused("文件无法解析，请确认是用 Excel 或 WPS 保存的 .xlsx 文件");
        }
    }

    private static XSSFSheet firstVisible(XSSFWorkbook workbook) {
        for (int s = 0; s < workbook.getNumberOfSheets(); s++) {
            if (!workbook.isSheetHidden(s) && !workbook.isSheetVeryHidden(s)) return workbook.getSheetAt(s);
        }
        throw new Unsafe("工作簿没有可见的工作表");
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

    /**
     * Inflates every entry once, through one buffer, under the entry and byte caps; refuses unsafe names,
     * duplicates (also by case, as Office treats them) and DOCTYPE or entity declarations.
     */
    private Map<String, byte[]> inflate(byte[] zip) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        Set<String> folded = new HashSet<>();
        long total = 0;
        byte[] buffer = new byte[16 * 1024];
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                String name = entry.getName();
                if (entries.size() >= settings.maxZipEntries()) throw new Unsafe("文件包含的压缩条目过多，已拒绝");
                if (name.startsWith("/") || name.contains("..") || name.contains("\\") || name.indexOf('\0') >= 0
                        || !folded.add(name.toLowerCase(Locale.ROOT))) {
                    throw new Unsafe("文件结构异常：压缩条目重复或名称不安全，已拒绝");
                }
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                int read;
                while ((read = in.read(buffer)) != -1) {
                    total += read;
                    if (total > settings.maxInflatedSize().toBytes()) throw new Unsafe("文件异常，疑似压缩炸弹，已拒绝");
                    out.write(buffer, 0, read);
                }
                byte[] bytes = out.toByteArray();
                if (readAsXml(name, bytes) && declaresDoctype(bytes)) {
                    throw new Unsafe("文件结构异常：含有不允许的 DOCTYPE 或实体声明，已拒绝");
                }
                entries.put(name, bytes);
            }
        } catch (ZipException | IllegalArgumentException e) {
            throw new Unsafe("文件无法解析：压缩结构已损坏");
        } catch (IOException e) {
            throw new Unsafe("文件无法解析：读取压缩内容失败");
        }
        if (entries.isEmpty()) throw new Unsafe("文件无法解析：压缩包为空");
        return entries;
    }

    /** XML parts by name, and any part that starts like XML (a content-type override can make POI parse it). */
    private static boolean readAsXml(String name, byte[] bytes) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".xml") || lower.endsWith(".rels") || lower.endsWith(".vml")) return true;
        for (byte b : bytes) {
            if (b == '<') return true;
            if (b != 0 && b != ' ' && b != '\t' && b != '\r' && b != '\n' && (b & 0xff) < 0x80) return false;
        }
        return false;
    }

    /** {@code <!DOCTYPE} or {@code <!ENTITY} anywhere, any case, zero bytes skipped (UTF-16). */
    private static boolean declaresDoctype(byte[] bytes) {
        StringBuilder ascii = new StringBuilder(bytes.length);
        for (byte b : bytes) {
            if (b != 0) ascii.append((char) (b & 0xff));
        }
        String text = ascii.toString().toUpperCase(Locale.ROOT);
        return text.contains("<!DOCTYPE") || text.contains("<!ENTITY");
    }

    /** A check failed; the message is for the user. */
    private static final class Unsafe extends RuntimeException {
        Unsafe(String message) {
            super(message);
        }
    }

    /** The checked entries, from memory, as POI's package reader asks for them. */
    private static final class CheckedEntries implements ZipEntrySource {
        private final Map<String, ZipArchiveEntry> entries = new LinkedHashMap<>();
        private final Map<String, byte[]> contents;
        private boolean closed;

        CheckedEntries(Map<String, byte[]> contents) {
            this.contents = contents;
            contents.forEach((name, bytes) -> {
                ZipArchiveEntry entry = new ZipArchiveEntry(name);
                entry.setSize(bytes.length);
                entries.put(name, entry);
            });
        }

        @Override
        public Enumeration<? extends ZipArchiveEntry> getEntries() {
            return Collections.enumeration(entries.values());
        }

        @Override
        public @Nullable ZipArchiveEntry getEntry(String path) {
            return entries.get(path);
        }

        @Override
        public InputStream getInputStream(ZipArchiveEntry entry) {
            return new ByteArrayInputStream(contents.get(entry.getName()));
        }

        @Override
        public void close() {
            closed = true;
        }

        @Override
        public boolean isClosed() {
            return closed;
        }
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
