package org.xiezuo.importer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.apache.poi.xwpf.usermodel.XWPFTableCell;
import org.apache.poi.xwpf.usermodel.XWPFTableRow;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTTcPr;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.STMerge;

/**
 * The reference task book (舟普政办〔2021〕71号) in the three formats the importer reads: the text as
 * converted from PDF (the seed), and a Word and an Excel document built here with POI the way offices
 * make them — the notice as paragraphs, the indicator table with merged category rows, responsible
 * cells merged down over their group and 只作统计不作考核 merged over rows 22–23.
 */
public final class SeedDocuments {

    public static final String SEED_RESOURCE = "/demo/2021-putuo-wanyuan.txt";

    /** One table row: name as printed (with its number), unit, target, responsible units. */
    record Line(String name, String unit, Object target, String responsible) {}

    /** A category with its rows and the groups of rows whose responsible cell is merged. */
    record Category(String heading, List<Line> lines) {}

    static final String HEADER_NAME = "指标名称";

    static final List<Category> TABLE = List.of(
            new Category("一、组织领导", List.of(
                    new Line("1.区党政负责同志到受帮扶县（区）调研情况", "次", 1, "区委办 区政府办"),
                    new Line("2.召开区级高层联席会议情况", "次", 1, "区委办 区政府办"),
                    new Line("3.参与结对的东部学校数", "个", 4, "区教育局"),
                    new Line("4.参与结对的东部医院数", "个", 3, "区卫健局"))),
            new Category("二、助力巩固拓展脱贫攻坚成果", List.of(
                    new Line("5.帮助四川省农村劳动力到我省就业数（含存量）", "人", 1400, "区人力社保局"),
                    new Line("6.帮助四川省脱贫人口到我省就业数（含存量）", "人", 120, "区人力社保局"),
                    new Line("7.帮助四川省农村劳动力在当地就近就业数（含存量）", "人", 1400, "区人力社保局"),
                    new Line("8.帮助四川省脱贫人口在当地就近就业数（含存量）", "人", 900, "区人力社保局"),
                    new Line("9.帮助四川省农村劳动力到其他地区就业数（含存量）", "人", 1080, "区人力社保局"),
                    new Line("10.帮助四川省脱贫人口到其他地区就业数（含存量）", "人", 430, "区人力社保局"),
                    new Line("11.培训四川省农村劳动力人数", "人", 850, "区人力社保局"),
                    new Line("12.培训四川省脱贫人口数", "人次", 500, "区人力社保局"),
                    new Line("13.组织四川省农村学生到本市就读职业院校数", "人", 30, "区教育局 区人力社保局"),
                    new Line("14.消费帮扶情况", "亿元", 0.3, "区商务局 区供销社"))),
            new Category("三、加强区域协作", List.of(
                    new Line("15.引导企业到四川投资兴业数", "个", 4, Groups.INVESTMENT),
                    new Line("16.企业实际投资额", "亿元", 4, Groups.INVESTMENT),
                    new Line("17.企业吸纳农村劳动力就业数", "个", 350, Groups.INVESTMENT),
                    new Line("18.企业吸纳脱贫人口就业数", "人", 125, Groups.INVESTMENT),
                    new Line("19.共建（新建）产业园区数", "个", 1, Groups.INVESTMENT),
                    new Line("续建产业园区数", "个", "-", Groups.INVESTMENT),
                    new Line("20.引导到园区落地企业个数（含存量）", "个", 4, Groups.INVESTMENT),
                    new Line("21.引导到园区落地企业实际投资额（含存量）", "亿元", 2.5, Groups.INVESTMENT),
                    new Line("22.入园企业吸纳农村劳动力就业数", "人", Groups.STATISTICS_ONLY, Groups.INVESTMENT),
                    new Line("23.入园企业吸纳脱贫人口就业数", "人", Groups.STATISTICS_ONLY, Groups.INVESTMENT),
                    new Line("24.共建（新建）农业产业园", "个", 1, Groups.INVESTMENT),
                    new Line("续建农业产业园数", "个", "-", Groups.INVESTMENT),
                    new Line("25.援建（续建）（扶贫）车间数（含存量）", "个", 6, Groups.INVESTMENT),
                    new Line("26.吸纳农村劳动力就业数（含存量）", "人", 75, Groups.INVESTMENT),
                    new Line("27.其中：脱贫人口数（含存量）", "人", 50, Groups.INVESTMENT))),
            new Category("四、促进乡村振兴", List.of(
                    new Line("28.向四川省选派 12 个月以上专业技术人才数", "人", 2, "区委组织部"),
                    new Line("29.向四川省选派 7-12 个月以上专业技术人才数", "人", 4, "区委组织部"),
                    new Line("30.向四川省选派 1-6 个月以上专业技术人才数", "人", 6, "区委组织部"),
                    new Line("31.培训四川省乡村振兴干部人次", "人次", 600, "区委组织部"),
                    new Line("32.培训四川省乡村振兴人才人次", "人次", 800, "区委组织部"),
                    new Line("33.动员社会捐赠款物金额", "万元", 350, "区发改局 区财政局(区国资办) 区工商联 区民政局 区慈善总会等"),
                    new Line("34.帮助四川省打造乡村振兴示范村个数", "个", 1, "区农业农村局"),
                    new Line("35.参与结对的东部企业数", "个", 8, "区工商联 区财政局(区国资办)"),
                    new Line("36.参与结对的东部社会组织数", "个", 2, "区工商联 区海洋与渔业局"))));

