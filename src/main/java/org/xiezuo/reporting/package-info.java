/**
 * Progress reporting (进度填报): a plan's reporting cycle and periods with deadlines; one report per
 * unit and period with a line per indicator the unit is responsible for and per task, moved through
 * DRAFT → SUBMITTED → (UNIT_APPROVED) → APPROVED or RETURNED by guarded transitions; corrections as
 * new revisions; validation rules as per-plan data; the plan-level actual of an indicator from approved
 * contributions; evidence files per line ({@link org.xiezuo.reporting.EvidenceFiles}) and the Excel round
 * trip of a unit's period form ({@link org.xiezuo.reporting.ReportForms}). Listens to {@link org.xiezuo.plan.PlanScheduled} and {@link org.xiezuo.unit.UnitsMerged};
 * publishes {@link org.xiezuo.reporting.ReportSubmitted}, {@link org.xiezuo.reporting.ReportReviewed}.
 */
@ApplicationModule(displayName = "Reporting")
@NullMarked
package org.xiezuo.reporting;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
