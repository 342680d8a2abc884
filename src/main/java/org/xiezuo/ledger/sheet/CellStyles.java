package org.xiezuo.ledger.sheet;

import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.usermodel.XSSFCellStyle;
import org.jspecify.annotations.Nullable;

/**
 * Whether a numeric cell's style makes it a date or a percentage, decided once per style index from the
 * workbook's number formats; nothing is formatted.
 */
final class CellStyles {

    static final byte PLAIN = 1;
    static final byte DATE = 2;
    static final byte PERCENT = 3;

    private final @Nullable StylesTable styles;
    private final byte[] classes;

    CellStyles(@Nullable StylesTable styles) {
        this.styles = styles;
        this.classes = new byte[styles == null ? 0 : Math.min(styles.getNumCellStyles(), 64_000)];
    }

    /** {@link #PLAIN}, {@link #DATE} or {@link #PERCENT} for a cell's {@code s} attribute. */
    byte classOf(int styleIndex) {
        if (styleIndex < 0 || styleIndex >= classes.length) return PLAIN;
        byte known = classes[styleIndex];
        if (known != 0) return known;
        byte decided = decide(styleIndex);
        classes[styleIndex] = decided;
        return decided;
    }

    private byte decide(int styleIndex) {
        if (styles == null) return PLAIN;
        XSSFCellStyle style = styles.getStyleAt(styleIndex);
        if (style == null) return PLAIN;
        int format = style.getDataFormat();
        String pattern = style.getDataFormatString();
        if (pattern == null) return PLAIN;
        if (DateUtil.isADateFormat(format, pattern)) return DATE;
        // a quoted or escaped % is only printed; a bare one scales the value
        return pattern.replaceAll("\"[^\"]*\"|\\\\.", "").contains("%") ? PERCENT : PLAIN;
    }
}
