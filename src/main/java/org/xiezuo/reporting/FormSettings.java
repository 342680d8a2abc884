package org.xiezuo.reporting;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits for an uploaded report form (the .xlsx downloaded from a unit's sheet): its size, and the
 * archive limits checked before POI sees it. A unit's form of a few dozen lines is about 10 KB.
 */
@ConfigurationProperties("xiezuo.reporting.form")
record FormSettings(
        @DefaultValue("5MB") DataSize maxSize,
        @DefaultValue("200") int maxZipEntries,
        @DefaultValue("50MB") DataSize maxInflatedSize) {

    static FormSettings defaults() {
        return new FormSettings(DataSize.ofMegabytes(5), 200, DataSize.ofMegabytes(50));
    }
}
