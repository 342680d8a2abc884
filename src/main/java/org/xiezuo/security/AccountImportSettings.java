package org.xiezuo.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits for the bulk creation of accounts from a workbook: file size, data rows, and the archive limits
 * checked before POI sees the file (zip entries, inflated size). A real account list of 500 rows is
 * well under 100 KB; the limits leave a wide margin and keep memory small.
 */
@ConfigurationProperties("xiezuo.security.account-import")
record AccountImportSettings(
        @DefaultValue("2MB") DataSize maxFileSize,
        @DefaultValue("500") int maxRows,
        @DefaultValue("200") int maxZipEntries,
        @DefaultValue("20MB") DataSize maxInflatedSize) {

    /** “2MB” as users read it in messages. */
    String maxFileSizeText() {
        long bytes = maxFileSize.toBytes();
        return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + "MB" : bytes / 1024 + "KB";
    }
}
