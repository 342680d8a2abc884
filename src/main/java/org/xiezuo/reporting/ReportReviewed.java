package org.xiezuo.reporting;

import org.jspecify.annotations.Nullable;

/**
 * A report was approved (by the unit head or the coordinator) or returned; {@code reason} is the
 * return reason. Published in the reviewing transaction, for reminders and notifications.
 */
public record ReportReviewed(long reportId, long planId, long periodId, long unitId, int revision, ReportStatus status,
                             String by, @Nullable String reason) {}
