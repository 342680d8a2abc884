package org.xiezuo.audit;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What the auditor searches for; every part is optional and parts combine with "and". Times are a
 * half-open range {@code [from, until)}; text parts match exactly (account, event type, object type and
 * id, outcome). Blank text counts as not given.
 */
public record AuditFilter(@Nullable OffsetDateTime from, @Nullable OffsetDateTime until, @Nullable String actor,
                          @Nullable String eventType, @Nullable String objectType, @Nullable String objectId,
                          @Nullable String outcome) {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    public AuditFilter {
        actor = given(actor);
        eventType = given(eventType);
        objectType = given(objectType);
        objectId = given(objectId);
        outcome = given(outcome);
    }

    public static AuditFilter none() {
        return new AuditFilter(null, null, null, null, null, null, null);
    }

    /** The filter in words, for the audit row of the query itself. */
    String describe() {
        List<String> parts = new ArrayList<>();
        if (from != null) parts.add("时间自 " + TIME.format(from.atZoneSameInstant(AuditTrail.ZONE)));
        if (until != null) parts.add("时间早于 " + TIME.format(until.atZoneSameInstant(AuditTrail.ZONE)));
        if (actor != null) parts.add("账号 " + actor);
        if (eventType != null) parts.add("事件 " + eventType);
        if (objectType != null) parts.add("对象类型 " + objectType);
        if (objectId != null) parts.add("对象编号 " + objectId);
        if (outcome != null) parts.add("结果 " + outcome);
        return parts.isEmpty() ? "全部记录" : String.join("，", parts);
    }

    private static @Nullable String given(@Nullable String text) {
        if (text == null || text.isBlank()) return null;
        String trimmed = text.strip();
        return trimmed.length() > 200 ? trimmed.substring(0, 200) : trimmed;
    }
}
