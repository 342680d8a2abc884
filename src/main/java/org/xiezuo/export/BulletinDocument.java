package org.xiezuo.export;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.List;

import org.apache.poi.wp.usermodel.HeaderFooterType;
import org.apache.poi.xwpf.usermodel.LineSpacingRule;
import org.apache.poi.xwpf.usermodel.ParagraphAlignment;
import org.apache.poi.xwpf.usermodel.TableRowAlign;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFFooter;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFRun;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.apache.poi.xwpf.usermodel.XWPFTableCell;
import org.apache.poi.xwpf.usermodel.XWPFTableRow;
import org.apache.xmlbeans.impl.xb.xmlschema.SpaceAttribute;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTFonts;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTPageMar;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTPageSz;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTRPr;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTRow;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTSectPr;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTSimpleField;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTTblWidth;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTText;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTTc;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTTcPr;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.STTblWidth;
import org.xiezuo.assessment.Assessment;
import org.xiezuo.assessment.Figures;
import org.xiezuo.assessment.IndicatorResult;

/**
 * The bulletin as a .docx in the basics of GB/T 9704-2012: A4, margins top 37 mm, bottom 35 mm, left
 * 28 mm, right 26 mm; title in 方正小标宋简体 22 pt centred; body in 仿宋_GB2312 16 pt at a fixed 29 pt line
 * spacing, first line indented two characters; first-level headings in 黑体, second-level in 楷体_GB2312;
 * page numbers "— 1 —" in 宋体 14 pt at the bottom outside edges (odd pages right, even pages left). The
 * font names are written as the office's computers have them; where they are missing, any rendering
 * shows substitutes.
 */
public final class BulletinDocument {

    public static final String TITLE_FONT = "方正小标宋简体";
    public static final String BODY_FONT = "仿宋_GB2312";
    public static final String HEADING1_FONT = "黑体";
    public static final String HEADING2_FONT = "楷体_GB2312";
    public static final String PAGE_NUMBER_FONT = "宋体";
    /** Page size and margins in twentieths of a point (1 mm = 56.7). */
    public static final int A4_WIDTH = 11906;
    public static final int A4_HEIGHT = 16838;
    public static final int MARGIN_TOP = 2098;
    public static final int MARGIN_BOTTOM = 1984;
    public static final int MARGIN_LEFT = 1587;
    public static final int MARGIN_RIGHT = 1474;
    /** The indicator table's column widths (twips): 序号, 指标, 单位, 目标, 完成数, 完成率, 状态 — the type area's 8,845. */
    static final List<Integer> TABLE_WIDTHS = List.of(600, 3545, 700, 1000, 1000, 1000, 1000);
    /** Fixed line spacing of the body, 29 pt. */
    public static final int LINE_TWIPS = 580;

    private BulletinDocument() {}

    /**
     * A new document in the official format — A4, the margins, "— PAGE —" footers — for any notice
     * (the bulletin, a supervision order). Add paragraphs with {@link #title}, {@link #centred} and
     * {@link #paragraph}.
     */
    public static XWPFDocument officialDocument() {
        XWPFDocument doc = new XWPFDocument();
        page(doc);
        footers(doc);
        return doc;
    }

    /** The title: 方正小标宋简体 22 pt, centred. */
    public static XWPFParagraph title(XWPFDocument doc, String text) {
        XWPFParagraph title = doc.createParagraph();
        title.setAlignment(ParagraphAlignment.CENTER);
        title.setSpacingBetween(40, LineSpacingRule.EXACT);
        title.setSpacingAfter(200);
        run(title, text, TITLE_FONT, 22, false);
        return title;
    }

    /** A centred line (a document number, a date line) in 楷体_GB2312 16 pt. */
    public static XWPFParagraph centred(XWPFDocument doc, String text) {
        XWPFParagraph p = doc.createParagraph();
        p.setAlignment(ParagraphAlignment.CENTER);
        p.setSpacingBetween(LINE_TWIPS / 20.0, LineSpacingRule.EXACT);
        p.setSpacingAfter(200);
        run(p, text, HEADING2_FONT, 16, false);
        return p;
    }

