package org.xiezuo.ledger.sheet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataValidation;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.xssf.usermodel.XSSFCell;
import org.apache.poi.xssf.usermodel.XSSFDataValidation;
import org.apache.poi.xssf.usermodel.XSSFRow;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

/**
 * Templates and exports read back with POI: no formula anywhere, text that starts like a formula is a
 * quote-prefixed string cell (SECURITY.md T51), numbers stay numbers, ID and phone columns are text,
 * and what the writer produces the reader accepts again.
 */
class LedgerSheetWriterTests {

    private static final List<Column> COLUMNS = List.of(
            Column.of("name", "姓名", ColumnType.NAME, true),
            Column.of("id", "身份证号", ColumnType.ID_NUMBER, true),
            Column.of("phone", "手机号", ColumnType.PHONE, false),
            Column.of("start", "务工开始日期", ColumnType.DATE, false),
            Column.of("amount", "月收入（元）", ColumnType.DECIMAL, false),
            Column.of("days", "务工天数", ColumnType.INTEGER, false),
            Column.of("poor", "是否脱贫户", ColumnType.YES_NO, false),
            Column.choice("sex", "性别", false, List.of("男", "女")),
            Column.of("note", "备注", ColumnType.TEXT, false));

    private static final List<String> FORMULA_LIKE = List.of("=HYPERLINK(\"http://x\",\"点\")", "+1", "-1", "@SUM(A1)",
            "\tTAB", "\rCR", "\0NUL", "＝1+1");
    /** XML cannot carry NUL: SXSSF writes it as '?'. */
    private static final List<String> AS_STORED = FORMULA_LIKE.stream().map(s -> s.replace('\0', '?')).toList();

    private static Path write(String name, Writer writer) {
        Path file = Workbooks.dir().resolve(name + ".xlsx");
        try (OutputStream out = Files.newOutputStream(file)) {
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private interface Writer {
        void write(OutputStream out) throws IOException;
    }

    private static XSSFWorkbook open(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            return new XSSFWorkbook(in);
        }
    }

    @Test
    void t51_formulaLikeTextIsWrittenAsQuotePrefixedStringsAndNumbersStayNumbers() throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String evil : FORMULA_LIKE) {
            Map<String, Object> row = new HashMap<>();
            row.put("name", evil);
            row.put("id", "110101199003071234");
            row.put("note", evil);
            row.put("amount", new BigDecimal("-5"));
            row.put("days", -3);
            row.put("start", LocalDate.of(2021, 3, 15));
            row.put("poor", Boolean.TRUE);
            rows.add(row);
        }
        rows.add(Map.of("name", "张三", "id", "11010119900307123X", "phone", "13812345678", "note", "正常备注",
                "amount", new BigDecimal("1234.5")));
        Path file = write("t51-export", out -> LedgerSheetWriter.writeRows(COLUMNS, "台账", rows.iterator(), out));

