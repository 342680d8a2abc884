package org.xiezuo.ledger.sheet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The ledger reader against real .xlsx files written with POI: template matching by header (SECURITY.md
 * T29), numeric IDs (T26), hidden content and formulas (T30), numbers and dates as the reader hands them
 * to {@link CellValues} (T31), personal columns outside the template (T32), the row limit (T79) and a
 * 10,000-row smoke test. A refused file never reaches the handler.
 */
class LedgerSheetReaderTests {

    static final List<Column> TEMPLATE = List.of(
            Column.of("name", "姓名", ColumnType.NAME, true),
            Column.of("id", "身份证号", ColumnType.ID_NUMBER, true),
            Column.of("phone", "手机号", ColumnType.PHONE, false),
            Column.of("start", "务工开始日期", ColumnType.DATE, false),
            Column.of("income", "月收入（元）", ColumnType.DECIMAL, false),
            Column.of("days", "务工天数", ColumnType.INTEGER, false),
            Column.of("poor", "是否脱贫户", ColumnType.YES_NO, false),
            Column.choice("sex", "性别", false, List.of("男", "女")),
            Column.of("note", "备注", ColumnType.TEXT, false).withAliases("说明"));

    private static final String ID = "110101199003071234";

    private final List<SheetRow> rows = new ArrayList<>();

    private SheetResult read(Path file) {
        return read(file, Limits.defaults());
    }

    private SheetResult read(Path file, Limits limits) {
        return LedgerSheetReader.read(file, TEMPLATE, limits, rows::add);
    }

    private static Column column(String key) {
        return TEMPLATE.stream().filter(c -> c.key().equals(key)).findFirst().orElseThrow();
    }

    private SheetRefused refusal(Path file) {
        SheetRefused refused = catchThrowableOfType(SheetRefused.class, () -> read(file));
        assertThat(refused).as("refused").isNotNull();
        assertThat(rows).as("rows handed on before the refusal").isEmpty();
        return refused;
    }

    @Test
    void readsRowsByHeaderWithExcelRowNumbers() {
        Path file = Workbooks.sheet("台账")
                .headers("姓名", "身份证号", "手机号", "务工开始日期", "月收入（元）", "务工天数", "是否脱贫户", "性别", "备注")
                .row("张三", ID, "13812345678", LocalDate.of(2021, 3, 15), 3500.5, 120, "是", "男", "首次外出")
                .blankRow()
                .row("李四", "11010119900307123X", null, null, null, null, "否", "女", null)
                .write("reader-basic");

        SheetResult result = read(file);

        assertThat(result.sheetName()).isEqualTo("台账");
        assertThat(result.headerRow()).isEqualTo(1);
        assertThat(result.rows()).isEqualTo(2);
        assertThat(result.warnings()).isEmpty();
        assertThat(result.columns()).containsEntry("name", "A").containsEntry("id", "B").containsEntry("note", "I");
        assertThat(rows).extracting(SheetRow::rowNumber).containsExactly(2, 4);
        SheetRow first = rows.get(0);
        assertThat(first.cell("name")).isEqualTo(new Cell(Cell.Kind.TEXT, "张三", "A", "姓名"));
        assertThat(first.cell("id").kind()).isEqualTo(Cell.Kind.TEXT);
        assertThat(first.cell("start")).isEqualTo(new Cell(Cell.Kind.DATE, "2021-03-15", "D", "务工开始日期"));
        assertThat(first.cell("income")).isEqualTo(new Cell(Cell.Kind.NUMBER, "3500.5", "E", "月收入（元）"));
        assertThat(first.where("id")).isEqualTo("第2行，B列【身份证号】");
        SheetRow second = rows.get(1);
        assertThat(second.cell("phone")).isEqualTo(new Cell(Cell.Kind.BLANK, "", "C", "手机号"));
        assertThat(CellValues.idNumber(second.cell("id"), column("id")).value()).isEqualTo("11010119900307123X");
        assertThat(CellValues.yesNo(second.cell("poor"), column("poor")).value()).isFalse();
    }

    @Test
    void t26_numericIdCellIsHandedOnAsNumberAndRefusedNeverRepaired() {
        Path file = Workbooks.sheet("台账")
                .headers("姓名", "身份证号")
                .row("张三", 110101199003071234L)
                .write("t26-numeric-id");

        read(file);

        Cell id = rows.get(0).cell("id");
        assertThat(id.kind()).isEqualTo(Cell.Kind.NUMBER);
        assertThat(new BigDecimal(id.raw())).isNotEqualTo(new BigDecimal(ID)); // Excel's double already lost digits
        Parsed<String> parsed = CellValues.idNumber(id, column("id"));
        assertThat(parsed.value()).isNull();
        assertThat(parsed.message()).isEqualTo("身份证号为数值格式，已丢失末位：请将该列设置为文本格式后重新填写");
    }

