package org.xiezuo.ledger;

import org.jspecify.annotations.Nullable;

/**
 * What is wrong with one row of an import, or a warning about it: the spreadsheet's own row number as
 * Excel shows it (the header is row 1), the column's header text and letter where known, and why.
 */
public record RowProblem(int row, @Nullable String column, @Nullable String letter, String message) {

    /** "第5行 C列【身份证号】：身份证号校验位错误". */
    public String describe() {
        StringBuilder text = new StringBuilder("第").append(row).append("行");
        if (letter != null) text.append(' ').append(letter).append("列");
        if (column != null) text.append("【").append(column).append("】");
        return text.append("：").append(message).toString();
    }
}
