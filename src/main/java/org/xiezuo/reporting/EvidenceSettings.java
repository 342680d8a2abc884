package org.xiezuo.reporting;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Evidence files (SECURITY.md, uploads): the size limit (keep it at or below the multipart limit,
 * {@code spring.servlet.multipart.max-file-size}, 20MB by default), where the bytes go — the database
 * unless {@code folder} is set — and the archive limits a .docx or .xlsx is checked against before
 * it is accepted. A Word file with photos inflates to little more than its size; 200 MB of inflated
 * content leaves a wide margin.
 */
@ConfigurationProperties("xiezuo.reporting.evidence")
record EvidenceSettings(
        @DefaultValue("20MB") DataSize maxSize,
        @Nullable String folder,
        @DefaultValue("1000") int maxZipEntries,
        @DefaultValue("200MB") DataSize maxInflatedSize) {

    static EvidenceSettings defaults() {
        return new EvidenceSettings(DataSize.ofMegabytes(20), null, 1000, DataSize.ofMegabytes(200));
    }

    /** The configured folder, or none when the database keeps the bytes. */
    @Nullable Path folderPath() {
        return folder == null || folder.isBlank() ? null : Path.of(folder.strip());
    }

    /** “20MB” as users read it in messages. */
    String maxSizeText() {
        return sizeText(maxSize.toBytes());
    }

    static String sizeText(long bytes) {
        return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + "MB" : bytes % 1024 == 0 ? bytes / 1024 + "KB" : bytes + "字节";
    }
}
