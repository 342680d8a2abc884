package org.xiezuo.export;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.xiezuo.assessment.Assessment;
import org.xiezuo.assessment.OutstandingReports;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.reporting.ReportingQueries;

/**
 * What the bulletin is written from: the assessment as of the date, the outstanding reports then, and per
 * unit its tasks with their latest approved update.
 */
public record BulletinData(Assessment assessment, List<OutstandingReports.Outstanding> outstanding, List<UnitTasks> tasks) {

    public BulletinData {
        outstanding = List.copyOf(outstanding);
        tasks = List.copyOf(tasks);
    }

    /** A unit's tasks (it leads them) with the latest approved update of each, or none. */
    public record UnitTasks(PlanBook.UnitRef unit, List<TaskLine> tasks) {
        public UnitTasks {
            tasks = List.copyOf(tasks);
        }
    }

    public record TaskLine(PlanBook.TaskRow task, ReportingQueries.@Nullable TaskStatus status) {}
}