    /** A body paragraph (level 0, 仿宋_GB2312), first-level (黑体) or second-level (楷体_GB2312) heading, 16 pt at 29 pt. */
    public static XWPFParagraph paragraph(XWPFDocument doc, int level, String text) {
        XWPFParagraph p = doc.createParagraph();
        p.setSpacingBetween(LINE_TWIPS / 20.0, LineSpacingRule.EXACT);
        p.setIndentationFirstLine(640);
        p.setAlignment(ParagraphAlignment.BOTH);
        String font = switch (level) {
            case 1 -> HEADING1_FONT;
            case 2 -> HEADING2_FONT;
            default -> BODY_FONT;
        };
        run(p, text, font, 16, false);
        return p;
    }

    public static void write(BulletinData data, OutputStream out) {
        Assessment a = data.assessment();
        try (XWPFDocument doc = officialDocument()) {
            title(doc, BulletinText.title(a));
            centred(doc, BulletinText.dateLine(a));
            for (BulletinText.Block block : BulletinText.blocks(data)) {
                paragraph(doc, block.level(), block.text());
                if (block.text().equals("各指标完成情况见下表（完成率不封顶）。")) table(doc, a);
            }
            doc.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void page(XWPFDocument doc) {
        CTSectPr section = doc.getDocument().getBody().isSetSectPr() ? doc.getDocument().getBody().getSectPr()
                : doc.getDocument().getBody().addNewSectPr();
        CTPageSz size = section.isSetPgSz() ? section.getPgSz() : section.addNewPgSz();
        size.setW(BigInteger.valueOf(A4_WIDTH));
        size.setH(BigInteger.valueOf(A4_HEIGHT));
        CTPageMar margins = section.isSetPgMar() ? section.getPgMar() : section.addNewPgMar();
        margins.setTop(BigInteger.valueOf(MARGIN_TOP));
        margins.setBottom(BigInteger.valueOf(MARGIN_BOTTOM));
        margins.setLeft(BigInteger.valueOf(MARGIN_LEFT));
        margins.setRight(BigInteger.valueOf(MARGIN_RIGHT));
        margins.setHeader(BigInteger.valueOf(851));
        margins.setFooter(BigInteger.valueOf(992));
    }

    /** "— PAGE —" footers, odd pages on the right and even pages on the left. */
    private static void footers(XWPFDocument doc) {
        doc.setEvenAndOddHeadings(true);
        footer(doc.createFooter(HeaderFooterType.DEFAULT), ParagraphAlignment.RIGHT);
        footer(doc.createFooter(HeaderFooterType.EVEN), ParagraphAlignment.LEFT);
    }

    private static void footer(XWPFFooter footer, ParagraphAlignment alignment) {
        XWPFParagraph p = footer.createParagraph();
        p.setAlignment(alignment);
        run(p, "— ", PAGE_NUMBER_FONT, 14, false);
        CTSimpleField field = p.getCTP().addNewFldSimple();
        field.setInstr(" PAGE ");
        XWPFRun number = new XWPFRun(field.addNewR(), p);
        fonts(number, PAGE_NUMBER_FONT, 14);
        number.setText("1");
        run(p, " —", PAGE_NUMBER_FONT, 14, false);
    }

    /**
     * The indicator table, one row per indicator. The header row is made with XWPF; the rows copy a
     * prototype row (made with XWPF too: widths, centred paragraph, the run's fonts and size) and set
     * the text of its seven runs, so a row costs one copy of the XML rather than some sixty XmlBeans
     * objects. POI's {@code createTable(rows, cols)}, {@code createRow()} and {@code getRow(r)} count the
     * table's rows in the XML on every call, which made a table of 10,000 rows 27 times as slow as one of
     * 1,000; rows are appended with {@code CTTbl.addNewTr} instead. The XML is the same as POI's; the
     * {@link XWPFTable} object lists only the header row, which does not matter here because the
     * document is written at once and not read again.
     */
    private static void table(XWPFDocument doc, Assessment a) {
        List<String> headers = List.of("序号", "指标", "单位", "目标", "完成数", "完成率", "状态");
        XWPFTable table = doc.createTable();
        table.setTableAlignment(TableRowAlign.CENTER);
        table.setWidth(String.valueOf(TABLE_WIDTHS.stream().mapToInt(Integer::intValue).sum()));
        table.getCTTbl().getTblPr().addNewTblLayout().setType(org.openxmlformats.schemas.wordprocessingml.x2006.main.STTblLayoutType.FIXED);
        BigInteger[] widths = TABLE_WIDTHS.stream().map(BigInteger::valueOf).toArray(BigInteger[]::new);
        XWPFTableRow header = table.getRow(0);
        for (int c = 1; c < headers.size(); c++) header.createCell();
        header.setRepeatHeader(true);
        List<XWPFTableCell> headerCells = header.getTableCells();
        for (int c = 0; c < headers.size(); c++) {
            width(headerCells.get(c), widths[c]);
            cell(headerCells.get(c), headers.get(c), true);
        }
        CTRow prototype = CTRow.Factory.newInstance();
        XWPFTableRow model = new XWPFTableRow(prototype, table);
        for (int c = 0; c < headers.size(); c++) {
            XWPFTableCell cell = model.createCell();
            width(cell, widths[c]);
            cell(cell, "", false);
        }
        for (IndicatorResult i : a.indicators()) {
            String[] values = {i.indicator().code() == null ? "" : i.indicator().code(), i.indicator().name(),
                    i.indicator().measureUnit() == null ? "" : i.indicator().measureUnit(),
                    i.target() == null ? i.indicator().targetLabel() : Figures.number(i.target()), Figures.number(i.actual()),
                    Figures.percent(i.completion()), i.status().label()};
            CTRow row = table.getCTTbl().addNewTr();
            row.set(prototype);
            CTTc[] cells = row.getTcArray();
            for (int c = 0; c < values.length; c++) text(cells[c].getPArray(0).getRArray(0).getTArray(0), values[c]);
        }
    }

    /** What {@code XWPFRun.setText} writes: the text, and {@code xml:space="preserve"} when it starts or ends with white space. */
    private static void text(CTText t, String text) {
        t.setStringValue(text);
        if (!text.isEmpty() && (Character.isWhitespace(text.charAt(0)) || Character.isWhitespace(text.charAt(text.length() - 1)))) {
            t.setSpace(SpaceAttribute.Space.PRESERVE);
        }
    }

    /** What {@code XWPFTableCell.setWidth("600")} writes, without its regular expressions per cell. */
    private static void width(XWPFTableCell cell, BigInteger twips) {
        CTTc tc = cell.getCTTc();
        CTTcPr pr = tc.isSetTcPr() ? tc.getTcPr() : tc.addNewTcPr();
        CTTblWidth width = pr.isSetTcW() ? pr.getTcW() : pr.addNewTcW();
        width.setW(twips);
        width.setType(STTblWidth.DXA);
    }

    private static void cell(XWPFTableCell cell, String text, boolean bold) {
        XWPFParagraph p = cell.getParagraphs().get(0);
        p.setAlignment(ParagraphAlignment.CENTER);
        run(p, text, BODY_FONT, 11, bold);
    }

    static XWPFRun run(XWPFParagraph paragraph, String text, String font, int points, boolean bold) {
        XWPFRun run = paragraph.createRun();
        fonts(run, font, points);
        run.setBold(bold);
        run.setText(text); // Word never evaluates text: "=HYPERLINK(…)" stays as written

        return run;
    }

    private static void fonts(XWPFRun run, String font, int points) {
        CTRPr pr = run.getCTR().isSetRPr() ? run.getCTR().getRPr() : run.getCTR().addNewRPr();
        CTFonts fonts = pr.sizeOfRFontsArray() > 0 ? pr.getRFontsArray(0) : pr.addNewRFonts();
        fonts.setEastAsia(font);
        fonts.setAscii(font);
        fonts.setHAnsi(font);
        run.setFontSize(points);
    }
}
