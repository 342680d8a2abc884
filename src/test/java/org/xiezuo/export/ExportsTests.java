package org.xiezuo.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.PrintSetup;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.usermodel.XSSFCell;
import org.apache.poi.xssf.usermodel.XSSFRow;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFFooter;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFRun;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTSectPr;
import org.springframework.beans.factory.annotation.Autowired;
import org.xiezuo.assessment.Assessment;
import org.xiezuo.assessment.IndicatorResult;
import org.xiezuo.assessment.IndicatorStatus;
import org.xiezuo.importer.DocumentImports;
import org.xiezuo.importer.SeedDocuments;
import org.xiezuo.ledger.Bindings;
import org.xiezuo.ledger.LedgerImports;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.reporting.Reporting;
import org.xiezuo.reporting.ReportingQueries;
import org.xiezuo.shared.AccessDenied;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.Role;
import org.xiezuo.support.XiezuoTest;
import org.xiezuo.unit.Organisation;

/**
 * The exports opened with POI (issue 7): the indicator table's merged regions against the structure of
 * the seed's own table, every row's values and formats against the assessment, status colours, print
 * set-up and formula-safe names; the bulletin's page, fonts, page-number field and every number of its
 * text against the assessment values.
 */
@XiezuoTest
class ExportsTests {

    @Autowired DocumentImports documents;
    @Autowired PlanQueries planQueries;
    @Autowired Bindings bindings;
    @Autowired Reporting reporting;
    @Autowired ReportingQueries queries;
    @Autowired LedgerImports ledgers;
    @Autowired Exports exports;
    @Autowired Organisation organisation;

    ExportFixture data;
    Assessment assessment;

    @BeforeEach
    void aKnownDataSet() {
        data = ExportFixture.create(documents, planQueries, bindings, reporting, queries, ledgers);
        assessment = exports.assessment(data.office(), data.planId(), ExportFixture.NOV30);
    }

