package org.xiezuo.ledger.sheet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

/**
 * The sheet reader through {@link XmlScanner} against the same sheet through the JDK's SAX parser: a
 * worksheet re-encoded as UTF-16 goes to SAX, so each workbook here is read both ways and must give the
 * same rows, cells, warnings and refusals ({@link SheetScan} reads UTF-8 only, so no merged cells and no
 * row limit here). Covers what spreadsheet programs other than Excel write: a
 * namespace prefix on every element, inline strings with rich-text runs and phonetic readings.
 */
class LedgerSheetScannerTests {

    private static final List<Column> TEMPLATE = LedgerSheetReaderTests.TEMPLATE;
    private static final String ID = "110101199003071234";
    private static final String SHEET = "xl/worksheets/sheet1.xml";

    /** What one read gave: the result and the rows as text, or the refusal. */
    private record Read(String result, List<String> rows) {}

    private static Read read(Path file, Limits limits) {
        List<String> rows = new ArrayList<>();
        try {
            SheetResult result = LedgerSheetReader.read(file, TEMPLATE, limits, row -> rows.add(row.toString()));
            return new Read(result.toString(), rows);
        } catch (SheetRefused refused) {
            return new Read("refused: " + refused.getMessage(), rows);
        }
    }

    private static Read read(Path file) {
        return read(file, Limits.defaults());
    }

    /** The file with its worksheet re-encoded as UTF-16, so that the JDK's SAX parser reads it. */
    private static Path viaSax(Path file, String name) {
        return Workbooks.rewrite(file, name + "-utf16", SHEET, xml -> xml.replace("encoding=\"UTF-8\"", "encoding=\"UTF-16\""),
                StandardCharsets.UTF_16);
    }

    private static Path edited(Path file, String name, UnaryOperator<String> change) {
        return Workbooks.rewrite(file, name, SHEET, change, StandardCharsets.UTF_8);
    }