    @Test
    void t29_reorderedColumnsAreAcceptedAndMappedByHeaderTextOrAlias() {
        Path file = Workbooks.sheet("台账")
                .headers("说明", " 身份证号 ", "月收入(元)", "* 姓名", "性　别")
                .row("老乡介绍", ID, "4200", "王五", "男")
                .write("t29-reordered");

        SheetResult result = read(file);

        assertThat(result.columns()).containsExactly(
                java.util.Map.entry("name", "D"), java.util.Map.entry("id", "B"), java.util.Map.entry("income", "C"),
                java.util.Map.entry("sex", "E"), java.util.Map.entry("note", "A"));
        SheetRow row = rows.get(0);
        assertThat(row.cell("name").raw()).isEqualTo("王五");
        assertThat(row.cell("id").raw()).isEqualTo(ID);
        assertThat(row.cell("note")).isEqualTo(new Cell(Cell.Kind.TEXT, "老乡介绍", "A", "说明"));
        assertThat(CellValues.decimal(row.cell("income"), column("income")).value()).isEqualTo(new BigDecimal("4200"));
        assertThat(row.cell("phone")).isEqualTo(new Cell(Cell.Kind.BLANK, "", "", "手机号"));
    }

    @Test
    void t29_missingRequiredColumnIsRefusedNamingIt() {
        Path file = Workbooks.sheet("台账").headers("姓名", "手机号").row("张三", "13812345678").write("t29-missing");

        SheetRefused refused = refusal(file);

        assertThat(refused).hasMessage("模板不匹配：缺少列【身份证号】");
        assertThat(refused.row()).isEqualTo(1);
    }

    @Test
    void t29_unknownExtraColumnIsRefusedWithRowAndColumn() {
        Path file = Workbooks.sheet("台账").headers("姓名", "身份证号", "手机号", "工号").row("张三", ID, null, "A-7")
                .write("t29-unknown");

        SheetRefused refused = refusal(file);

        assertThat(refused).hasMessage("模板不匹配：未知列【工号】（第1行，D列）");
        assertThat(refused.row()).isEqualTo(1);
        assertThat(refused.column()).isEqualTo("D");
    }

    @Test
    void t29_repeatedColumnIsRefused() {
        Path file = Workbooks.sheet("台账").headers("姓名", "身份证号", "姓名").row("张三", ID, "李四").write("t29-repeated");

        assertThat(refusal(file)).hasMessage("模板不匹配：列【姓名】重复（第1行，A列和C列）");
    }

    @Test
    void t29_mergedHeaderCellsAreRefusedBeforeAnyRow() {
        Path across = Workbooks.sheet("台账").headers("姓名", null, "身份证号").row("张", "三", ID)
                .merge(0, 0, 0, 1).write("t29-merged-across");
        Path down = Workbooks.sheet("台账").headers("姓名", "身份证号").row(null, ID).row("张三", ID)
                .merge(0, 1, 0, 0).write("t29-merged-down");

        assertThat(refusal(across).getMessage()).startsWith("模板不匹配：表头有合并单元格（第1行，A1:B1）");
        assertThat(refusal(down).getMessage()).startsWith("模板不匹配：表头有合并单元格（第1行，A1:A2）");
    }

    @Test
    void mergedCellsBelowTheHeaderAreImportedWithAWarning() {
        Path file = Workbooks.sheet("台账").headers("姓名", "身份证号", "备注")
                .row("张三", ID, "同一批").row("李四", "11010119900307123X", null)
                .merge(1, 2, 2, 2).write("merged-data");

        SheetResult result = read(file);

        assertThat(result.rows()).isEqualTo(2);
        assertThat(result.warnings()).containsExactly("第2行起有合并单元格（C2:C3），只有左上角单元格有值，其余按空白处理");
    }

    @Test
    void t29_emptySheetIsRefused() {
        Path empty = Workbooks.sheet("台账").write("t29-empty");
        Path blankRows = Workbooks.sheet("台账").blankRow().blankRow().row("", "  ").write("t29-blank-rows");

        assertThat(refusal(empty).getMessage()).startsWith("工作表为空");
        assertThat(refusal(blankRows).getMessage()).startsWith("工作表为空");
    }

