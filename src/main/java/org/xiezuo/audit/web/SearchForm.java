package org.xiezuo.audit.web;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

import org.jspecify.annotations.Nullable;
import org.springframework.web.util.UriComponentsBuilder;
import org.xiezuo.audit.AuditFilter;
import org.xiezuo.audit.AuditTrail;
import org.xiezuo.shared.BusinessRuleViolation;

/**
 * The search form as submitted (GET parameters). Times come from {@code datetime-local} fields in
 * Asia/Shanghai; the end is inclusive to the minute ("截止 10:30" includes 10:30:59).
 */
record SearchForm(@Nullable String from, @Nullable String to, @Nullable String actor, @Nullable String eventType,
                  @Nullable String objectType, @Nullable String objectId, @Nullable String outcome) {

    AuditFilter toFilter() {
        LocalDateTime start = time(from, "起始时间");
        LocalDateTime end = time(to, "截止时间");
        return new AuditFilter(
                start == null ? null : start.atZone(AuditTrail.ZONE).toOffsetDateTime(),
                end == null ? null : end.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1).atZone(AuditTrail.ZONE).toOffsetDateTime(),
                actor, eventType, objectType, objectId, outcome);
    }

    /** The search page's address with these parameters (encoded), for the pager. */
    String url() {
        UriComponentsBuilder url = UriComponentsBuilder.fromPath("/audit");
        param(url, "from", from);
        param(url, "to", to);
        param(url, "actor", actor);
        param(url, "eventType", eventType);
        param(url, "objectType", objectType);
        param(url, "objectId", objectId);
        param(url, "outcome", outcome);
        return url.encode().build().toUriString();
    }

    private static void param(UriComponentsBuilder url, String name, @Nullable String value) {
        if (value != null && !value.isBlank()) url.queryParam(name, value);
    }

    private static @Nullable LocalDateTime time(@Nullable String value, String label) {
        if (value == null || value.isBlank()) return null;
        try {
            return LocalDateTime.parse(value.strip(), DateTimeFormatter.ISO_LOCAL_DATE_TIME);
        } catch (DateTimeParseException e) {
            throw new BusinessRuleViolation("audit.filter.time", label + "格式不正确，请按“年-月-日 时:分”填写");
        }
    }
}
