package org.xiezuo.reporting;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.xiezuo.audit.AuditTrail;
import org.xiezuo.audit.AuditTrail.Event;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.reporting.ReportWorkbook.Filled;
import org.xiezuo.reporting.ReportWorkbook.Row;
import org.xiezuo.reporting.ReportWorkbook.Stamp;
import org.xiezuo.reporting.ReportingQueries.IndicatorEntry;
import org.xiezuo.reporting.ReportingQueries.Sheet;
import org.xiezuo.reporting.ReportingQueries.TaskEntry;
import org.xiezuo.reporting.Validation.Finding;
import org.xiezuo.reporting.Validation.LineKind;
import org.xiezuo.shared.AccessDenied;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.BusinessRuleViolation;
import org.xiezuo.shared.ExactDecimal;
import org.xiezuo.shared.NotFound;

/**
 * Applies an uploaded form in one transaction, all or nothing (SECURITY.md §6): first every row is
 * checked — the file is this unit's form for this period, no row was added, removed or moved, each
 * changed row passes what typing it would pass ({@link Reporting#typedValue}, the text limits, a known
 * progress), nobody saved the line since the download, and the change brings no error-severity
 * finding that would block submission — and only a file without problems is saved, line by line
 * through the same commands as typing ({@link Reporting#saveIndicatorLine}, {@link Reporting#saveTaskLine}),
 * so scope, audit and versions are theirs. Rows whose values are as downloaded are not saved again.
 * Warnings are saved and shown, as when typing. Any failure while saving — a refusal, a database
 * constraint, or a checked exception — rolls back the whole file.
 */
@Component
class FormUpload {

