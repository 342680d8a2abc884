package org.xiezuo.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A valid 就业人员 (employment) ledger of any size written straight as .xlsx XML, in one pass with memory
 * bounded by the small vocabularies (names, provinces, employers), never by the number of rows.
 *
 * <p>Like a workbook saved by Excel: text cells go to a shared-string table (sharedStrings.xml, every
 * distinct ID and phone number is an entry of it), 序号 is a number, dates are serial numbers with a
 * {@code yyyy-mm-dd} style, an empty 就业结束日期 is a missing cell. {@code inline} writes inline strings
 * instead, as streaming writers (SXSSF) do. Rows: one spell per person, 10 % of persons change jobs (a
 * second spell in another province after the first ends), 2 % of rows repeat the row before them
 * exactly (an in-file duplicate). Every ID is unique per person with a valid MOD 11-2 check digit.
 */
public final class EmploymentSheet {

    static final List<String> HEADERS = List.of("序号", "姓名", "身份证号", "手机号", "是否脱贫人口", "就业省份", "就业单位",
            "就业开始日期", "就业结束日期", "填报单位", "备注");
    private static final String[] PROVINCES = {"浙江省", "四川省", "广东省", "四川", "浙江", "江苏省"};
    private static final String SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗";
    private static final String GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂";
    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final char[] CHECK = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
    private static final LocalDate EPOCH_1900 = LocalDate.of(1899, 12, 30);
    private static final LocalDate LAST_START = LocalDate.of(2021, 11, 30);

    /** What was written: rows, persons, the records an import creates and the in-file repeats. */
    public record Written(Path file, int rows, int persons, int spells, int repeats, long bytes) {}

    private EmploymentSheet() {}

