package org.xiezuo.importer;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits for task-book documents (SECURITY.md, uploads): size, zip entries, inflated size and ratio,
 * parse time, and how many documents are parsed at once. The inflated size bounds what POI holds in
 * memory: a real task book inflates to a few MB, 100 MB leaves a wide margin.
 */
@ConfigurationProperties("xiezuo.importer")
public record ImporterSettings(
        @DefaultValue("20MB") DataSize maxFileSize,
        @DefaultValue("1000") int maxZipEntries,
        @DefaultValue("100MB") DataSize maxInflatedSize,
        @DefaultValue("0.01") double minInflateRatio,
        @DefaultValue("60s") Duration parseTimeout,
        @DefaultValue("2") int concurrentParses,
        @DefaultValue("24h") Duration draftLifetime) {

    public static ImporterSettings defaults() {
        return new ImporterSettings(DataSize.ofMegabytes(20), 1000, DataSize.ofMegabytes(100), 0.01,
                Duration.ofSeconds(60), 2, Duration.ofHours(24));
    }

    public ImporterSettings withParseTimeout(Duration timeout) {
        return new ImporterSettings(maxFileSize, maxZipEntries, maxInflatedSize, minInflateRatio, timeout,
                concurrentParses, draftLifetime);
    }

    public ImporterSettings withMaxFileSize(DataSize size) {
        return new ImporterSettings(size, maxZipEntries, maxInflatedSize, minInflateRatio, parseTimeout,
                concurrentParses, draftLifetime);
    }

    /** “20MB” as users read it in messages. */
    public String maxFileSizeText() {
        long bytes = maxFileSize.toBytes();
        return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + "MB" : bytes / 1024 + "KB";
    }
}