    static final class Groups {
        static final String INVESTMENT = "区发改局 区经信局 区农业农村局 区文广旅体局 区投资促进中心 区人社局";
        static final String STATISTICS_ONLY = "该指标 只作统 计，不 作考 核";

        private Groups() {}
    }

    private SeedDocuments() {}

    public static byte[] text() {
        try (InputStream in = SeedDocuments.class.getResourceAsStream(SEED_RESOURCE)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The notice's paragraphs before the table and after it, as a PDF converter split them. */
    static List<String> paragraphsBeforeTable() {
        return paragraphs(true);
    }

    static List<String> paragraphsAfterTable() {
        return paragraphs(false);
    }

    private static List<String> paragraphs(boolean before) {
        List<String> lines = new String(text(), StandardCharsets.UTF_8).lines().toList();
        int tableStart = lines.indexOf("指标名称\t单位\t目标任务\t责任单位");
        int tableEnd = lines.indexOf("抄送：区委各部门，区人大常委会、区政协办公室，区人武部，区人民法院，区检察院。");
        List<String> paragraphs = new ArrayList<>();
        for (String line : before ? lines.subList(0, tableStart) : lines.subList(tableEnd, lines.size())) {
            String text = line.replaceAll("^#+\\s*", "").replace("**", "").strip();
            if (!text.isEmpty() && !text.equals("---")) paragraphs.add(text);
        }
        return paragraphs;
    }

    /** The task book as a Word document: paragraphs, then one table with merged cells. */
    public static byte[] docx() {
        try (XWPFDocument document = new XWPFDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            for (String text : paragraphsBeforeTable()) document.createParagraph().createRun().setText(text);
            XWPFTable table = document.createTable();
            XWPFTableRow header = table.getRow(0);
            header.getCell(0).setText(HEADER_NAME);
            header.addNewTableCell().setText("单位");
            header.addNewTableCell().setText("目标任务");
            header.addNewTableCell().setText("责任单位");
            for (Category category : TABLE) {
                if (category.heading().startsWith("三")) addRow(table, "指标名称", "单位", "目标任务", "责任单位"); // repeated header after a page break
                XWPFTableRow heading = table.createRow();
                heading.getCell(0).setText(category.heading());
                spanRight(heading.getCell(0), 4);
                while (heading.getTableCells().size() > 1) heading.removeCell(1);
                String previousResponsible = null;
                boolean previousStats = false;
                for (Line line : category.lines()) {
                    String target = String.valueOf(line.target());
                    boolean stats = target.equals(Groups.STATISTICS_ONLY);
                    boolean sameResponsible = line.responsible().equals(previousResponsible);
                    XWPFTableRow row = addRow(table, line.name(), line.unit(), stats && previousStats ? "" : plain(line.target()),
                            sameResponsible ? "" : line.responsible());
                    mergeDown(row.getCell(2), stats, stats && previousStats);
                    mergeDown(row.getCell(3), true, sameResponsible);
                    previousResponsible = line.responsible();
                    previousStats = stats;
                }
            }
            for (String text : paragraphsAfterTable()) document.createParagraph().createRun().setText(text);
            document.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static XWPFTableRow addRow(XWPFTable table, String... texts) {
        XWPFTableRow row = table.createRow();
        while (row.getTableCells().size() < texts.length) row.addNewTableCell();
        for (int i = 0; i < texts.length; i++) {
            XWPFTableCell cell = row.getCell(i);
            XWPFParagraph paragraph = cell.getParagraphs().isEmpty() ? cell.addParagraph() : cell.getParagraphs().get(0);
            paragraph.createRun().setText(texts[i]);
        }
        return row;
    }

    private static void spanRight(XWPFTableCell cell, int columns) {
        CTTcPr pr = cell.getCTTc().isSetTcPr() ? cell.getCTTc().getTcPr() : cell.getCTTc().addNewTcPr();
        pr.addNewGridSpan().setVal(BigInteger.valueOf(columns));
    }

    /** Starts a vertical merge ({@code continues} false) or continues the one above. */
    private static void mergeDown(XWPFTableCell cell, boolean merged, boolean continues) {
        if (!merged) return;
        CTTcPr pr = cell.getCTTc().isSetTcPr() ? cell.getCTTc().getTcPr() : cell.getCTTc().addNewTcPr();
        pr.addNewVMerge().setVal(continues ? STMerge.CONTINUE : STMerge.RESTART);
    }

    private static String plain(Object target) {
        return target instanceof Double d ? String.valueOf(d) : String.valueOf(target);
    }

    /** The task book as an Excel workbook: the notice on one sheet, the table with merged cells on another. */
    public static byte[] xlsx() {
        try (XSSFWorkbook workbook = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet notice = workbook.createSheet("通知");
            int r = 0;
            for (String text : paragraphsBeforeTable()) notice.createRow(r++).createCell(0).setCellValue(text);
            for (String text : paragraphsAfterTable()) notice.createRow(r++).createCell(0).setCellValue(text);

            Sheet sheet = workbook.createSheet("指标分解表");
            r = 0;
            sheet.createRow(r).createCell(0).setCellValue("2021年普陀-万源东西部协作工作主要任务指标分解表");
            sheet.addMergedRegion(new CellRangeAddress(r, r, 0, 3));
            r++;
            Row header = sheet.createRow(r++);
            String[] labels = {"指标名称", "单位", "目标任务", "责任单位"};
            for (int c = 0; c < labels.length; c++) header.createCell(c).setCellValue(labels[c]);
            for (Category category : TABLE) {
                sheet.createRow(r).createCell(0).setCellValue(category.heading());
                sheet.addMergedRegion(new CellRangeAddress(r, r, 0, 3));
                r++;
                int groupStart = -1;
                String groupResponsible = null;
                int statsStart = -1;
                for (Line line : category.lines()) {
                    Row row = sheet.createRow(r);
                    row.createCell(0).setCellValue(line.name());
                    row.createCell(1).setCellValue(line.unit());
                    Cell target = row.createCell(2);
                    if (line.target() instanceof Number n) {
                        target.setCellValue(n.doubleValue());
                    } else if (line.target().equals(Groups.STATISTICS_ONLY)) {
                        if (statsStart < 0) {
                            statsStart = r;
                            target.setCellValue(Groups.STATISTICS_ONLY);
                        }
                    } else {
                        target.setCellValue(String.valueOf(line.target()));
                    }
                    if (statsStart >= 0 && !line.target().equals(Groups.STATISTICS_ONLY)) {
                        if (r - 1 > statsStart) sheet.addMergedRegion(new CellRangeAddress(statsStart, r - 1, 2, 2));
                        statsStart = -1;
                    }
                    if (!line.responsible().equals(groupResponsible)) {
                        if (groupStart >= 0 && r - 1 > groupStart) sheet.addMergedRegion(new CellRangeAddress(groupStart, r - 1, 3, 3));
                        groupStart = r;
                        groupResponsible = line.responsible();
                        row.createCell(3).setCellValue(line.responsible());
                    }
                    r++;
                }
                if (groupStart >= 0 && r - 1 > groupStart) sheet.addMergedRegion(new CellRangeAddress(groupStart, r - 1, 3, 3));
            }
            workbook.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
