package org.xiezuo.reminder;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A unit's report for a period was not submitted by the end of the deadline day (China time) and has
 * just been marked overdue. Published once per period and unit, in the marking transaction.
 */
public record ReportOverdue(long planId, long districtId, long periodId, String periodLabel, long unitId, String unitName,
                            LocalDate deadline, Instant markedAt) {}
