package org.xiezuo.ledger.sheet;

import org.xiezuo.shared.SafeArchive;

/** Messages about the file itself rather than its content, worded as the other importers word them. */
final class SafeMessages {

    static final String STRUCTURE = SafeArchive.STRUCTURE;
    static final String NOT_XLSX = "文件无法解析：不是有效的 Excel 工作簿（.xlsx），请用 Excel 另存为 .xlsx 后重新导入";
    static final String OLD_OR_ENCRYPTED = "文件是旧版 Excel（.xls）或已加密的工作簿，请取消密码并另存为 .xlsx 后重新导入";
    static final String BROKEN_SHEET = "文件无法解析：工作表内容已损坏";

    private SafeMessages() {}

    /** Text from the file, safe to show: no control or format characters, at most 80 characters. */
    static String printable(String text) {
        String clean = text.replaceAll("[\\p{Cntrl}\\p{Cf}]", "?");
        return clean.length() > 80 ? clean.substring(0, 80) + "…" : clean;
    }
}
