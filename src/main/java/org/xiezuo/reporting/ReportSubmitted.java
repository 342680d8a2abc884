package org.xiezuo.reporting;

/** A unit's report was submitted for review (published in the submitting transaction). */
public record ReportSubmitted(long reportId, long planId, long periodId, long unitId, int revision, String by) {}
