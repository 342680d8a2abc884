package org.xiezuo.reporting.web;

import java.time.Instant;
import java.time.format.DateTimeFormatter;

import org.xiezuo.reporting.EvidenceType;
import org.xiezuo.reporting.Period;

/**
 * What the file fragments ({@code reporting/evidence}) show next to their inputs: the limits, the
 * accepted types, and sizes and times as people read them. In every model of the reporting pages as
 * {@code reportFiles}.
 */
public record ReportFileLimits(long evidenceMaxBytes, String evidenceMaxSize, long formMaxBytes, String formMaxSize) {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(Period.ZONE);

    public String evidenceAccept() { return EvidenceType.ACCEPT; }

    /** “856 KB”, “1.2 MB”. */
    public String size(long bytes) {
        if (bytes < 1024) return bytes + " 字节";
        if (bytes < 1024 * 1024) return (bytes + 1023) / 1024 + " KB";
        return String.format("%.1f MB", bytes / 1024.0 / 1024.0);
    }

    /** China time, to the minute. */
    public String time(Instant at) {
        return TIME.format(at);
    }
}
