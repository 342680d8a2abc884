package org.xiezuo.reporting;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.reporting.Validation.Finding;
import org.xiezuo.shared.ExactDecimal;

/**
 * Gathers what {@link Validation} needs about a report (its lines, the unit's targets, the previous
 * approved values, evidence per task) and runs the plan's rules over it; used by the commands before a
 * submission and by the pages to show the findings next to the lines.
 */
@Component
class ReportChecks {

    private final Periods periods;
    private final IndicatorLines indicatorLines;
    private final TaskLines taskLines;
    private final Rules rules;
    private final UnitTargets unitTargets;
    private final JdbcClient jdbc;

    ReportChecks(Periods periods, IndicatorLines indicatorLines, TaskLines taskLines, Rules rules, UnitTargets unitTargets,
                 JdbcClient jdbc) {
        this.periods = periods;
        this.indicatorLines = indicatorLines;
        this.taskLines = taskLines;
        this.rules = rules;
        this.unitTargets = unitTargets;
        this.jdbc = jdbc;
    }

    /** The findings of a report's current lines, as the plan's rules configure them. */
    List<Finding> findings(Report report, PlanBook book) {
        ReportFacts facts = factsOf(report, book);
        return Validation.check(rules.findAllOfPlan(report.planId()), facts.indicators(), facts.inputs(), facts.tasks());
    }

    /** A task line as a change would leave it. */
    record TaskChange(TaskProgress progress, @org.jspecify.annotations.Nullable String reason) {}

    /**
     * The findings the report would have with these lines changed, nothing written: what an uploaded form
     * is checked against before any of it is saved. Unchanged lines keep their stored values.
     */
    List<Finding> findingsWith(Report report, PlanBook book, Map<Long, Validation.IndicatorInput> indicatorChanges,
                               Map<Long, TaskChange> taskChanges) {
        ReportFacts facts = factsOf(report, book);
        Map<Long, Validation.IndicatorInput> inputs = new java.util.HashMap<>(facts.inputs());
        inputs.putAll(indicatorChanges);
        Map<Long, Integer> evidence = evidenceByTask(report.id());
        Map<Long, Validation.TaskFacts> stored = facts.tasks().stream()
                .collect(Collectors.toMap(Validation.TaskFacts::taskId, t -> t));
        List<Validation.TaskFacts> tasks = new java.util.ArrayList<>();
        for (PlanBook.TaskRow task : book.tasks()) {
            TaskChange change = taskChanges.get(task.id());
            if (change != null && task.involves(report.unitId())) {
                tasks.add(new Validation.TaskFacts(task.id(), Reporting.taskTitle(task), change.progress(), change.reason(),
                        evidence.getOrDefault(task.id(), 0)));
            } else if (stored.containsKey(task.id())) {
                tasks.add(stored.get(task.id()));
            }
        }
        return Validation.check(rules.findAllOfPlan(report.planId()), facts.indicators(), inputs, tasks);
    }

    record ReportFacts(List<Validation.IndicatorFacts> indicators, Map<Long, Validation.IndicatorInput> inputs,
                       List<Validation.TaskFacts> tasks) {}

    ReportFacts factsOf(Report report, PlanBook book) {
        long unitId = report.unitId();
        List<PlanBook.IndicatorRow> own = book.indicators().stream().filter(i -> i.units().stream().anyMatch(u -> u.id() == unitId))
                .toList();
        Map<Long, BigDecimal> subTargets = own.isEmpty() ? Map.of() : unitTargets.findByIndicators(own.stream()
                .map(PlanBook.IndicatorRow::id).toList()).stream().filter(t -> t.unitId() == unitId)
                .collect(Collectors.toMap(UnitTarget::indicatorId, UnitTarget::target));
        Map<Long, BigDecimal> previous = previousApproved(report);
        List<Validation.IndicatorFacts> indicators = own.stream().map(i -> new Validation.IndicatorFacts(i.id(), Reporting.title(i),
                i.measureUnit() == null ? null : org.xiezuo.shared.MeasureUnit.of(i.measureUnit()),
                subTargets.getOrDefault(i.id(), i.target()), i.parentId(), previous.get(i.id()))).toList();
        Map<Long, Validation.IndicatorInput> inputs = indicatorLines.findAllOfReport(report.id()).stream().collect(Collectors.toMap(
                IndicatorLine::indicatorId, l -> new Validation.IndicatorInput(l.value(), l.reason())));
        Map<Long, Integer> evidence = evidenceByTask(report.id());
        Map<Long, TaskLine> taskUpdates = taskLines.findAllOfReport(report.id()).stream()
                .collect(Collectors.toMap(TaskLine::taskId, l -> l));
        List<Validation.TaskFacts> tasks = book.tasks().stream().filter(t -> t.involves(unitId) && taskUpdates.containsKey(t.id()))
                .map(t -> new Validation.TaskFacts(t.id(), Reporting.taskTitle(t), taskUpdates.get(t.id()).progress(),
                        taskUpdates.get(t.id()).reason(), evidence.getOrDefault(t.id(), 0))).toList();
        return new ReportFacts(indicators, inputs, tasks);
    }

    /** The unit's cumulative value per indicator in its latest approved report of an earlier period. */
    Map<Long, BigDecimal> previousApproved(Report report) {
        return previousApproved(report.planId(), report.unitId(), periods.require(report.periodId()).seq());
    }

    /** The same for a unit and the period with this number, before the unit has a report for it. */
    Map<Long, BigDecimal> previousApproved(long planId, long unitId, int seq) {
        Map<Long, BigDecimal> values = new java.util.HashMap<>();
        jdbc.sql("""
                select l.indicator_id, l.line_value, p.seq, r.revision
                  from reporting_indicator_line l
                  join reporting_report r on r.id = l.report_id
                  join reporting_period p on p.id = r.period_id
                 where r.unit_id = :unit and r.plan_id = :plan and r.status = 'APPROVED' and p.seq < :seq
                   and l.line_value is not null
                 order by p.seq, r.revision
                """).param("unit", unitId).param("plan", planId).param("seq", seq)
                .query(rs -> {
                    values.put(rs.getLong(1), ExactDecimal.normalise(rs.getBigDecimal(2)));
                });
        return values;
    }

    private Map<Long, Integer> evidenceByTask(long reportId) {
        Map<Long, Integer> counts = new java.util.HashMap<>();
        jdbc.sql("select task_id, count(*) from reporting_evidence where report_id = :r and task_id is not null group by task_id")
                .param("r", reportId).query(rs -> {
                    counts.put(rs.getLong(1), rs.getInt(2));
                });
        return counts;
    }

}
