package org.xiezuo.supervision;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.jspecify.annotations.Nullable;

/** An order as read, with its parts (one per addressed unit). */
public record Order(long id, long planId, int year, @Nullable Integer seq, @Nullable String number, MatterKind kind,
                    @Nullable Long indicatorId, @Nullable Long taskId, @Nullable Long periodId, String matter, String requirement,
                    LocalDate responseDeadline, String evidence, OrderStatus status, boolean automatic, String createdBy,
                    Instant createdAt, @Nullable String issuedBy, @Nullable Instant issuedAt, @Nullable Instant closedAt, int version,
                    List<Part> parts) {

    public Order {
        parts = List.copyOf(parts);
    }

    /** One addressed unit's part. */
    public record Part(long id, long orderId, long unitId, String unitName, PartState state, @Nullable String measures,
                       @Nullable LocalDate expectedCompletion, @Nullable String answeredBy, @Nullable Instant answeredAt,
                       @Nullable String returnReason, @Nullable Instant returnedAt, @Nullable String closedBy,
                       @Nullable Instant closedAt, int version) {}

    /** The number, or "（草稿）" before the order is issued. */
    public String title() {
        return (number != null ? number : "（草稿）") + " " + kind.label();
    }

    public boolean addressedTo(long unitId) {
        return parts.stream().anyMatch(p -> p.unitId() == unitId);
    }
}
