package org.xiezuo.reporting;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.xiezuo.reporting.EvidenceRefused.Reason;
import org.xiezuo.shared.SafeArchive;

/**
 * Decides what an uploaded evidence file is from its bytes, not its name (SECURITY.md T37; ASVS 5.0
 * 5.2.2): the extension must be one of the allowed ones and the content must be that kind of file —
 * PDF, JPEG and PNG by their signature at the very start, .docx and .xlsx as an archive that passes
 * {@link SafeArchive} and holds the main part of its kind and no macros. A picture or PDF that carries
 * a zip archive as well (a polyglot, readable as both) is refused. Every refusal names the file.
 */
final class EvidenceContent {

    /** Minimum compressed/inflated ratio of an Office part, as for task books. */
    private static final double MIN_INFLATE_RATIO = 0.01;
    private static final String ALLOWED = "佐证材料只接受 PDF、JPG、PNG、Word（.docx）、Excel（.xlsx）文件";
    private static final byte[] PDF = ascii("%PDF-");
    private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final byte[] ZIP_ENTRY = {'P', 'K', 3, 4};
    private static final byte[] ZIP_END = {'P', 'K', 5, 6};
    /** A zip's end record sits in its last 22 bytes plus at most a 65,535-byte comment. */
    private static final int ZIP_END_REACH = 22 + 65_535;

    private final EvidenceSettings settings;

    EvidenceContent(EvidenceSettings settings) {
        this.settings = settings;
    }

    /** The type of the file once name, size and content agree; {@link EvidenceRefused} otherwise. */
    EvidenceType check(String fileName, byte[] content) {
        EvidenceType expected = byName(fileName);
        if (content.length == 0) throw refused(Reason.CONTENT, fileName, "「" + fileName + "」是空文件，未保存");
        if (content.length > settings.maxSize().toBytes()) throw tooLarge(fileName, settings);
        switch (expected) {
            case PDF, JPEG, PNG -> checkSignature(fileName, content, expected);
            case DOCX, XLSX -> checkOffice(fileName, content, expected);
            default -> throw new IllegalStateException(expected.name());
        }
        return expected;
    }

    static EvidenceRefused tooLarge(String fileName, EvidenceSettings settings) {
        return refused(Reason.TOO_LARGE, fileName, "「" + fileName + "」文件超过" + settings.maxSizeText() + "上限，未保存");
    }

    private static EvidenceType byName(String fileName) {
        int dot = fileName.lastIndexOf('.');
        if (dot < 0 || dot == fileName.length() - 1) {
            throw refused(Reason.TYPE, fileName, "「" + fileName + "」没有扩展名，无法判断文件类型；" + ALLOWED);
        }
        String extension = fileName.substring(dot + 1);
        return EvidenceType.byExtension(extension).orElseThrow(() -> refused(Reason.TYPE, fileName,
                "「" + fileName + "」的类型（." + extension.toLowerCase(Locale.ROOT) + "）不允许上传；" + ALLOWED));
    }

    private void checkSignature(String fileName, byte[] content, EvidenceType expected) {
        byte[] signature = expected == EvidenceType.PDF ? PDF : expected == EvidenceType.JPEG ? JPEG : PNG;
        if (!startsWith(content, signature) || expected == EvidenceType.PNG && !at(content, 12, ascii("IHDR"))) {
            throw mismatch(fileName, expected, describe(content));
        }
        if (indexOf(content, ZIP_ENTRY, 0) >= 0 && indexOf(content, ZIP_END, Math.max(0, content.length - ZIP_END_REACH)) >= 0) {
            throw refused(Reason.CONTENT, fileName, "「" + fileName + "」的内容异常：" + expected.label()
                    + "中夹带了压缩包（可同时按两种格式读取的文件），已拒绝");
        }
    }