        try (XSSFWorkbook workbook = open(file)) {
            XSSFSheet sheet = workbook.getSheet("台账");
            for (int r = 1; r <= FORMULA_LIKE.size(); r++) {
                XSSFRow row = sheet.getRow(r);
                String evil = FORMULA_LIKE.get(r - 1);
                for (int c : new int[] {0, 8}) {
                    XSSFCell cell = row.getCell(c);
                    assertThat(cell.getCellType()).as("%s at %d", evil, c).isEqualTo(CellType.STRING);
                    assertThat(cell.getStringCellValue()).isEqualTo(AS_STORED.get(r - 1));
                    assertThat(cell.getCellStyle().getQuotePrefixed()).as("%s quote prefix", evil).isTrue();
                }
                assertThat(row.getCell(4).getCellType()).isEqualTo(CellType.NUMERIC);
                assertThat(row.getCell(4).getNumericCellValue()).isEqualTo(-5.0);
                assertThat(row.getCell(5).getNumericCellValue()).isEqualTo(-3.0);
                assertThat(DateUtil.isCellDateFormatted(row.getCell(3))).isTrue();
                assertThat(row.getCell(3).getLocalDateTimeCellValue().toLocalDate()).isEqualTo(LocalDate.of(2021, 3, 15));
                assertThat(row.getCell(6).getStringCellValue()).isEqualTo("是");
            }
            XSSFRow plain = sheet.getRow(FORMULA_LIKE.size() + 1);
            assertThat(plain.getCell(0).getCellStyle().getQuotePrefixed()).isFalse();
            assertThat(plain.getCell(1).getCellType()).isEqualTo(CellType.STRING);
            assertThat(plain.getCell(2).getCellType()).isEqualTo(CellType.STRING);
            assertThat(plain.getCell(4).getNumericCellValue()).isEqualTo(1234.5);
            for (var row : sheet) {
                for (var cell : row) assertThat(cell.getCellType()).isNotEqualTo(CellType.FORMULA);
            }
        }
        assertThat(entryText(file, "xl/worksheets/sheet1.xml")).doesNotContain("<f>", "<f ");
    }

    @Test
    void anExportKeepsMarkupSupplementaryCharactersSpacesAndTimesAsWritten() throws IOException {
        Map<String, Object> row = Map.of("name", "𠀀𪚥林", "id", "110101199003071234", "note", " <a href=\"x\">&amp;\n第二行 ",
                "start", java.time.LocalDateTime.of(2021, 3, 15, 12, 0), "amount", new BigDecimal("0.1"), "days", 7L);
        Path file = write("markup", out -> LedgerSheetWriter.writeRows(COLUMNS, "台账<&>", List.of(row).iterator(), out));

        try (XSSFWorkbook workbook = open(file)) {
            XSSFSheet sheet = workbook.getSheet("台账<&>");
            XSSFRow written = sheet.getRow(1);
            assertThat(written.getCell(0).getStringCellValue()).isEqualTo("𠀀𪚥林");
            assertThat(written.getCell(8).getStringCellValue()).isEqualTo(" <a href=\"x\">&amp;\n第二行 ");
            assertThat(written.getCell(8).getCellStyle().getQuotePrefixed()).isFalse();
            assertThat(written.getCell(1).getCellStyle().getDataFormatString()).isEqualTo("@");
            assertThat(written.getCell(3).getLocalDateTimeCellValue()).isEqualTo(java.time.LocalDateTime.of(2021, 3, 15, 12, 0));
            assertThat(written.getCell(3).getCellStyle().getDataFormatString()).isEqualTo("yyyy-mm-dd hh:mm:ss");
            assertThat(written.getCell(4).getNumericCellValue()).isEqualTo(0.1);
            assertThat(written.getCell(5).getNumericCellValue()).isEqualTo(7.0);
            assertThat(workbook.getFontAt(sheet.getRow(0).getCell(0).getCellStyle().getFontIndex()).getBold()).isTrue();
            assertThat(sheet.getPaneInformation().isFreezePane()).isTrue();
            assertThat(sheet.getPaneInformation().getHorizontalSplitPosition()).isEqualTo((short) 1);
            assertThat(sheet.getColumnWidth(1)).isGreaterThanOrEqualTo(22 * 256);
        }
    }

    @Test
    void t51_anExportReadsBackThroughTheLedgerReaderAsText() {
        Map<String, Object> row = Map.of("name", "=1+1", "id", "110101199003071234", "note", "\rCR",
                "amount", new BigDecimal("12345678901234.5"), "days", 120L);
        Path file = write("t51-roundtrip", out -> LedgerSheetWriter.writeRows(COLUMNS, "台账", List.of(row).iterator(), out));
        List<SheetRow> rows = new ArrayList<>();

        LedgerSheetReader.read(file, COLUMNS, Limits.defaults(), rows::add);

        assertThat(rows.get(0).cell("name")).isEqualTo(new Cell(Cell.Kind.TEXT, "=1+1", "A", "姓名"));
        assertThat(rows.get(0).cell("id").kind()).isEqualTo(Cell.Kind.TEXT);
        assertThat(rows.get(0).cell("note")).isEqualTo(new Cell(Cell.Kind.TEXT, "\rCR", "I", "备注"));
        assertThat(CellValues.decimal(rows.get(0).cell("amount"), COLUMNS.get(4)).value())
                .isEqualByComparingTo("12345678901234.5");
        assertThat(CellValues.integer(rows.get(0).cell("days"), COLUMNS.get(5)).value()).isEqualTo(120L);
    }

    @Test
    void t51_csvFieldsAreNeutralisedAndQuoted() {
        assertThat(CsvSafe.cell("=HYPERLINK(\"http://x\",\"点\")")).isEqualTo("\"'=HYPERLINK(\"\"http://x\"\",\"\"点\"\")\"");
        assertThat(CsvSafe.cell("+1")).isEqualTo("'+1");
        assertThat(CsvSafe.cell("-1")).isEqualTo("'-1");
        assertThat(CsvSafe.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(CsvSafe.cell("\tTAB")).isEqualTo("'\tTAB");
        assertThat(CsvSafe.cell("\rCR")).isEqualTo("\"'\rCR\"");
        assertThat(CsvSafe.cell("\0NUL")).isEqualTo("'\0NUL");
        assertThat(CsvSafe.cell("张三,李四")).isEqualTo("\"张三,李四\"");
        assertThat(CsvSafe.cell("说\"明\"")).isEqualTo("\"说\"\"明\"\"\"");
        assertThat(CsvSafe.cell("张三")).isEqualTo("张三");
        assertThat(CsvSafe.cell(null)).isEmpty();
        assertThat(CsvSafe.number(new BigDecimal("-5"))).isEqualTo("-5");
        assertThat(CsvSafe.number(new BigDecimal("1E+3"))).isEqualTo("1000");
        assertThat(CsvSafe.line(List.of(CsvSafe.cell("=1"), CsvSafe.number(new BigDecimal("-2.5"))))).isEqualTo("'=1,-2.5\r\n");
    }

    @Test
    void templateKeepsIdsAndPhonesAsTextDatesAsDatesAndOffersLists() throws IOException {
        Path file = write("template", out -> LedgerSheetWriter.writeTemplate(COLUMNS, "台账", out));

        try (XSSFWorkbook workbook = open(file)) {
            assertThat(workbook.getNumberOfSheets()).isEqualTo(1);
            XSSFSheet sheet = workbook.getSheet("台账");
            XSSFRow header = sheet.getRow(0);
            assertThat(IntStream.range(0, COLUMNS.size()).mapToObj(c -> header.getCell(c).getStringCellValue()))
                    .containsExactlyElementsOf(COLUMNS.stream().map(Column::header).toList());
            assertThat(workbook.getFontAt(header.getCell(0).getCellStyle().getFontIndex()).getBold()).isTrue();
            assertThat(sheet.getPaneInformation().isFreezePane()).isTrue();
            assertThat(sheet.getPaneInformation().getHorizontalSplitPosition()).isEqualTo((short) 1);
            assertThat(sheet.getColumnStyle(1).getDataFormatString()).isEqualTo("@");
            assertThat(sheet.getColumnStyle(2).getDataFormatString()).isEqualTo("@");
            assertThat(sheet.getColumnStyle(3).getDataFormatString()).isEqualTo("yyyy-mm-dd");
            assertThat(sheet.getColumnWidth(1)).isGreaterThanOrEqualTo(22 * 256);
            List<XSSFDataValidation> validations = sheet.getDataValidations();
            assertThat(validations).extracting(v -> List.of(v.getValidationConstraint().getExplicitListValues()))
                    .containsExactlyInAnyOrder(List.of("是", "否"), List.of("男", "女"));
            for (XSSFDataValidation validation : validations) {
                assertThat(validation.getRegions().getCellRangeAddress(0).getFirstRow()).isEqualTo(1);
                assertThat(validation.getErrorStyle()).isEqualTo(DataValidation.ErrorStyle.STOP);
            }
        }
        // showDropDown="1" hides the in-cell arrow in Excel, against the attribute's name
        assertThat(entryText(file, "xl/worksheets/sheet1.xml")).contains("<dataValidation ")
                .doesNotContain("showDropDown=\"1\"", "showDropDown=\"true\"");
        SheetResult result = LedgerSheetReader.read(file, COLUMNS, Limits.defaults(), row -> { });
        assertThat(result.rows()).isZero();
        assertThat(result.warnings()).isEmpty();
        assertThat(result.columns()).hasSize(COLUMNS.size());
    }

    @Test
    void longChoiceListsLiveInAHiddenSheet() throws IOException {
        List<String> towns = IntStream.rangeClosed(1, 60).mapToObj(i -> "第" + i + "号乡镇").toList();
        List<Column> columns = List.of(Column.of("name", "姓名", ColumnType.NAME, true),
                Column.choice("town", "乡镇", true, towns));
        Path file = write("template-long-list", out -> LedgerSheetWriter.writeTemplate(columns, "台账", out));

        try (XSSFWorkbook workbook = open(file)) {
            assertThat(workbook.isSheetHidden(workbook.getSheetIndex("选项"))).isTrue();
            XSSFDataValidation validation = workbook.getSheet("台账").getDataValidations().get(0);
            assertThat(validation.getValidationConstraint().getFormula1()).isEqualTo("'选项'!$A$1:$A$60");
            assertThat(workbook.getSheet("选项").getRow(59).getCell(0).getStringCellValue()).isEqualTo("第60号乡镇");
        }
    }

    @Test
    void aLargeExportStreamsAndLeavesNoTempFile() throws IOException {
        Path temp = Path.of(System.getProperty("java.io.tmpdir"), "poifiles");
        Set<Path> before = files(temp);
        int count = 20_000;
        Iterator<Map<String, Object>> rows = IntStream.range(0, count).<Map<String, Object>>mapToObj(i -> Map.of(
                "name", "张三", "id", String.format("1101011990%08d", i), "amount", BigDecimal.valueOf(i, 2))).iterator();

        Path file = write("export-large", out -> LedgerSheetWriter.writeRows(COLUMNS, "台账", rows, out));

        assertThat(files(temp)).isEqualTo(before);
        BigDecimal[] sum = {BigDecimal.ZERO};
        SheetResult result = LedgerSheetReader.read(file, COLUMNS, Limits.defaults(),
                row -> sum[0] = sum[0].add(CellValues.decimal(row.cell("amount"), COLUMNS.get(4)).value()));
        assertThat(result.rows()).isEqualTo(count);
        assertThat(sum[0]).isEqualByComparingTo(BigDecimal.valueOf((long) count * (count - 1) / 2, 2));
    }

    private static Set<Path> files(Path dir) {
        if (!Files.isDirectory(dir)) return Set.of();
        try (Stream<Path> files = Files.list(dir)) {
            return files.collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String entryText(Path file, String entry) throws IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            return new String(zip.getInputStream(zip.getEntry(entry)).readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
