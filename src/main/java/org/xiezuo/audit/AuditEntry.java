package org.xiezuo.audit;

import java.time.OffsetDateTime;

import org.jspecify.annotations.Nullable;

/** One recorded action as read back; {@code occurredAt} carries its offset (+08:00). */
public record AuditEntry(long id, OffsetDateTime occurredAt, String actor, @Nullable String clientIp, String eventType,
                         @Nullable String objectType, @Nullable String objectId, @Nullable Long planId, String outcome,
                         @Nullable String detail) {}
