package org.xiezuo.reporting;

import org.jspecify.annotations.Nullable;

/**
 * One reason an uploaded form was not imported: a row of the sheet 「填报表」 (1-based, as Excel numbers it;
 * 0 for the file as a whole), the column by its header, and the message.
 */
public record FormProblem(int row, @Nullable String column, String message) {

    /** “第12行【本期累计值】：…”, “第12行：…” or the file's message alone. */
    public String text() {
        if (row == 0) return message;
        return "第" + row + "行" + (column == null ? "" : "【" + column + "】") + "：" + message;
    }
}