    /** Read through the scanner and through SAX alike; answers the scanner's read. */
    private static Read sameBothWays(Path file, String name, Limits limits) {
        assertThat(new String(readEntry(file), StandardCharsets.UTF_8)).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"");
        Read scanned = read(file, limits);
        Read parsed = read(viaSax(file, name), limits);
        assertThat(scanned).isEqualTo(parsed);
        return scanned;
    }

    private static byte[] readEntry(Path file) {
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(file.toFile())) {
            return zip.getInputStream(zip.getEntry(SHEET)).readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Every element of the SpreadsheetML namespace written with the prefix {@code x:}. */
    private static String prefixed(String xml) {
        return xml.replace("xmlns=\"" + SpreadsheetXml.MAIN + "\"", "xmlns:x=\"" + SpreadsheetXml.MAIN + "\"")
                .replaceAll("<(/?)([A-Za-z]+)([\\s/>])", "<$1x:$2$3");
    }

    private static Path varied() {
        return Workbooks.sheet("台账")
                .headers("姓名", "身份证号", "手机号", "务工开始日期", "月收入（元）", "务工天数", "是否脱贫户", "性别", "备注")
                .row("张三", ID, "13812345678", LocalDate.of(2021, 3, 15), 3500.5, 120, "是", "男", "首次外出 & <返乡>")
                .hiddenRow("李四", "11010119900307123X", null, LocalDate.of(2020, 1, 1), Workbooks.percent(0.45), 30, true, "女",
                        Workbooks.formula("=A2&B2", "张三110101199003071234"))
                .blankRow()
                .row("王五", 110101199003071234.0, "  ", null, Workbooks.formula("SUM(E2:E3)", 3500.95), null, false, null, "😀 émoji")
                .hiddenColumn(2)
                .write("scanner-varied"); // no merged cells: SheetScan finds them in UTF-8 only, SAX in neither
    }

    @Test
    void aSheetWithANamespacePrefixImportsAsTheSameSheetWithout() {
        Path plain = varied();
        Path prefixed = edited(plain, "scanner-prefixed", LedgerSheetScannerTests::prefixed);
        assertThat(new String(readEntry(prefixed), StandardCharsets.UTF_8)).contains("<x:row ", "<x:c ", "</x:sheetData>");

        Read expected = sameBothWays(plain, "scanner-varied", Limits.defaults());
        Read actual = sameBothWays(prefixed, "scanner-prefixed", Limits.defaults());

        assertThat(actual).isEqualTo(expected);
        assertThat(actual.rows()).hasSize(3);
        assertThat(actual.rows().get(0)).contains("张三", ID, "2021-03-15", "3500.5", "首次外出 & <返乡>");
        assertThat(actual.rows().get(2)).contains("😀 émoji", "SUM(E2:E3)");
        assertThat(actual.result()).contains("C列【手机号】为隐藏列，已照常导入", "第3行为隐藏行");
    }

    @Test
    void inlineStringsRichTextAndPhoneticRunsImportAsSaxReadsThem() {
        Path streamed = Workbooks.streaming("scanner-inline", List.of("姓名", "身份证号", "月收入（元）", "务工开始日期", "备注"), 300,
                i -> new Object[] {"张" + (char) ('一' + i), String.format("1101011990%08d", i), new BigDecimal(i).movePointLeft(2),
                        LocalDate.of(2021, 1, 1).plusDays(i), i % 3 == 0 ? " 前后空格 " : "第" + i + "行"});
        Path rich = edited(streamed, "scanner-rich", xml -> xml
                .replaceFirst("<is><t>张一</t></is>",
                        "<is><r><t>张</t></r><r><rPr><b/></rPr><t xml:space=\"preserve\">一 </t></r>"
                                + "<rPh sb=\"0\" eb=\"2\"><t>ちょう</t></rPh><phoneticPr fontId=\"1\"/></is>")
                .replaceFirst("<is><t>第1行</t></is>", "<is><t>响铃_x0007_&amp;&#x1F600;<![CDATA[<cdata>]]>\r\n行</t></is>"));

        Read read = sameBothWays(rich, "scanner-rich", Limits.defaults());

        assertThat(read.rows()).hasSize(300);
        assertThat(read.rows().get(0)).contains("张一 ", "110101199000000000", " 前后空格 ").doesNotContain("ちょう");
        assertThat(read.rows().get(1)).contains("响铃\u0007&😀<cdata>\n行");
        assertThat(sameBothWays(streamed, "scanner-inline", Limits.defaults()).rows().get(299)).contains("张" + (char) ('一' + 299));
    }

    @Test
    void malformedSheetsAreRefusedAsBrokenBothWays() {
        Path good = Workbooks.sheet("台账").headers("姓名", "身份证号").row("张三", ID).row("李四", ID).write("scanner-good");
        List<UnaryOperator<String>> breaks = List.of(
                xml -> xml.replace("<v>", "<v>&bad;"),
                xml -> xml.replace("r=\"A3\"", "r=\"A<3\""),
                xml -> xml.replace("</sheetData>", "</sheetdata>"),
                xml -> xml.substring(0, xml.indexOf("</row>") + 6),
                xml -> xml.replace("<row r=\"2\"", "<row r=\"2\"r=\"3\""),
                xml -> xml.replace("<sheetData>", "<sheetData><!-- a -- b -->"),
                xml -> xml.replace("<sheetData>", "<sheetData>\u0001"),
                xml -> xml.replace("<sheetData>", "<y:sheetData>").replace("</sheetData>", "</y:sheetData>"));
        for (int i = 0; i < breaks.size(); i++) {
            Path broken = edited(good, "scanner-broken-" + i, breaks.get(i));

            Read read = sameBothWays(broken, "scanner-broken-" + i, Limits.defaults());

            assertThat(read.result()).as("break %d", i).isEqualTo("refused: " + SafeMessages.BROKEN_SHEET);
        }
    }

    @Test
    void malformedSharedStringsAreRefusedAsNoWorkbook() {
        Path good = Workbooks.sheet("台账").headers("姓名", "身份证号").row("张三", ID).write("scanner-sst-good");
        Path broken = Workbooks.rewrite(good, "scanner-sst-broken", "xl/sharedStrings.xml", xml -> xml.replace("<t>张三</t>", "<t>张&三</t>"),
                StandardCharsets.UTF_8);
        Path utf16 = Workbooks.rewrite(good, "scanner-sst-utf16", "xl/sharedStrings.xml",
                xml -> xml.replace("encoding=\"UTF-8\"", "encoding=\"UTF-16\""), StandardCharsets.UTF_16);

        assertThat(read(broken).result()).isEqualTo("refused: " + SafeMessages.NOT_XLSX);
        assertThat(read(utf16)).isEqualTo(read(good));
        assertThat(read(good).rows().get(0)).contains("张三");
    }

    @Test
    void overlongCellsAreRefusedWithTheSameMessageBothWays() {
        Limits tight = new Limits(1000, 100L << 20, 1000, 2L << 30, 0.01, 200, 10);
        Path inline = Workbooks.streaming("scanner-long-inline", List.of("姓名", "身份证号", "备注"), 3,
                i -> new Object[] {"张三", ID, i == 1 ? "长".repeat(71) : "短"});
        Path shared = Workbooks.sheet("台账").headers("姓名", "身份证号", "备注").row("张三", ID, "长".repeat(11)).write("scanner-long-shared");

        Read inlineRead = sameBothWays(inline, "scanner-long-inline", tight);
        Read sharedRead = sameBothWays(shared, "scanner-long-shared", tight);

        assertThat(inlineRead.result()).isEqualTo("refused: 第3行C列内容过长（超过10个字符）");
        assertThat(inlineRead.rows()).hasSize(1);
        assertThat(sharedRead.result()).isEqualTo("refused: 文件中有单元格内容过长（超过10个字符）");
    }
}