    XSSFWorkbook table() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        exports.table(data.office(), assessment, out);
        return new XSSFWorkbook(new ByteArrayInputStream(out.toByteArray()));
    }

    XWPFDocument bulletin() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        exports.bulletin(data.office(), assessment, out);
        return new XWPFDocument(new ByteArrayInputStream(out.toByteArray()));
    }

    /**
     * The merged regions the seed's own table implies, worked out from its text: a category row merged
     * across the nine columns; a responsible-units cell merged down over the rows that leave it blank
     * after it (within the category); the 只作统计 target over the blank-target rows after it.
     */
    static Set<String> mergesOfTheSeed() {
        String text = new String(SeedDocuments.text(), StandardCharsets.UTF_8);
        List<String[]> rows = new ArrayList<>();
        boolean inTable = false;
        for (String line : text.split("\\R")) {
            if (line.startsWith("指标名称\t")) { inTable = true; continue; }
            if (line.startsWith("---")) { inTable = false; continue; }
            if (inTable && !line.isBlank()) rows.add(line.split("\t", -1));
        }
        Set<String> merges = new HashSet<>(Set.of("0:0:0:8", "1:1:0:8"));
        int r = IndicatorTable.HEADER_ROW + 1;
        int groupStart = -1;
        int statStart = -1;
        int statLength = 0;
        int groupLength = 0;
        List<int[]> groups = new ArrayList<>();
        List<int[]> stats = new ArrayList<>();
        for (String[] row : rows) {
            if (row[0].startsWith("<b>")) {
                if (groupLength > 0) groups.add(new int[] {groupStart, groupLength});
                if (statLength > 0) stats.add(new int[] {statStart, statLength});
                groupLength = 0;
                statLength = 0;
                merges.add(r + ":" + r + ":0:8");
                r++;
                continue;
            }
            String units = row.length > 3 ? row[3].strip() : "";
            if (!units.isEmpty() || groupLength == 0) {
                if (groupLength > 0) groups.add(new int[] {groupStart, groupLength});
                groupStart = r;
                groupLength = 1;
            } else {
                groupLength++;
            }
            String target = row.length > 2 ? row[2].strip() : "";
            if (target.contains("只作统")) {
                if (statLength > 0) stats.add(new int[] {statStart, statLength});
                statStart = r;
                statLength = 1;
            } else if (target.isEmpty() && statLength > 0) {
                statLength++;
            } else if (statLength > 0) {
                stats.add(new int[] {statStart, statLength});
                statLength = 0;
            }
            r++;
        }
        if (groupLength > 0) groups.add(new int[] {groupStart, groupLength});
        if (statLength > 0) stats.add(new int[] {statStart, statLength});
        for (int[] g : groups) if (g[1] > 1) merges.add(g[0] + ":" + (g[0] + g[1] - 1) + ":3:3");
        for (int[] s : stats) if (s[1] > 1) merges.add(s[0] + ":" + (s[0] + s[1] - 1) + ":2:2");
        return merges;
    }

    @Test
    void theTableHasTheSeedsMergedStructure() throws Exception {
        try (XSSFWorkbook workbook = table()) {
            XSSFSheet sheet = workbook.getSheetAt(0);
            Set<String> merges = new HashSet<>();
            for (CellRangeAddress region : sheet.getMergedRegions()) {
                merges.add(region.getFirstRow() + ":" + region.getLastRow() + ":" + region.getFirstColumn() + ":" + region.getLastColumn());
            }
            Set<String> expected = mergesOfTheSeed();
            assertThat(expected).contains("3:3:0:8", "4:5:3:3");   // 一、组织领导; 1–2 区委办 区政府办
            assertThat(merges).isEqualTo(expected);
            XSSFRow header = sheet.getRow(IndicatorTable.HEADER_ROW);
            for (int c = 0; c < IndicatorTable.HEADERS.size(); c++) {
                assertThat(header.getCell(c).getStringCellValue()).isEqualTo(IndicatorTable.HEADERS.get(c));
            }
            assertThat(sheet.getRow(3).getCell(0).getStringCellValue()).isEqualTo("一、组织领导");
        }
    }

    @Test
    void everyRowCarriesTheAssessmentsValuesWithFormatsByUnitAndStatusColours() throws Exception {
        IndicatorResult schools = assessment.indicator(data.schools().id()).orElseThrow();
        assertThat(schools.actual()).isEqualByComparingTo("5");
        assertThat(schools.status()).isEqualTo(IndicatorStatus.COMPLETED);
        try (XSSFWorkbook workbook = table()) {
            XSSFSheet sheet = workbook.getSheetAt(0);
            assertThat(sheet.getRow(1).getCell(0).getStringCellValue()).contains("截至2021年11月30日").contains("时序进度 91.51%");
            int seen = 0;
            for (int r = IndicatorTable.HEADER_ROW + 1; r <= sheet.getLastRowNum(); r++) {
                XSSFRow row = sheet.getRow(r);
                String name = row.getCell(0).getStringCellValue();
                if (row.getCell(4).getCellType() == CellType.BLANK && row.getCell(7).getStringCellValue().isEmpty()) continue; // category
                IndicatorResult result = assessment.indicators().stream()
                        .filter(i -> name.equals(i.indicator().code() == null ? i.indicator().name() : i.indicator().code() + "." + i.indicator().name()))
                        .findFirst().orElseThrow(() -> new AssertionError("no indicator for the row " + name));
                seen++;
                String unit = result.indicator().measureUnit();
                String format = switch (unit == null ? "" : unit) {
                    case "万元" -> "0.00";
                    case "亿元" -> "0.0000";
                    default -> "0";
                };
                assertThat(row.getCell(1).getStringCellValue()).isEqualTo(unit == null ? "" : unit);
                assertThat(row.getCell(4).getNumericCellValue()).as(name).isCloseTo(result.actual().doubleValue(), within(1e-9));
                assertThat(row.getCell(4).getCellStyle().getDataFormatString()).as(name).isEqualTo(format);
                if (result.completion() == null) {
                    assertThat(row.getCell(5).getCellType()).isEqualTo(CellType.BLANK);
                } else {
                    assertThat(row.getCell(5).getNumericCellValue()).isCloseTo(result.completion().doubleValue(), within(1e-9));
                }
                assertThat(row.getCell(5).getCellStyle().getDataFormatString()).isEqualTo("0.00%");
                assertThat(row.getCell(6).getNumericCellValue()).isCloseTo(assessment.timeProgress().doubleValue(), within(1e-9));
                assertThat(row.getCell(7).getStringCellValue()).isEqualTo(result.status().label());
                assertThat(row.getCell(7).getCellStyle().getFillForegroundColorColor().getARGBHex())
                        .as(name).endsWith(SheetStyles.STATUS_FILL.get(result.status()));
                if (result.forecast() != null) {
                    assertThat(row.getCell(8).getNumericCellValue()).isCloseTo(result.forecast().doubleValue(), within(1e-6));
                }
                if (result.target() != null && result.indicator().assessment().isAssessed()) {
                    assertThat(row.getCell(2).getNumericCellValue()).isCloseTo(result.target().doubleValue(), within(1e-9));
                }
            }
            assertThat(seen).isEqualTo(assessment.indicators().size());
            // completion above 100 % is kept: 5 of 4 schools = 125 %
            assertThat(seen).isPositive();
        }
    }

    @Test
    void printSetUpIsA4LandscapeFitToWidthWithTheHeaderRepeatedAndFrozen() throws Exception {
        try (XSSFWorkbook workbook = table()) {
            XSSFSheet sheet = workbook.getSheetAt(0);
            assertThat(sheet.getPrintSetup().getPaperSize()).isEqualTo(PrintSetup.A4_PAPERSIZE);
            assertThat(sheet.getPrintSetup().getLandscape()).isTrue();
            assertThat(sheet.getFitToPage()).isTrue();
            assertThat(sheet.getPrintSetup().getFitWidth()).isEqualTo((short) 1);
            assertThat(sheet.getPrintSetup().getFitHeight()).isEqualTo((short) 0);
            assertThat(sheet.getRepeatingRows()).isEqualTo(CellRangeAddress.valueOf("3:3"));
            assertThat(sheet.getPaneInformation().isFreezePane()).isTrue();
            assertThat(sheet.getPaneInformation().getHorizontalSplitPosition()).isEqualTo((short) (IndicatorTable.HEADER_ROW + 1));
        }
    }

    @Test
    void t51_aUnitNamedLikeAFormulaIsAQuotedTextCellInTheTableAndTheUnitWorkbook() throws Exception {
        String formula = "=HYPERLINK(\"http://x\",\"点\")";
        long education = data.district().unit("区教育局");
        organisation.rename(Actor.system(), education, formula);
        formula = org.xiezuo.unit.UnitNames.normalise(formula); // unit names keep full-width parentheses: =HYPERLINK（…）
        assessment = exports.assessment(data.office(), data.planId(), ExportFixture.NOV30);
        try (XSSFWorkbook workbook = table()) {
            XSSFSheet sheet = workbook.getSheetAt(0);
            XSSFCell cell = null;
            for (int r = IndicatorTable.HEADER_ROW + 1; r <= sheet.getLastRowNum(); r++) {
                XSSFCell candidate = sheet.getRow(r).getCell(3);
                if (candidate != null && candidate.getCellType() == CellType.STRING && candidate.getStringCellValue().equals(formula)) {
                    cell = candidate;
                }
            }
            assertThat(cell).as("the renamed unit's cell").isNotNull();
            assertThat(cell.getCellType()).isEqualTo(CellType.STRING);
            assertThat(cell.getCellStyle().getQuotePrefixed()).isTrue();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        exports.unitWorkbook(data.office(), assessment, education, out);
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(out.toByteArray()))) {
            XSSFCell title = workbook.getSheetAt(0).getRow(0).getCell(0);
            assertThat(title.getStringCellValue()).startsWith(formula);
            assertThat(title.getCellStyle().getQuotePrefixed()).isTrue();
            for (var row : workbook.getSheetAt(0)) for (var c : row) assertThat(c.getCellType()).isNotEqualTo(CellType.FORMULA);
        }
    }

    @Test
    void theBulletinHasTheOfficialPageFontsAndPageNumbers() throws Exception {
        try (XWPFDocument doc = bulletin()) {
            CTSectPr section = doc.getDocument().getBody().getSectPr();
            assertThat(section.getPgSz().getW()).isEqualTo(java.math.BigInteger.valueOf(11906));
            assertThat(section.getPgSz().getH()).isEqualTo(java.math.BigInteger.valueOf(16838));
            // 37, 35, 28 and 26 mm in twips (1 mm = 56.69)
            assertThat(((java.math.BigInteger) section.getPgMar().getTop()).intValue()).isCloseTo(2098, within(2));
            assertThat(((java.math.BigInteger) section.getPgMar().getBottom()).intValue()).isCloseTo(1984, within(2));
            assertThat(((java.math.BigInteger) section.getPgMar().getLeft()).intValue()).isCloseTo(1587, within(2));
            assertThat(((java.math.BigInteger) section.getPgMar().getRight()).intValue()).isCloseTo(1474, within(2));

            XWPFParagraph title = doc.getParagraphs().get(0);
            assertThat(title.getText()).isEqualTo("2021年东西部协作工作进展情况通报");
            assertThat(title.getAlignment()).isEqualTo(org.apache.poi.xwpf.usermodel.ParagraphAlignment.CENTER);
            XWPFRun titleRun = title.getRuns().get(0);
            assertThat(titleRun.getCTR().getRPr().getRFontsArray(0).getEastAsia()).isEqualTo("方正小标宋简体");
            assertThat(titleRun.getFontSizeAsDouble()).isEqualTo(22.0);
            assertThat(doc.getParagraphs().get(1).getText()).endsWith("2021年11月30日");

            XWPFParagraph body = doc.getParagraphs().get(2);
            assertThat(body.getText()).startsWith("截至2021年11月30日");
            assertThat(body.getRuns().get(0).getCTR().getRPr().getRFontsArray(0).getEastAsia()).isEqualTo("仿宋_GB2312");
            assertThat(body.getRuns().get(0).getFontSizeAsDouble()).isEqualTo(16.0);
            assertThat(body.getSpacingLineRule()).isEqualTo(org.apache.poi.xwpf.usermodel.LineSpacingRule.EXACT);
            assertThat(body.getSpacingBetween()).isBetween(28.0, 29.0);
            XWPFParagraph heading1 = doc.getParagraphs().stream().filter(p -> p.getText().equals("一、分类完成情况")).findFirst().orElseThrow();
            assertThat(heading1.getRuns().get(0).getCTR().getRPr().getRFontsArray(0).getEastAsia()).isEqualTo("黑体");
            XWPFParagraph heading2 = doc.getParagraphs().stream().filter(p -> p.getText().startsWith("（一）")).findFirst().orElseThrow();
            assertThat(heading2.getRuns().get(0).getCTR().getRPr().getRFontsArray(0).getEastAsia()).isEqualTo("楷体_GB2312");
            assertThat(doc.getParagraphs().stream().map(XWPFParagraph::getText)).contains("五、下步工作", BulletinText.NEXT_STEPS_PLACEHOLDER);

            // page numbers "— PAGE —": odd pages on the right, even on the left
            assertThat(doc.getSettings().getEvenAndOddHeadings()).isTrue();
            List<XWPFFooter> footers = doc.getFooterList();
            assertThat(footers).hasSize(2);
            Set<String> alignments = new HashSet<>();
            for (XWPFFooter footer : footers) {
                XWPFParagraph p = footer.getParagraphs().get(0);
                assertThat(p.getCTP().getFldSimpleArray(0).getInstr().strip()).isEqualTo("PAGE");
                assertThat(p.getText()).isEqualTo("— 1 —");
                alignments.add(p.getAlignment().name());
            }
            assertThat(alignments).containsExactlyInAnyOrder("RIGHT", "LEFT");
        }
    }

    @Test
    void everyNumberInTheBulletinsTextIsTheAssessmentsValue() throws Exception {
        try (XWPFDocument doc = bulletin()) {
            String opening = doc.getParagraphs().get(2).getText();
            var counts = assessment.counts();
            assertThat(opening).contains("时序进度为" + percent(assessment.timeProgress()))
                    .contains("全部" + assessment.indicators().size() + "项指标")
                    .contains("纳入考核的" + assessment.assessedCount() + "项")
                    .contains("已完成" + counts.get(IndicatorStatus.COMPLETED) + "项")
                    .contains("正常推进" + counts.get(IndicatorStatus.ON_TRACK) + "项")
                    .contains("滞后" + counts.get(IndicatorStatus.BEHIND) + "项")
                    .contains("严重滞后" + counts.get(IndicatorStatus.SERIOUSLY_BEHIND) + "项")
                    .contains("综合得分" + assessment.score().setScale(2, RoundingMode.HALF_UP).toPlainString() + "分");
            // every "“name”（完成A单位，目标B单位，完成率C%）" of the text names the assessment's figures
            Pattern figure = Pattern.compile("“([^”]+)”（完成([0-9.]+)([^，]*)，目标([0-9.]+)[^，]*，完成率([0-9.]+)%）");
            int checked = 0;
            for (XWPFParagraph p : doc.getParagraphs()) {
                Matcher m = figure.matcher(p.getText());
                while (m.find()) {
                    String name = m.group(1);
                    IndicatorResult r = assessment.indicators().stream().filter(i -> i.indicator().name().equals(name)).findFirst()
                            .orElseThrow(() -> new AssertionError("no indicator " + name));
                    assertThat(new BigDecimal(m.group(2))).as(name).isEqualByComparingTo(r.actual());
                    assertThat(new BigDecimal(m.group(4))).as(name).isEqualByComparingTo(r.target());
                    assertThat(m.group(5) + "%").as(name).isEqualTo(percent(r.completion()));
                    checked++;
                }
                Matcher score = Pattern.compile("本类(\\d+)项考核指标得分([0-9.]+)分").matcher(p.getText());
                if (score.find()) {
                    String category = previousHeading(doc, p);
                    var c = assessment.categories().stream().filter(x -> category.endsWith(x.name())).findFirst().orElseThrow();
                    assertThat(new BigDecimal(score.group(2))).isEqualByComparingTo(c.score().setScale(2, RoundingMode.HALF_UP));
                    checked++;
                }
            }
            assertThat(checked).isGreaterThan(5);
            assertThat(doc.getParagraphs().stream().map(XWPFParagraph::getText).toList().toString())
                    .contains("“参与结对的东部学校数”（完成5个，目标4个，完成率125.00%）");
            // the table: one row per indicator with the same figures
            XWPFTable table = doc.getTables().get(0);
            assertThat(table.getNumberOfRows()).isEqualTo(assessment.indicators().size() + 1);
            for (int i = 0; i < assessment.indicators().size(); i++) {
                IndicatorResult r = assessment.indicators().get(i);
                var row = table.getRow(i + 1);
                assertThat(row.getCell(1).getText()).isEqualTo(r.indicator().name());
                assertThat(new BigDecimal(row.getCell(4).getText())).isEqualByComparingTo(r.actual());
                assertThat(row.getCell(5).getText()).isEqualTo(r.completion() == null ? "—" : percent(r.completion()));
                assertThat(row.getCell(6).getText()).isEqualTo(r.status().label());
            }
        }
    }

    @Test
    void onlyTheDistrictsOfficeAndLeadersExportTheBulletin() {
        Actor reporter = Actor.user("jy-export", "教育局填报员", Set.of(Role.REPORTER), Set.of(data.district().unit("区教育局")),
                Set.of(data.district().districtId()));
        Assessment own = exports.assessment(reporter, data.planId(), ExportFixture.NOV30);
        assertThatThrownBy(() -> exports.bulletin(reporter, own, new ByteArrayOutputStream())).isInstanceOf(AccessDenied.class);
    }

    private static String previousHeading(XWPFDocument doc, XWPFParagraph paragraph) {
        String heading = "";
        for (XWPFParagraph p : doc.getParagraphs()) {
            if (p == paragraph) return heading;
            if (p.getText().startsWith("（")) heading = p.getText();
        }
        return heading;
    }

    /** Independent of Figures: a fraction as a percentage with two decimals. */
    private static String percent(BigDecimal fraction) {
        return fraction.multiply(new BigDecimal("100")).setScale(2, RoundingMode.HALF_UP).toPlainString() + "%";
    }
}
