package org.xiezuo.importer.internal;

import java.util.Locale;
import java.util.Set;

import org.xiezuo.importer.ImportRejected;

/** The kinds of task-book documents accepted, told apart by content and checked against the extension. */
enum DocumentFormat {
    TEXT, DOCX, XLSX;

    private static final Set<String> TEXT_EXTENSIONS = Set.of("txt", "md", "markdown", "text");

    static DocumentFormat detect(String fileName, byte[] content) {
        String extension = extension(fileName);
        boolean zip = startsWith(content, 0x50, 0x4B, 0x03, 0x04);
        boolean ole = startsWith(content, 0xD0, 0xCF, 0x11, 0xE0);
        boolean pdf = startsWith(content, 0x25, 0x50, 0x44, 0x46);
        switch (extension) {
            case "docx", "xlsx" -> {
                if (!zip) {
                    String kind = extension.equals("docx") ? "Word 文档" : "Excel 工作簿";
                    throw new ImportRejected(fileName, ole
                            ? "文件扩展名为 ." + extension + "，但内容是旧版 Office 格式，请用 Office 另存为 ." + extension + " 后上传"
                            : "文件扩展名为 ." + extension + "，但内容不是" + kind + "（文件可能已损坏）");
                }
                return extension.equals("docx") ? DOCX : XLSX;
            }
            case "doc", "xls", "wps", "et" -> throw new ImportRejected(fileName,
                    "不支持旧版 Word/Excel 格式（." + extension + "），请另存为 .docx 或 .xlsx 后上传");
            case "pdf" -> throw new ImportRejected(fileName,
                    "暂不支持 PDF 文件，请上传任务书的 .docx、.xlsx 或文本（.txt/.md）版本");
            default -> {
                if (!TEXT_EXTENSIONS.contains(extension)) {
                    throw new ImportRejected(fileName, "不支持的文件类型" + (extension.isEmpty() ? "（无扩展名）" : "「." + extension + "」")
                            + "，请上传 .docx、.xlsx、.txt 或 .md 文件");
                }
                if (zip || ole || pdf) {
                    throw new ImportRejected(fileName, "文件扩展名为 ." + extension + "，但内容不是文本");
                }
                return TEXT;
            }
        }
    }

    static String extension(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot < 0 || dot == fileName.length() - 1 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static boolean startsWith(byte[] content, int... magic) {
        if (content.length < magic.length) return false;
        for (int i = 0; i < magic.length; i++) {
            if ((content[i] & 0xff) != magic[i]) return false;
        }
        return true;
    }
}
