package org.xiezuo.security.web;

import java.time.Instant;
import java.time.format.DateTimeFormatter;

import org.jspecify.annotations.Nullable;
import org.xiezuo.audit.AuditTrail;

/** Instants as the pages show them: China time to the minute, “—” when there is none. */
final class ChinaTime {

    static final ChinaTime INSTANCE = new ChinaTime();
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private ChinaTime() {}

    public String format(@Nullable Instant instant) {
        return instant == null ? "—" : MINUTES.format(instant.atZone(AuditTrail.ZONE));
    }
}