    /** Writes {@code rows} data rows to {@code file} (shared strings unless {@code inline}). */
    public static Written write(Path file, int rows, boolean inline, long seed) throws IOException {
        Files.createDirectories(file.getParent());
        Path sstBody = file.resolveSibling(file.getFileName() + ".sst.tmp");
        Random random = new Random(seed);
        int persons = 0;
        int spells = 0;
        int repeats = 0;
        try (ZipOutputStream zip = new ZipOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 20))) {
            put(zip, "[Content_Types].xml", contentTypes(inline));
            put(zip, "_rels/.rels", """
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                    <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
                    </Relationships>""");
            put(zip, "xl/workbook.xml", """
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
                    xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
                    <sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>""");
            put(zip, "xl/_rels/workbook.xml.rels", workbookRels(inline));
            put(zip, "xl/styles.xml", """
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
                    <numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/></numFmts>\
                    <fonts count="1"><font><sz val="11"/><name val="等线"/></font></fonts>\
                    <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
                    <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
                    <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
                    <cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
                    <xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>\
                    </styleSheet>""");

            zip.putNextEntry(new ZipEntry("xl/worksheets/sheet1.xml"));
            Writer sheet = new BufferedWriter(new OutputStreamWriter(nonClosing(zip), StandardCharsets.UTF_8), 1 << 16);
            Strings strings = inline ? null : new Strings(Files.newBufferedWriter(sstBody, StandardCharsets.UTF_8));
            sheet.write("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                    + "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
                    + "<dimension ref=\"A1:K" + (rows + 1) + "\"/><sheetData>");
            Cells cells = new Cells(sheet, strings);
            cells.startRow(1);
            for (int c = 0; c < HEADERS.size(); c++) cells.text(c, HEADERS.get(c), true);
            cells.endRow();
            int row = 0;
            while (row < rows) {
                int p = persons++;
                String id = id(p);
                String phone = "138" + String.format("%08d", p);
                String name = name(random);
                boolean poor = random.nextInt(3) == 0;
                int spellsOfPerson = random.nextInt(10) == 0 ? 2 : 1;
                LocalDate start = LocalDate.of(2019, 1, 1).plusDays(random.nextInt(1060));
                int provinceIndex = random.nextInt(PROVINCES.length);
                int idIndex = -1;
                int phoneIndex = -1;
                for (int s = 0; s < spellsOfPerson && row < rows; s++) {
                    String province = PROVINCES[(provinceIndex + s * 2) % PROVINCES.length];
                    LocalDate end = s + 1 < spellsOfPerson || random.nextInt(3) == 0 ? start.plusDays(30 + random.nextInt(300)) : null;
                    if (end != null && end.isAfter(LocalDate.of(2021, 12, 31))) end = null;
                    String employer = "企业" + random.nextInt(200);
                    boolean repeat = random.nextInt(50) == 0;
                    for (int copy = 0; copy < (repeat ? 2 : 1) && row < rows; copy++) {
                        row++;
                        cells.startRow(row + 1);
                        cells.number(0, row);
                        cells.text(1, name, true);
                        idIndex = cells.text(2, id, idIndex);
                        phoneIndex = cells.text(3, phone, phoneIndex);
                        cells.text(4, poor ? "是" : "否", true);
                        cells.text(5, province, true);
                        cells.text(6, employer, true);
                        cells.date(7, start);
                        if (end != null) cells.date(8, end);
                        cells.text(9, "区人力社保局", true);
                        cells.endRow();
                        if (copy == 0) spells++; else repeats++;
                    }
                    start = (end != null ? end : start).plusDays(1 + random.nextInt(60));
                    if (end == null || start.isAfter(LAST_START)) break;
                }
            }
            sheet.write("</sheetData></worksheet>");
            sheet.flush();
            zip.closeEntry();
            if (strings != null) {
                strings.out.close();
                zip.putNextEntry(new ZipEntry("xl/sharedStrings.xml"));
                Writer sst = new OutputStreamWriter(nonClosing(zip), StandardCharsets.UTF_8);
                sst.write("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                        + "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"" + strings.references
                        + "\" uniqueCount=\"" + strings.count + "\">");
                sst.flush();
                Files.copy(sstBody, nonClosing(zip));
                sst.write("</sst>");
                sst.flush();
                zip.closeEntry();
            }
        } finally {
            Files.deleteIfExists(sstBody);
        }
        return new Written(file, rows, persons, spells, repeats, Files.size(file));
    }

    /** A unique valid ID for person {@code p}: Beijing Dongcheng, a birth date in 1970–1999, a sequence, the check digit. */
    static String id(int p) {
        LocalDate birth = LocalDate.of(1970, 1, 1).plusDays(p % 10950);
        String id17 = "110101" + birth.toString().replace("-", "") + String.format("%03d", (p / 10950) % 1000);
        int sum = 0;
        for (int i = 0; i < 17; i++) sum += (id17.charAt(i) - '0') * WEIGHTS[i];
        return id17 + CHECK[sum % 11];
    }

    private static String name(Random random) {
        return "" + SURNAMES.charAt(random.nextInt(SURNAMES.length())) + GIVEN.charAt(random.nextInt(GIVEN.length()))
                + (random.nextBoolean() ? String.valueOf(GIVEN.charAt(random.nextInt(GIVEN.length()))) : "");
    }

    /** The shared-string table being written: small vocabularies are looked up, unique strings appended. */
    private static final class Strings {
        final Writer out;
        final Map<String, Integer> known = new HashMap<>();
        int count;
        long references;

        Strings(Writer out) { this.out = out; }

        int add(String text) throws IOException {
            out.write("<si><t>");
            out.write(escape(text));
            out.write("</t></si>");
            return count++;
        }

        int shared(String text) throws IOException {
            Integer index = known.get(text);
            if (index == null) {
                index = add(text);
                known.put(text, index);
            }
            return index;
        }
    }

    private static final class Cells {
        final Writer out;
        final Strings strings;
        int row;

        Cells(Writer out, Strings strings) {
            this.out = out;
            this.strings = strings;
        }

        void startRow(int r) throws IOException {
            row = r;
            out.write("<row r=\"");
            out.write(Integer.toString(r));
            out.write("\">");
        }

        void endRow() throws IOException { out.write("</row>"); }

        private void open(int column, String attributes) throws IOException {
            out.write("<c r=\"");
            out.write((char) ('A' + column));
            out.write(Integer.toString(row));
            out.write('"');
            out.write(attributes);
            out.write('>');
        }

        void number(int column, long value) throws IOException {
            open(column, "");
            out.write("<v>");
            out.write(Long.toString(value));
            out.write("</v></c>");
        }

        void date(int column, LocalDate date) throws IOException {
            open(column, " s=\"1\"");
            out.write("<v>");
            out.write(Long.toString(ChronoUnit.DAYS.between(EPOCH_1900, date)));
            out.write("</v></c>");
        }

        /** A text from a small vocabulary (looked up in the table) or a unique one. */
        void text(int column, String text, boolean vocabulary) throws IOException {
            if (strings == null) {
                inline(column, text);
            } else {
                shared(column, vocabulary ? strings.shared(text) : strings.add(text));
            }
        }

        /** A per-person text: its table index when already written ({@code index >= 0}); returns the index. */
        int text(int column, String text, int index) throws IOException {
            if (strings == null) {
                inline(column, text);
                return index;
            }
            int i = index >= 0 ? index : strings.add(text);
            shared(column, i);
            return i;
        }

        private void shared(int column, int index) throws IOException {
            strings.references++;
            open(column, " t=\"s\"");
            out.write("<v>");
            out.write(Integer.toString(index));
            out.write("</v></c>");
        }

        private void inline(int column, String text) throws IOException {
            open(column, " t=\"inlineStr\"");
            out.write("<is><t>");
            out.write(escape(text));
            out.write("</t></is></c>");
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String contentTypes(boolean inline) {
        return """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
                <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
                <Default Extension="xml" ContentType="application/xml"/>\
                <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
                <Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
                <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"""
                + (inline ? "" : "<Override PartName=\"/xl/sharedStrings.xml\" "
                        + "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>")
                + "</Types>";
    }

    private static String workbookRels(boolean inline) {
        return """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>\
                <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"""
                + (inline ? "" : "<Relationship Id=\"rId3\" "
                        + "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>")
                + "</Relationships>";
    }

    private static void put(ZipOutputStream zip, String name, String content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    private static OutputStream nonClosing(OutputStream out) {
        return new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException { out.write(b, off, len); }

            @Override
            public void close() throws IOException { flush(); }
        };
    }
}
