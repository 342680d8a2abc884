package org.xiezuo.reporting;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The kinds of evidence file accepted (the issue: pdf, jpg, png, docx, xlsx), each with the extensions
 * it may carry and the one content type it is served with. Nothing else is stored or served.
 */
public enum EvidenceType {
    PDF("PDF 文件", "application/pdf", "pdf"),
    JPEG("JPG 图片", "image/jpeg", "jpg", "jpeg"),
    PNG("PNG 图片", "image/png", "png"),
    DOCX("Word 文档（.docx）", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    XLSX("Excel 工作簿（.xlsx）", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx");

    /** For the file input's {@code accept} attribute and messages. */
    public static final String ACCEPT = ".pdf,.jpg,.jpeg,.png,.docx,.xlsx";

    private final String label;
    private final String contentType;
    private final List<String> extensions;

    EvidenceType(String label, String contentType, String... extensions) {
        this.label = label;
        this.contentType = contentType;
        this.extensions = List.of(extensions);
    }

    public String label() { return label; }

    public String contentType() { return contentType; }

    /** The type an extension (without the dot, any case) stands for. */
    static Optional<EvidenceType> byExtension(String extension) {
        String lower = extension.toLowerCase(Locale.ROOT);
        for (EvidenceType type : values()) {
            if (type.extensions.contains(lower)) return Optional.of(type);
        }
        return Optional.empty();
    }

    /** The type a stored content type stands for; downloads are served only with these. */
    static Optional<EvidenceType> byContentType(String contentType) {
        for (EvidenceType type : values()) {
            if (type.contentType.equals(contentType)) return Optional.of(type);
        }
        return Optional.empty();
    }
}
