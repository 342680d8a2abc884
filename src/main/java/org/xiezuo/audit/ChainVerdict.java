package org.xiezuo.audit;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

import org.jspecify.annotations.Nullable;

/**
 * What {@link AuditIntegrity#verify()} found: how many rows it checked from the last checkpoint and,
 * when the chain is broken, the first place where it is.
 */
public record ChainVerdict(long rows, @Nullable Break firstBreak) {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xxx");

    /**
     * The first broken link: the {@code position}-th row counted from the oldest one kept (1-based), its id
     * and time, and why. A row that is missing at the end has no time.
     */
    public record Break(long position, long eventId, @Nullable OffsetDateTime occurredAt, String reason) {}

    public boolean intact() {
        return firstBreak == null;
    }

    /** One line for people: {@code 审计日志完整：共 N 条记录}, or where and how the chain is broken. */
    public String message() {
        if (firstBreak == null) return "审计日志完整：共 " + rows + " 条记录";
        Break b = firstBreak;
        String time = b.occurredAt() == null ? "" : "，时间 " + TIME.format(b.occurredAt());
        return "审计日志在第 " + b.position() + " 条记录（id=" + b.eventId() + time + "）处被篡改：" + b.reason();
    }
}