    private void checkOffice(String fileName, byte[] content, EvidenceType expected) {
        if (!startsWith(content, ZIP_ENTRY)) throw mismatch(fileName, expected, describe(content));
        Set<String> entries;
        try {
            entries = archive().inspect(content);
        } catch (SafeArchive.UnsafeDocument unsafe) {
            throw refused(Reason.CONTENT, fileName, "「" + fileName + "」未通过安全检查：" + unsafe.getMessage());
        }
        Optional<EvidenceType> actual = officeKind(entries);
        if (actual.isEmpty()) {
            throw mismatch(fileName, expected, entries.contains("ppt/presentation.xml") ? "PowerPoint 演示文稿" : "压缩包");
        }
        if (actual.get() != expected) throw mismatch(fileName, expected, actual.get().label());
        if (!entries.contains("[Content_Types].xml")) {
            throw refused(Reason.CONTENT, fileName, "「" + fileName + "」不是有效的" + expected.label() + "：缺少 [Content_Types].xml");
        }
        if (entries.stream().anyMatch(e -> e.toLowerCase(Locale.ROOT).endsWith("vbaproject.bin"))) {
            throw refused(Reason.CONTENT, fileName, "「" + fileName + "」含有宏（VBA 代码），已拒绝；请另存为不含宏的"
                    + expected.label() + "后上传");
        }
    }

    private SafeArchive archive() {
        return new SafeArchive(settings.maxZipEntries(), settings.maxInflatedSize().toBytes(), MIN_INFLATE_RATIO);
    }

    private static Optional<EvidenceType> officeKind(Set<String> entries) {
        boolean word = entries.contains("word/document.xml");
        boolean excel = entries.contains("xl/workbook.xml");
        if (word == excel) return Optional.empty();
        return Optional.of(word ? EvidenceType.DOCX : EvidenceType.XLSX);
    }

    /** What the bytes look like, for the message when they are not what the name says. */
    String describe(byte[] content) {
        if (startsWith(content, PDF)) return EvidenceType.PDF.label();
        if (startsWith(content, JPEG)) return EvidenceType.JPEG.label();
        if (startsWith(content, PNG)) return EvidenceType.PNG.label();
        if (startsWith(content, ZIP_ENTRY)) {
            try {
                Set<String> entries = archive().inspect(content);
                return officeKind(entries).map(EvidenceType::label)
                        .orElse(entries.contains("ppt/presentation.xml") ? "PowerPoint 演示文稿" : "压缩包");
            } catch (SafeArchive.UnsafeDocument unsafe) {
                return "压缩包";
            }
        }
        if (startsWith(content, ascii("MZ")) || startsWith(content, new byte[] {0x7F, 'E', 'L', 'F'})) return "可执行程序";
        if (startsWith(content, new byte[] {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0})) return "旧版 Office 文件（.doc/.xls）";
        if (startsWith(content, ascii("GIF8"))) return "GIF 图片";
        if (startsWith(content, ascii("Rar!")) || startsWith(content, new byte[] {0x1F, (byte) 0x8B})
                || startsWith(content, new byte[] {'7', 'z', (byte) 0xBC, (byte) 0xAF})) {
            return "压缩包";
        }
        if (startsWith(content, ascii("{\\rtf"))) return "RTF 文档";
        if (startsWith(content, ascii("#!"))) return "脚本";
        String head = new String(content, 0, Math.min(content.length, 1024), StandardCharsets.ISO_8859_1)
                .replace("\uFEFF", "").replace("ï»¿", "").stripLeading().toLowerCase(Locale.ROOT);
        if (head.startsWith("<%") || head.contains("<%@") || head.contains("<jsp:")) return "服务器端脚本（JSP/ASP）";
        if (head.contains("<svg")) return "SVG 图像（可含脚本）";
        if (head.startsWith("<!doctype html") || head.contains("<html") || head.contains("<script")) return "网页（HTML）";
        if (head.startsWith("<")) return "XML 文本";
        return "无法识别的内容";
    }

    private static EvidenceRefused mismatch(String fileName, EvidenceType expected, String actual) {
        return refused(Reason.CONTENT, fileName, "「" + fileName + "」的内容不是" + expected.label() + "（实际是" + actual
                + "），扩展名与内容不符，已拒绝");
    }

    private static EvidenceRefused refused(Reason reason, String fileName, String message) {
        return new EvidenceRefused(reason, fileName, message);
    }

    private static boolean startsWith(byte[] content, byte[] prefix) {
        return at(content, 0, prefix);
    }

    private static boolean at(byte[] content, int offset, byte[] part) {
        return content.length >= offset + part.length && Arrays.equals(content, offset, offset + part.length, part, 0, part.length);
    }

    /** The first index of {@code part} at or after {@code from}, or -1. */
    static int indexOf(byte[] content, byte[] part, int from) {
        outer:
        for (int i = from; i <= content.length - part.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (content[i + j] != part[j]) continue outer;
            }
            return i;
        }
        return -1;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
