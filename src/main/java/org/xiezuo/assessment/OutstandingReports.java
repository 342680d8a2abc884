package org.xiezuo.assessment;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.reporting.ReportStatus;
import org.xiezuo.reporting.ReportingQueries;
import org.xiezuo.reporting.ReportingQueries.PeriodRow;
import org.xiezuo.reporting.ReportingQueries.ReportSummary;
import org.xiezuo.shared.Access;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.Permission;

/**
 * The reports the office is waiting for as of a date: for every period whose deadline has passed (and
 * that is not a back-filled period from before the plan was imported) each unit with nothing submitted
 * (no report, or a first draft — a later revision in draft corrects an approved one) is overdue; a report
 * sent back and not yet resubmitted is returned.
 */
@Component
public class OutstandingReports {

    /** Why a unit's report for a period is outstanding. */
    public enum Reason {
        OVERDUE("逾期未报"), RETURNED("退回未重报");

        private final String label;

        Reason(String label) { this.label = label; }

        public String label() { return label; }
    }

    public record Outstanding(PeriodRow period, PlanBook.UnitRef unit, Reason reason, @Nullable ReportSummary report) {}

    private final ReportingQueries reporting;

    OutstandingReports(ReportingQueries reporting) {
        this.reporting = reporting;
    }

    /** As the actor may see them (an actor without REPORT_READ sees none), oldest period first. */
    public List<Outstanding> asOf(Actor actor, long planId, LocalDate date) {
        if (!Access.permits(actor, Permission.REPORT_READ)) return List.of();
        ReportingQueries.Overview overview = reporting.overview(actor, planId);
        List<Outstanding> rows = new ArrayList<>();
        for (PeriodRow period : overview.periods()) {
            if (period.backfill() || period.startsOn().isAfter(date)) continue;
            boolean pastDeadline = period.deadline().isBefore(date);
            for (PlanBook.UnitRef unit : overview.units()) {
                ReportSummary report = overview.cell(period.id(), unit.id());
                if (report != null && report.status() == ReportStatus.RETURNED) {
                    rows.add(new Outstanding(period, unit, Reason.RETURNED, report));
                } else if (pastDeadline && (report == null || report.status() == ReportStatus.DRAFT && report.revision() == 1)) {
                    // a draft of revision 2 or later is a correction of a report already approved: not overdue
                    rows.add(new Outstanding(period, unit, Reason.OVERDUE, report));
                }
            }
        }
        return rows;
    }

    /** Those of one unit. */
    public List<Outstanding> ofUnit(Actor actor, long planId, long unitId, LocalDate date) {
        return asOf(actor, planId, date).stream().filter(o -> o.unit().id() == unitId).toList();
    }
}
