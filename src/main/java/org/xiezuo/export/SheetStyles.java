package org.xiezuo.export;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.HorizontalAlignment;
import org.apache.poi.ss.usermodel.VerticalAlignment;
import org.apache.poi.xssf.usermodel.XSSFCellStyle;
import org.apache.poi.xssf.usermodel.XSSFColor;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.xiezuo.assessment.IndicatorStatus;

/**
 * The cell styles of the exported workbooks, made once per workbook: title, header, category row, text
 * (and quote-prefixed text for values that look like formulas), numbers by decimals, percentages, and a
 * fill per status in the dashboard's colours.
 */
final class SheetStyles {

    /** The dashboard's status colours (app.css), as RGB. */
    static final Map<IndicatorStatus, String> STATUS_FILL = Map.of(
            IndicatorStatus.COMPLETED, "D1E7DD", IndicatorStatus.ON_TRACK, "CFE2FF", IndicatorStatus.BEHIND, "FFF3CD",
            IndicatorStatus.SERIOUSLY_BEHIND, "F8D7DA", IndicatorStatus.NOT_ASSESSED, "E9ECEF");

    final XSSFCellStyle title;
    final XSSFCellStyle subtitle;
    final XSSFCellStyle header;
    final XSSFCellStyle category;
    final XSSFCellStyle text;
    final XSSFCellStyle textQuoted;
    final XSSFCellStyle centred;
    final XSSFCellStyle percent;
    private final Map<Integer, XSSFCellStyle> numbers = new HashMap<>();
    private final Map<IndicatorStatus, XSSFCellStyle> statuses = new EnumMap<>(IndicatorStatus.class);
    private final XSSFWorkbook workbook;

    SheetStyles(XSSFWorkbook workbook) {
        this.workbook = workbook;
        Font titleFont = font(16, true);
        title = style(titleFont);
        title.setAlignment(HorizontalAlignment.CENTER);
        title.setBorderBottom(BorderStyle.NONE);
        title.setBorderTop(BorderStyle.NONE);
        title.setBorderLeft(BorderStyle.NONE);
        title.setBorderRight(BorderStyle.NONE);
        subtitle = style(font(10, false));
        subtitle.setAlignment(HorizontalAlignment.CENTER);
        subtitle.setBorderBottom(BorderStyle.NONE);
        subtitle.setBorderTop(BorderStyle.NONE);
        subtitle.setBorderLeft(BorderStyle.NONE);
        subtitle.setBorderRight(BorderStyle.NONE);
        header = style(font(11, true));
        header.setAlignment(HorizontalAlignment.CENTER);
        fill(header, "D9E2F3");
        category = style(font(11, true));
        fill(category, "F2F2F2");
        text = style(font(11, false));
        textQuoted = style(font(11, false));
        textQuoted.setQuotePrefixed(true);
        centred = style(font(11, false));
        centred.setAlignment(HorizontalAlignment.CENTER);
        percent = style(font(11, false));
        percent.setAlignment(HorizontalAlignment.RIGHT);
        percent.setDataFormat(workbook.createDataFormat().getFormat("0.00%"));
        for (IndicatorStatus status : IndicatorStatus.values()) {
            XSSFCellStyle s = style(font(11, true));
            s.setAlignment(HorizontalAlignment.CENTER);
            fill(s, STATUS_FILL.get(status));
            statuses.put(status, s);
        }
    }

    /** A number with this many decimals (0: integers for people and counts, 2 for 万元, 4 for 亿元). */
    XSSFCellStyle number(int decimals) {
        return numbers.computeIfAbsent(decimals, d -> {
            XSSFCellStyle s = style(font(11, false));
            s.setAlignment(HorizontalAlignment.RIGHT);
            s.setDataFormat(workbook.createDataFormat().getFormat(d == 0 ? "0" : "0." + "0".repeat(d)));
            return s;
        });
    }

    XSSFCellStyle status(IndicatorStatus status) {
        return statuses.get(status);
    }

    private Font font(int points, boolean bold) {
        Font font = workbook.createFont();
        font.setFontName("宋体");
        font.setFontHeightInPoints((short) points);
        font.setBold(bold);
        return font;
    }

    private XSSFCellStyle style(Font font) {
        XSSFCellStyle style = workbook.createCellStyle();
        style.setFont(font);
        style.setVerticalAlignment(VerticalAlignment.CENTER);
        style.setWrapText(true);
        style.setBorderBottom(BorderStyle.THIN);
        style.setBorderTop(BorderStyle.THIN);
        style.setBorderLeft(BorderStyle.THIN);
        style.setBorderRight(BorderStyle.THIN);
        return style;
    }

    private static void fill(XSSFCellStyle style, String rgb) {
        style.setFillForegroundColor(new XSSFColor(java.util.HexFormat.of().parseHex(rgb), null));
        style.setFillPattern(FillPatternType.SOLID_FOREGROUND);
    }

}