    private static final Logger log = LoggerFactory.getLogger(FormUpload.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("M月d日 HH:mm").withZone(Period.ZONE);

    /** Called after each line saved; only a test sets it, to fail part-way with a checked exception (SECURITY.md T61). */
    @FunctionalInterface
    interface SavedLines {
        void saved(int count) throws IOException;
    }

    /** A row whose values differ from the download, parsed as typing parses it. */
    private record Change(Stamp stamp, Row row, String title, @Nullable BigDecimal value, @Nullable TaskProgress progress,
                          @Nullable String note, @Nullable String reason) {}

    private final Reporting reporting;
    private final ReportingQueries queries;
    private final Periods periods;
    private final IndicatorLines indicatorLines;
    private final TaskLines taskLines;
    private final ReportChecks checks;
    private final AuditTrail audit;
    private volatile SavedLines afterEachLine = count -> {};

    FormUpload(Reporting reporting, ReportingQueries queries, Periods periods, IndicatorLines indicatorLines, TaskLines taskLines,
               ReportChecks checks, AuditTrail audit) {
        this.reporting = reporting;
        this.queries = queries;
        this.periods = periods;
        this.indicatorLines = indicatorLines;
        this.taskLines = taskLines;
        this.checks = checks;
        this.audit = audit;
    }

    void afterEachLine(SavedLines hook) {
        this.afterEachLine = hook;
    }

    @Transactional(rollbackFor = Exception.class)
    ReportForms.Outcome apply(Actor actor, long periodId, long unitId, String fileName, Filled filled) throws IOException {
        PlanBook book = reporting.editableUnit(actor, periodId, unitId);
        Sheet sheet = queries.sheet(actor, periodId, unitId);
        requireThisForm(book, sheet, filled.identity());
        List<FormProblem> problems = new ArrayList<>();
        List<Change> changes = changes(book, unitId, sheet, filled, problems);
        if (changes.isEmpty()) {
            if (!problems.isEmpty()) throw new FormRefused(problems);
            return new ReportForms.Outcome(sheet.report() == null ? null : sheet.report().id(), 0, 0, sheet.findings());
        }
        Report report;
        try {
            report = reporting.lockedWorkingReport(actor, periodId, unitId);
        } catch (BusinessRuleViolation refused) {
            throw new FormRefused(refused.getMessage());
        }
        Long downloadedFrom = filled.identity().reportId();
        if (downloadedFrom != null && downloadedFrom.longValue() != report.id()) {
            throw new FormRefused("本表下载自第" + filled.identity().revision() + "版报告，现在填报的是第" + report.revision()
                    + "版；请重新下载填报表后再填写");
        }
        changes = current(report, changes, problems);
        blockingFindings(report, book, changes, problems);
        if (!problems.isEmpty()) throw new FormRefused(problems);
        if (changes.isEmpty()) return new ReportForms.Outcome(report.id(), 0, 0, checks.findings(report, book));

        int indicators = 0;
        int tasks = 0;
        for (Change change : changes) {
            save(actor, periodId, unitId, change);
            if (change.stamp().kind() == LineKind.INDICATOR) indicators++;
            else tasks++;
            afterEachLine.saved(indicators + tasks);
        }
        List<Finding> findings = checks.findings(report, book);
        audit.record(actor, Event.success("REPORT_FORM_UPLOADED", "report", report.id(), book.plan().id(),
                sheet.period().label() + sheet.unit().name() + "上传填报表「" + fileName + "」：保存指标" + indicators + "行、任务" + tasks + "行"));
        return new ReportForms.Outcome(report.id(), indicators, tasks, findings);
    }

    /** The file must be the form of this plan, period and unit; else it says whose form it is. */
    private void requireThisForm(PlanBook book, Sheet sheet, ReportWorkbook.Identity identity) {
        String here = "「" + sheet.unit().name() + " " + sheet.period().label() + "」";
        if (identity.planId() != book.plan().id()) {
            throw new FormRefused("文件属于其他任务书，不是" + here + "的填报表；请下载本单位本期的填报表");
        }
        if (identity.periodId() == sheet.period().id() && identity.unitId() == sheet.unit().id()) return;
        String unit = book.units().stream().filter(u -> u.id() == identity.unitId()).map(PlanBook.UnitRow::name).findFirst()
                .orElse("其他单位");
        String period = periods.findById(identity.periodId()).filter(p -> p.planId() == book.plan().id()).map(Period::label)
                .orElse("其他填报期");
        throw new FormRefused("文件属于「" + unit + " " + period + "」，不是本单位本期的填报表（本表应为" + here + "）");
    }

    /** Matches the rows to the lines by key and keeps those whose values differ from the download. */
    private List<Change> changes(PlanBook book, long unitId, Sheet sheet, Filled filled, List<FormProblem> problems) {
        Map<String, String> titles = new LinkedHashMap<>();
        Map<String, IndicatorEntry> indicatorOf = new LinkedHashMap<>();
        for (IndicatorEntry e : sheet.indicators()) {
            titles.put(Stamp.key(LineKind.INDICATOR, e.indicator().id()), "「" + e.title() + "」");
            indicatorOf.put(Stamp.key(LineKind.INDICATOR, e.indicator().id()), e);
        }
        for (TaskEntry e : sheet.tasks()) titles.put(Stamp.key(LineKind.TASK, e.task().id()), "任务「" + e.title() + "」");
        Set<String> stamped = new HashSet<>();
        List<Change> changes = new ArrayList<>();
        for (Stamp stamp : filled.identity().lines()) {
            stamped.add(stamp.key());
            String title = titles.get(stamp.key());
            Row row = filled.rows().get(stamp.key());
            if (title == null) {
                problems.add(new FormProblem(stamp.row(), null, "这一行已不属于本单位本期的填报内容（任务书在下载后有变化）；请重新下载填报表"));
            } else if (row == null) {
                problems.add(new FormProblem(stamp.row(), null, title + "这一行被删除了；请勿删除行，不需要填写的行保持原样即可"));
            } else if (row.number() != stamp.row()) {
                problems.add(new FormProblem(row.number(), null, title + "这一行的位置与下载时不同（原在第" + stamp.row()
                        + "行）；请勿移动、插入或排序行"));
            } else if (!ReportWorkbook.fingerprint(stamp.kind(), row.value(), row.note(), row.reason()).equals(stamp.fingerprint())) {
                Change change = stamp.kind() == LineKind.INDICATOR
                        ? indicatorChange(stamp, row, title, indicatorOf.get(stamp.key()), unitId, problems)
                        : taskChange(stamp, row, title, problems);
                if (change != null) changes.add(change);
            }
        }
        filled.rows().forEach((key, row) -> {
            if (!stamped.contains(key)) {
                problems.add(new FormProblem(row.number(), "行标识", "这一行的行标识与下载时不符（可能是从其他填报表复制来的）；请勿复制或增加行"));
            }
        });
        titles.keySet().stream().filter(k -> !stamped.contains(k)).findFirst().ifPresent(k -> problems.add(new FormProblem(0, null,
                "任务书在下载后有变化（新增了" + titles.get(k) + "）；请重新下载填报表后再填写")));
        return changes;
    }

    private @Nullable Change indicatorChange(Stamp stamp, Row row, String title, IndicatorEntry entry, long unitId,
                                             List<FormProblem> problems) {
        int before = problems.size();
        BigDecimal value = null;
        try {
            value = reporting.typedValue(entry.indicator(), unitId, row.value());
        } catch (BusinessRuleViolation refused) {
            problems.add(new FormProblem(row.number(), ReportWorkbook.INDICATOR_HEADERS.get(ReportWorkbook.VALUE), refused.getMessage()));
        }
        String note = text(row, row.note(), IndicatorLine.MAX_NOTE, ReportWorkbook.INDICATOR_HEADERS.get(ReportWorkbook.NOTE), problems);
        String reason = text(row, row.reason(), Report.MAX_REASON, ReportWorkbook.INDICATOR_HEADERS.get(ReportWorkbook.REASON), problems);
        if (problems.size() > before) return null;
        return new Change(stamp, row, title, value, null, note, reason);
    }

    private @Nullable Change taskChange(Stamp stamp, Row row, String title, List<FormProblem> problems) {
        int before = problems.size();
        String column = ReportWorkbook.TASK_HEADERS.get(ReportWorkbook.VALUE);
        TaskProgress progress = TaskProgress.parse(row.value());
        String choices = String.join("、", java.util.Arrays.stream(TaskProgress.values()).map(TaskProgress::label).toList());
        if (progress == null) {
            problems.add(new FormProblem(row.number(), column, row.value() == null ? "请选择进展：" + choices
                    : "未知的进展「" + row.value().strip() + "」，请从下拉列表中选择：" + choices));
        }
        String narrative = text(row, row.note(), TaskLine.MAX_NARRATIVE, ReportWorkbook.TASK_HEADERS.get(ReportWorkbook.NOTE), problems);
        String reason = text(row, row.reason(), Report.MAX_REASON, ReportWorkbook.TASK_HEADERS.get(ReportWorkbook.REASON), problems);
        if (problems.size() > before) return null;
        return new Change(stamp, row, title, null, progress, narrative, reason);
    }

    private static @Nullable String text(Row row, @Nullable String value, int max, String column, List<FormProblem> problems) {
        try {
            return IndicatorLine.text(value, max, column);
        } catch (BusinessRuleViolation refused) {
            problems.add(new FormProblem(row.number(), column, refused.getMessage() + "，现有" + value.strip().length() + "个字"));
            return null;
        }
    }

    /**
     * The changes still to save: a row whose values the line holds already is dropped (the same file
     * uploaded again saves nothing), and a row whose line somebody saved since the download is refused,
     * naming who saved what.
     */
    private List<Change> current(Report report, List<Change> changes, List<FormProblem> problems) {
        List<Change> due = new ArrayList<>();
        for (Change change : changes) {
            Stamp stamp = change.stamp();
            Row row = change.row();
            int version;
            String stored;
            String by;
            Instant at;
            String theirs;
            if (stamp.kind() == LineKind.INDICATOR) {
                IndicatorLine line = indicatorLines.find(report.id(), stamp.ref()).orElse(null);
                if (line == null) {
                    due.add(change);
                    continue;
                }
                version = line.version();
                stored = ReportWorkbook.fingerprint(LineKind.INDICATOR, line.value() == null ? null : ExactDecimal.format(line.value()),
                        line.note(), line.reason());
                by = line.updatedBy();
                at = line.updatedAt();
                theirs = line.value() == null ? "（空）" : ExactDecimal.format(line.value());
            } else {
                TaskLine line = taskLines.find(report.id(), stamp.ref()).orElse(null);
                if (line == null) {
                    due.add(change);
                    continue;
                }
                version = line.version();
                stored = ReportWorkbook.fingerprint(LineKind.TASK, line.progress().label(), line.narrative(), line.reason());
                by = line.updatedBy();
                at = line.updatedAt();
                theirs = line.progress().label();
            }
            if (stored.equals(ReportWorkbook.fingerprint(stamp.kind(), row.value(), row.note(), row.reason()))) continue;
            if (version == stamp.version()) {
                due.add(change);
                continue;
            }
            log.debug("Stale form row {}: line version {} instead of {}", row.number(), version, stamp.version());
            problems.add(new FormProblem(row.number(), null, "该记录已被他人修改：" + by + " 于" + TIME.format(at) + " 将"
                    + change.title() + "保存为 " + theirs + "；本文件中这一行是修改前下载的，未保存。请重新下载填报表，核对后再填写"));
        }
        return due;
    }

    /** Errors the changes would bring that were not there before (a negative value, a 其中 above its parent …). */
    private void blockingFindings(Report report, PlanBook book, List<Change> changes, List<FormProblem> problems) {
        Map<Long, Validation.IndicatorInput> indicators = new LinkedHashMap<>();
        Map<Long, ReportChecks.TaskChange> tasks = new LinkedHashMap<>();
        Map<String, Integer> rows = new LinkedHashMap<>();
        for (Change change : changes) {
            rows.put(change.stamp().key(), change.row().number());
            if (change.stamp().kind() == LineKind.INDICATOR) {
                indicators.put(change.stamp().ref(), new Validation.IndicatorInput(change.value(), change.reason()));
            } else {
                tasks.put(change.stamp().ref(), new ReportChecks.TaskChange(Objects.requireNonNull(change.progress()), change.reason()));
            }
        }
        Set<String> before = new HashSet<>();
        checks.findings(report, book).forEach(f -> before.add(f.kind() + ":" + f.ref() + ":" + f.rule()));
        for (Finding finding : checks.findingsWith(report, book, indicators, tasks)) {
            if (finding.severity() != Severity.ERROR || !finding.blocks()) continue;
            if (before.contains(finding.kind() + ":" + finding.ref() + ":" + finding.rule())) continue;
            String key = Stamp.key(finding.kind(), finding.ref());
            Integer row = rows.get(key);
            if (row == null) row = 0;
            String column = finding.kind() == LineKind.INDICATOR ? ReportWorkbook.INDICATOR_HEADERS.get(ReportWorkbook.VALUE)
                    : ReportWorkbook.TASK_HEADERS.get(ReportWorkbook.VALUE);
            problems.add(new FormProblem(row, row == 0 ? null : column, finding.message()));
        }
    }

    private void save(Actor actor, long periodId, long unitId, Change change) {
        Stamp stamp = change.stamp();
        Row row = change.row();
        try {
            if (stamp.kind() == LineKind.INDICATOR) {
                reporting.saveIndicatorLine(actor, periodId, unitId, stamp.ref(), stamp.version(), row.value(), row.note(), row.reason());
            } else {
                reporting.saveTaskLine(actor, periodId, unitId, stamp.ref(), stamp.version(), Objects.requireNonNull(change.progress()),
                        row.note(), row.reason());
            }
        } catch (BusinessRuleViolation | NotFound | AccessDenied refused) {
            throw new FormRefused(List.of(new FormProblem(row.number(), null, refused.getMessage() + "；整个文件未导入")));
        } catch (RuntimeException failed) {
            log.warn("Saving row {} of an uploaded form failed; the whole file is rolled back", row.number(), failed);
            throw new FormRefused(List.of(new FormProblem(row.number(), null,
                    "这一行未能保存（数据库拒绝了其中的内容），整个文件未导入；请检查这一行的内容后重新上传")));
        }
    }
}
