package org.xiezuo.ledger;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import org.xiezuo.ledger.sheet.Limits;

/**
 * Ledger settings ({@code xiezuo.ledger.*}): the largest upload (default 100MB), the most data rows in
 * one file (default 2,000,000), per kind a retention period ({@code retention.employment=P5Y}; none by
 * default: records are kept), and the most .xlsx exports one instance writes at once (default 3; one
 * more is refused with "导出任务繁忙，请稍后", see {@link ExportSlots}).
 */
@ConfigurationProperties("xiezuo.ledger")
public record LedgerSettings(@DefaultValue("100MB") DataSize maxFileSize, @DefaultValue("2000000") int maxRows,
                             java.util.@org.jspecify.annotations.Nullable Map<LedgerKind, java.time.Period> retention,
                             @DefaultValue("3") int maxConcurrentExports) {

    public LedgerSettings {
        retention = retention == null ? java.util.Map.of() : java.util.Map.copyOf(retention);
        if (maxConcurrentExports < 1) {
            throw new IllegalArgumentException("xiezuo.ledger.max-concurrent-exports must be at least 1, not " + maxConcurrentExports);
        }
    }

    Limits limits() {
        return Limits.defaults().withMaxRows(maxRows).withMaxFileBytes(maxFileSize.toBytes());
    }
}