    @Test
    void headerMayFollowBlankRowsAndKeepsItsRowNumber() {
        Path file = Workbooks.sheet("台账").blankRow().headers("姓名", "身份证号").row("张三", ID).write("header-row-2");

        SheetResult result = read(file);

        assertThat(result.headerRow()).isEqualTo(2);
        assertThat(rows).extracting(SheetRow::rowNumber).containsExactly(3);
    }

    @Test
    void filesThatAreNoXlsxAreRefusedWithAClearMessage() throws IOException {
        Path text = Workbooks.dir().resolve("not-xlsx.xlsx");
        Files.writeString(text, "姓名,身份证号\n张三,110101199003071234\n");
        Path ole2 = Workbooks.dir().resolve("old-xls.xlsx");
        Files.write(ole2, new byte[] {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A,
                (byte) 0xE1, 0, 0, 0, 0});
        Path good = Workbooks.sheet("台账").headers("姓名", "身份证号").row("张三", ID).write("to-truncate");
        byte[] bytes = Files.readAllBytes(good);
        Path truncated = Workbooks.dir().resolve("truncated.xlsx");
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));

        assertThat(refusal(text)).hasMessage("文件无法解析：不是有效的 Excel 工作簿（.xlsx），请用 Excel 另存为 .xlsx 后重新导入");
        assertThat(refusal(ole2)).hasMessage("文件是旧版 Excel（.xls）或已加密的工作簿，请取消密码并另存为 .xlsx 后重新导入");
        assertThat(refusal(truncated).getMessage()).startsWith("文件无法解析");
    }

    @Test
    void oversizeFileIsRefusedNamingTheLimit() {
        Path file = Workbooks.sheet("台账").headers("姓名", "身份证号").row("张三", ID).write("oversize");

        assertThatThrownBy(() -> read(file, Limits.defaults().withMaxFileBytes(1024)))
                .isInstanceOf(SheetRefused.class).hasMessage("文件超过1KB上限");
        assertThat(rows).isEmpty();
    }

    @Test
    void t30_hiddenSheetIsIgnoredHiddenRowImportedAndFormulasHandedOnUnevaluated() throws IOException {
        try (ServerSocket listener = new ServerSocket(0)) {
            listener.setSoTimeout(300);
            String url = "http://127.0.0.1:" + listener.getLocalPort() + "/x";
            Path file = Workbooks.sheet("说明").hidden().headers("家庭住址").row("不应读取")
                    .then("台账").headers("姓名", "身份证号", "月收入（元）", "备注")
                    .row("张三", ID, Workbooks.formula("=1+1", 2), "正常")
                    .hiddenRow("李四", "11010119900307123X", 3000, "隐藏行")
                    .row("王五", "110101199003071250", 100, Workbooks.formula("=WEBSERVICE(\"" + url + "\")", "缓存结果"))
                    .write("t30-hidden");

            SheetResult result = read(file);

            assertThat(result.sheetName()).isEqualTo("台账");
            assertThat(result.warnings()).containsExactly("已忽略隐藏工作表【说明】", "第3行为隐藏行");
            assertThat(rows).extracting(SheetRow::rowNumber).containsExactly(2, 3, 4);
            assertThat(rows).extracting(SheetRow::hidden).containsExactly(false, true, false);
            Cell sum = rows.get(0).cell("income");
            Cell web = rows.get(2).cell("note");
            assertThat(sum).isEqualTo(new Cell(Cell.Kind.FORMULA, "1+1", "C", "月收入（元）"));
            assertThat(web.kind()).isEqualTo(Cell.Kind.FORMULA);
            assertThat(web.raw()).startsWith("WEBSERVICE(").doesNotContain("缓存结果");
            assertThat(CellValues.decimal(sum, column("income")).message()).isEqualTo("单元格含公式，不予导入");
            assertThat(CellValues.text(web, column("note")).message()).isEqualTo("单元格含公式，不予导入");
            assertThat(rows).flatExtracting(SheetRow::cells).extracting(Cell::raw).doesNotContain("2", "缓存结果", "不应读取");
            assertThatThrownBy(listener::accept).as("no request to the WEBSERVICE address")
                    .isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void t31_numbersAndDatesReachCellValuesExactlyAsWritten() {
        Path file = Workbooks.sheet("台账")
                .headers("姓名", "身份证号", "月收入（元）", "务工开始日期", "务工天数")
                .row("甲", ID, "1,234.5", LocalDate.of(2021, 3, 15), 10)
                .row("乙", ID, "１２３", "2021/3/15", "3.5")
                .row("丙", ID, "-5", "2021年3月15日", -2)
                .row("丁", ID, "1e309", "2021.3.15", null)
                .row("戊", ID, "NaN", 44270, null)
                .row("己", ID, "120%", "2021-02-30", null)
                .row("庚", ID, 1234.5, "2021-03-15", null)
                .row("辛", ID, Workbooks.percent(0.455), null, null)
                .write("t31-numbers-dates");

        read(file);

        assertThat(rows).extracting(r -> message(CellValues.decimal(r.cell("income"), column("income"))))
                .containsExactly("1234.5", "含全角数字，请改为半角", "不能为负数", "数值超出范围", "不是有效数字",
                        "百分比不能超过100%", "1234.5", "45.5");
        assertThat(CellValues.decimal(rows.get(0).cell("income"), column("income")).value())
                .isEqualTo(new BigDecimal("1234.5"));
        assertThat(CellValues.decimal(rows.get(6).cell("income"), column("income")).value())
                .isEqualTo(new BigDecimal("1234.5"));
        assertThat(rows).extracting(r -> message(CellValues.date(r.cell("start"), column("start"))))
                .containsExactly("2021-03-15", "2021-03-15", "2021-03-15", "2021-03-15",
                        "日期列为数值，请设置为日期格式或填写文本日期", "日期不存在：2021-02-30", "2021-03-15", "blank");
        assertThat(rows).extracting(r -> message(CellValues.integer(r.cell("days"), column("days"))))
                .startsWith("10", "应为整数", "不能为负数");
    }

    private static String message(Parsed<?> parsed) {
        if (parsed.isBlank()) return "blank";
        return parsed.isOk() ? String.valueOf(parsed.value()) : parsed.message();
    }

    @Test
    void t32_personalColumnsOutsideTheTemplateAreRefusedAndNoRowIsRead() {
        Path file = Workbooks.sheet("台账")
                .headers("姓名", "身份证号", "家庭住址", "银行卡号（工资卡）")
                .row("张三", ID, "某省某县某村12号", "6222020200112233445")
                .write("t32-personal");

        SheetRefused refused = refusal(file);

        assertThat(refused).hasMessage("模板外个人信息列，不予导入：【家庭住址】、【银行卡号（工资卡）】");
        assertThat(refused.getMessage()).doesNotContain("某村", "6222");
    }

    @Test
    void t32_personalColumnsWinOverOtherMismatches() {
        Path file = Workbooks.sheet("台账").headers("姓名", "QQ", "工号").row("张三", "12345", "7").write("t32-qq");

        assertThat(refusal(file)).hasMessage("模板外个人信息列，不予导入：【QQ】");
    }

    @Test
    void t79_moreRowsThanTheLimitAreRefusedBeforeAnyRowIsHandled() {
        Workbooks book = Workbooks.sheet("台账").headers("姓名", "身份证号");
        for (int i = 0; i < 60; i++) book.row("张三", ID);
        Path file = book.write("t79-over-limit");
        Path streamed = Workbooks.streaming("t79-over-limit-sxssf", List.of("姓名", "身份证号"), 60,
                i -> new Object[] {"张三", ID});

        for (Path each : List.of(file, streamed)) {
            SheetRefused refused = catchThrowableOfType(SheetRefused.class, () -> read(each, Limits.defaults().withMaxRows(50)));
            assertThat(refused).hasMessageStartingWith("文件超过行数上限（50行）");
            assertThat(rows).isEmpty();
        }
        assertThat(read(file, Limits.defaults().withMaxRows(60)).rows()).isEqualTo(60);
    }

    /**
     * The row scan is made while the archive is checked, for the parts under xl/worksheets/; a worksheet
     * elsewhere (valid OPC, written by no common program) is scanned on its own, with the same refusals
     * before any row.
     */
    @Test
    void aWorksheetOutsideTheWorksheetsFolderIsScannedAllTheSame() {
        Workbooks book = Workbooks.sheet("台账").headers("姓名", "身份证号");
        for (int i = 0; i < 60; i++) book.row("张三", ID);
        Path many = moved(book.write("moved-over-limit-source"), "moved-over-limit");
        Path merged = moved(Workbooks.sheet("台账").headers("姓名", null, "身份证号").row("张", "三", ID)
                .merge(0, 0, 0, 1).write("moved-merged-source"), "moved-merged");

        assertThat(read(many, Limits.defaults().withMaxRows(60)).rows()).isEqualTo(60);
        rows.clear();
        assertThatThrownBy(() -> read(many, Limits.defaults().withMaxRows(50))).hasMessageStartingWith("文件超过行数上限（50行）");
        assertThat(rows).isEmpty();
        assertThatThrownBy(() -> read(merged)).hasMessageStartingWith("模板不匹配：表头有合并单元格（第1行，A1:B1）");
        assertThat(rows).isEmpty();
    }

    /** The workbook with its worksheet moved from xl/worksheets/sheet1.xml to xl/data/sheet1.xml, relationships and content types to match. */
    private static Path moved(Path source, String name) {
        Path file = Workbooks.dir().resolve(name + ".xlsx");
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(source.toFile());
             java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(java.nio.file.Files.newOutputStream(file))) {
            for (java.util.zip.ZipEntry each : java.util.Collections.list(zip.entries())) {
                byte[] content = zip.getInputStream(each).readAllBytes();
                String entry = each.getName().equals("xl/worksheets/sheet1.xml") ? "xl/data/sheet1.xml" : each.getName();
                if (entry.equals("xl/_rels/workbook.xml.rels") || entry.equals("[Content_Types].xml")) {
                    String text = new String(content, StandardCharsets.UTF_8).replace("worksheets/sheet1.xml", "data/sheet1.xml");
                    assertThat(text).contains("data/sheet1.xml");
                    content = text.getBytes(StandardCharsets.UTF_8);
                }
                out.putNextEntry(new java.util.zip.ZipEntry(entry));
                out.write(content);
                out.closeEntry();
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return file;
    }

    @Test
    void contentUnderNoHeaderIsLeftOutWithAWarning() {
        Path file = Workbooks.sheet("台账").headers("姓名", "身份证号").row("张三", ID, null, "6222020200112233445")
                .write("no-header-column");

        SheetResult result = read(file);

        assertThat(result.warnings()).containsExactly("D列没有表头，该列内容未导入（第2行起）");
        assertThat(rows.get(0).cells()).extracting(Cell::raw).doesNotContain("6222020200112233445");
    }

    @Test
    void hiddenColumnsAreImportedWithAWarning() {
        Path file = Workbooks.sheet("台账").headers("姓名", "身份证号", "手机号").row("张三", ID, "13812345678")
                .hiddenColumn(2).write("hidden-column");

        SheetResult result = read(file);

        assertThat(result.warnings()).containsExactly("C列【手机号】为隐藏列，已照常导入");
        assertThat(rows.get(0).cell("phone").raw()).isEqualTo("13812345678");
    }

    @Test
    void sharedStringsJoinRichTextRunsSkipPhoneticReadingsAndDecodeEscapes() {
        Path source = Workbooks.sheet("台账").headers("姓名", "身份证号", "备注").row("张三", ID, "待替换")
                .write("shared-strings-source");
        Path file = Workbooks.rewrite(source, "shared-strings", "xl/sharedStrings.xml", xml -> xml
                .replace("<si><t>张三</t></si>",
                        "<si><r><t>张</t></r><r><rPr><b/></rPr><t>三</t></r><rPh sb=\"0\" eb=\"2\"><t>ちょうさん</t></rPh></si>")
                .replace("<si><t>待替换</t></si>", "<si><t>响铃_x0007_字符</t></si>"), StandardCharsets.UTF_8);

        read(file);

        assertThat(rows.get(0).cell("name").raw()).isEqualTo("张三");
        assertThat(rows.get(0).cell("note").raw()).isEqualTo("响铃\u0007字符");
        assertThat(CellValues.text(rows.get(0).cell("note"), column("note")).message())
                .isEqualTo("含有不可见的控制字符，请删除后重新填写");
    }

    @Test
    void anExceptionOfTheHandlerReachesTheCallerUnchanged() {
        Path file = Workbooks.sheet("台账").headers("姓名", "身份证号").row("张三", ID).write("handler-throws");
        IllegalArgumentException thrown = new IllegalArgumentException("stop");

        assertThatThrownBy(() -> LedgerSheetReader.read(file, TEMPLATE, Limits.defaults(), row -> {
            throw thrown;
        })).isSameAs(thrown);
    }

    @Test
    void readingLeavesNoTempFile() throws IOException {
        Path file = Workbooks.sheet("台账").headers("姓名", "身份证号").row("张三", ID).write("no-temp");
        Path temp = Path.of(System.getProperty("java.io.tmpdir"));
        Set<Path> before = tempFiles(temp);

        read(file);

        assertThat(tempFiles(temp)).isEqualTo(before);
    }

    private static Set<Path> tempFiles(Path temp) {
        try (Stream<Path> files = Files.walk(temp, 2)) {
            return files.filter(p -> !p.startsWith(temp.resolve("sheet-fixtures"))
                    && !p.toString().contains("surefire")).collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void withoutTheQuickScanTheStreamingChecksStillRefuse() {
        // a UTF-16 worksheet is valid XML the byte scan cannot read; the SAX pass then refuses on its own
        Workbooks book = Workbooks.sheet("台账").headers("姓名", "身份证号");
        for (int i = 0; i < 60; i++) book.row("张三", ID);
        Path many = Workbooks.rewrite(book.write("utf16-source"), "utf16-over-limit", "xl/worksheets/sheet1.xml",
                xml -> utf16(xml).replaceFirst("<dimension ref=\"[^\"]*\"/>", ""), StandardCharsets.UTF_16);
        Path merged = Workbooks.rewrite(Workbooks.sheet("台账").headers("姓名", null, "身份证号").row("张", "三", ID)
                        .merge(0, 0, 0, 1).write("utf16-merged-source"), "utf16-merged", "xl/worksheets/sheet1.xml",
                LedgerSheetReaderTests::utf16, StandardCharsets.UTF_16);

        assertThatThrownBy(() -> read(many, Limits.defaults().withMaxRows(50)))
                .hasMessageStartingWith("文件超过行数上限（50行）");
        assertThat(rows).as("refused as the 51st row arrives").hasSize(50);
        rows.clear();
        assertThatThrownBy(() -> read(merged)).hasMessageStartingWith("模板不匹配：表头有合并单元格（第1行，A1:B1）");
    }

    private static String utf16(String xml) {
        return xml.replace("encoding=\"UTF-8\"", "encoding=\"UTF-16\"");
    }

    @Test
    void datesOfThe1904SystemAndSerialsReadAsPoiReadsThem() {
        Path file = Workbooks.sheet("台账").date1904().headers("姓名", "身份证号", "务工开始日期")
                .row("张三", ID, LocalDate.of(2021, 3, 15)).write("date-1904");

        read(file);

        assertThat(rows.get(0).cell("start")).isEqualTo(new Cell(Cell.Kind.DATE, "2021-03-15", "C", "务工开始日期"));
        for (boolean date1904 : new boolean[] {false, true}) {
            for (int serial = 1; serial < 80_000; serial += 7) {
                java.time.LocalDateTime poi = org.apache.poi.ss.usermodel.DateUtil.getLocalDateTime(serial, date1904, true);
                assertThat(ExcelDates.iso(String.valueOf(serial), date1904)).as("serial %d", serial)
                        .isEqualTo(poi.toLocalDate().toString());
            }
        }
        assertThat(ExcelDates.iso("44270.5", false)).isEqualTo("2021-03-15T12:00");
        assertThat(ExcelDates.iso("-1", false)).isNull();
    }

    @Test
    void tenThousandStreamedRowsAreCountedAndSummedExactly() {
        int count = 10_000;
        Path file = Workbooks.streaming("smoke-10000", List.of("姓名", "身份证号", "月收入（元）", "务工开始日期"), count,
                i -> new Object[] {"张" + (char) ('一' + i % 500), String.format("1101011990%08d", i),
                        new BigDecimal(i).movePointLeft(2).add(BigDecimal.valueOf(3000)), LocalDate.of(2021, 1, 1).plusDays(i % 365)});
        BigDecimal[] sum = {BigDecimal.ZERO};
        int[] dates = {0};

        SheetResult result = LedgerSheetReader.read(file, TEMPLATE, Limits.defaults(), row -> {
            sum[0] = sum[0].add(CellValues.decimal(row.cell("income"), column("income")).value());
            if (CellValues.date(row.cell("start"), column("start")).isOk()) dates[0]++;
        });

        BigDecimal expected = BigDecimal.ZERO;
        for (int i = 0; i < count; i++) expected = expected.add(new BigDecimal(i).movePointLeft(2).add(BigDecimal.valueOf(3000)));
        assertThat(result.rows()).isEqualTo(count);
        assertThat(sum[0]).isEqualByComparingTo(expected);
        assertThat(dates[0]).isEqualTo(count);
    }
}
