package org.xiezuo.reporting;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.relational.core.conversion.DbActionExecutionException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import org.xiezuo.audit.AuditTrail;
import org.xiezuo.audit.AuditTrail.Event;
import org.xiezuo.audit.Refusals;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.plan.PlanScheduled;
import org.xiezuo.reporting.Validation.Finding;
import org.xiezuo.security.UnitHeads;
import org.xiezuo.shared.Access;
import org.xiezuo.shared.AccessDenied;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.BusinessRuleViolation;
import org.xiezuo.shared.ExactDecimal;
import org.xiezuo.shared.NotFound;
import org.xiezuo.shared.Permission;
import org.xiezuo.unit.UnitsMerged;

/**
 * The commands of progress reporting: setting up a plan's cycle, saving a unit's figures and task
 * updates line by line, and moving reports through review. Every command checks the actor's permission
 * and scope (district for the office, unit for reporters and unit heads), refuses out-of-scope objects
 * as not found, writes one audit row, and works in one transaction; lines and reviews of one report are
 * serialised by a row lock on the report, so nothing changes under a submission on any instance.
 */
@Service
@Transactional
public class Reporting {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("M月d日 HH:mm").withZone(ZoneId.of("Asia/Shanghai"));

    private final ReportingCycles cycles;
    private final Periods periods;
    private final Reports reports;
    private final IndicatorLines indicatorLines;
    private final TaskLines taskLines;
    private final Rules rules;
    private final IndicatorSettings settings;
    private final UnitTargets unitTargets;
    private final PlanQueries plans;
    private final UnitHeads unitHeads;
    private final ReportChecks checks;
    private final AuditTrail audit;
    private final Refusals refusals;
    private final ApplicationEventPublisher events;
    private final JdbcClient jdbc;
    private final TransactionTemplate eachAlone;
    private final Clock clock;

    Reporting(ReportingCycles cycles, Periods periods, Reports reports, IndicatorLines indicatorLines, TaskLines taskLines,
              Rules rules, IndicatorSettings settings, UnitTargets unitTargets, PlanQueries plans, UnitHeads unitHeads,
              ReportChecks checks, AuditTrail audit, Refusals refusals, ApplicationEventPublisher events, JdbcClient jdbc,
              PlatformTransactionManager transactions, Clock clock) {
        this.cycles = cycles;
        this.periods = periods;
        this.reports = reports;
        this.indicatorLines = indicatorLines;
        this.taskLines = taskLines;
        this.rules = rules;
        this.settings = settings;
        this.unitTargets = unitTargets;
        this.plans = plans;
        this.unitHeads = unitHeads;
        this.checks = checks;
        this.audit = audit;
        this.refusals = refusals;
        this.events = events;
        this.jdbc = jdbc;
        this.eachAlone = new TransactionTemplate(transactions);
        this.eachAlone.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
    }

    // ------------------------------------------------------------------ set-up

    /**
     * A new plan gets the default cycle (monthly, due the 5th of the next month) and rules; a plan whose
     * assessment period changed gets new periods, as long as nobody has reported yet.
     */
    @EventListener
    void on(PlanScheduled scheduled) {
        ReportingCycle cycle = cycles.findByPlan(scheduled.planId()).orElseGet(() -> cycles.save(ReportingCycle.of(
                scheduled.planId(), Cadence.MONTHLY, ReportingCycle.DEFAULT_DEADLINE_DAYS, clock.instant())));
        ensureRules(scheduled.planId());
        if (reports.countOfPlan(scheduled.planId()) == 0) {
            regenerate(scheduled.planId(), cycle, scheduled.assessmentStart(), scheduled.assessmentEnd(), scheduled.createdAt());
        }
    }

    /** Sets (or changes, before anyone has reported) the cadence and the default deadline of a plan. */
    public void setUpCycle(Actor actor, long planId, Cadence cadence, int deadlineDays) {
        PlanBook.Header plan = configurable(actor, planId);
        if (reports.countOfPlan(planId) > 0) {
            throw new BusinessRuleViolation("cycle.reported", "已有单位填报，不能再更改填报周期；可以逐期调整截止日期");
        }
        ReportingCycle cycle = cycles.findByPlan(planId).orElse(null);
        if (cycle == null) {
            cycle = ReportingCycle.of(planId, cadence, deadlineDays, clock.instant());
        } else {
            cycle.change(cadence, deadlineDays);
        }
        cycle = cycles.save(cycle);
        ensureRules(planId);
        int count = regenerate(planId, cycle, plan.assessmentStart(), plan.assessmentEnd(), plan.createdAt());
        audit.record(actor, Event.success("REPORTING_CYCLE_SET", "plan", planId, planId,
                cadence.label() + "填报，期末后第" + deadlineDays + "天截止，共" + count + "期"));
    }

    private int regenerate(long planId, ReportingCycle cycle, LocalDate start, LocalDate end, Instant createdAt) {
        periods.deleteAll(periods.findAllOfPlan(planId));
        List<Cadence.Span> spans = cycle.cadence().spans(start, end);
        int seq = 0;
        for (Cadence.Span span : spans) {
            periods.save(Period.of(planId, ++seq, span, cycle.deadlineDays(), createdAt));
        }
        return spans.size();
    }

    private void ensureRules(long planId) {
        List<Rule> existing = rules.findAllOfPlan(planId);
        for (RuleKind kind : RuleKind.values()) {
            if (existing.stream().noneMatch(r -> r.kind() == kind)) rules.save(Rule.byDefault(planId, kind));
        }
    }

    public void moveDeadline(Actor actor, long periodId, int expectedVersion, LocalDate deadline) {
        Period period = periods.require(periodId);
        configurable(actor, period.planId());
        expect(period.version(), expectedVersion);
        LocalDate before = period.deadline();
        period.moveDeadline(deadline);
        periods.save(period);
        audit.record(actor, Event.success("PERIOD_DEADLINE_MOVED", "period", periodId, period.planId(),
                period.label() + "截止日期：" + before + " → " + deadline));
    }

    public void closePeriod(Actor actor, long periodId) {
        Period period = periods.require(periodId);
        configurable(actor, period.planId());
        period.close();
        periods.save(period);
        audit.record(actor, Event.success("PERIOD_CLOSED", "period", periodId, period.planId(), period.label() + "已关闭"));
    }

    public void reopenPeriod(Actor actor, long periodId) {
        Period period = periods.require(periodId);
        configurable(actor, period.planId());
        period.reopen();
        periods.save(period);
        audit.record(actor, Event.success("PERIOD_REOPENED", "period", periodId, period.planId(), period.label() + "重新开放"));
    }

    /** How an indicator's units report it: each its contribution, or the lead unit the total; typed or from a ledger. */
    public void configureIndicator(Actor actor, long planId, long indicatorId, Aggregation aggregation, boolean ledgerBound) {
        PlanBook book = book(planId);
        configurable(actor, planId);
        PlanBook.IndicatorRow indicator = indicatorOf(book, indicatorId);
        IndicatorSetting setting = settings.findByIndicator(indicatorId).orElseGet(() -> IndicatorSetting.of(indicatorId));
        String before = setting.aggregation().label() + (setting.ledgerBound() ? "，来自台账" : "");
        setting.change(aggregation, ledgerBound);
        settings.save(setting);
        audit.record(actor, Event.success("INDICATOR_REPORTING_SET", "indicator", indicatorId, planId,
                "「" + title(indicator) + "」：" + before + " → " + aggregation.label() + (ledgerBound ? "，来自台账" : "")));
    }

    /**
     * Marks an indicator as ledger-bound or not, for the ledger module when a binding is made or removed
     * (the ledger module audits the binding itself). A bound indicator's value is never typed.
     */
    public void markLedgerBound(long planId, long indicatorId, boolean bound) {
        indicatorOf(book(planId), indicatorId);
        IndicatorSetting setting = settings.findByIndicator(indicatorId).orElseGet(() -> IndicatorSetting.of(indicatorId));
        if (setting.ledgerBound() == bound) return;
        setting.change(setting.aggregation(), bound);
        settings.save(setting);
    }

    /** A responsible unit's share of the target; {@code null} removes it. */
    public void setUnitTarget(Actor actor, long planId, long indicatorId, long unitId, @Nullable BigDecimal target) {
        PlanBook book = book(planId);
        configurable(actor, planId);
        PlanBook.IndicatorRow indicator = indicatorOf(book, indicatorId);
        if (indicator.units().stream().noneMatch(u -> u.id() == unitId)) {
            throw new BusinessRuleViolation("unit-target.unit", "该单位不是「" + title(indicator) + "」的责任单位");
        }
        Optional<UnitTarget> existing = unitTargets.find(indicatorId, unitId);
        String before = existing.map(t -> ExactDecimal.format(t.target())).orElse("（未分解）");
        if (target == null) {
            existing.ifPresent(unitTargets::delete);
        } else {
            UnitTarget row = existing.orElseGet(() -> UnitTarget.of(indicatorId, unitId, target));
            row.change(target);
            unitTargets.save(row);
        }
        String unit = indicator.units().stream().filter(u -> u.id() == unitId).findFirst().orElseThrow().name();
        audit.record(actor, Event.success("UNIT_TARGET_SET", "indicator", indicatorId, planId, "「" + title(indicator) + "」"
                + unit + "分解目标：" + before + " → " + (target == null ? "（未分解）" : ExactDecimal.format(target))));
    }

    public void configureRule(Actor actor, long planId, RuleKind kind, Severity severity, @Nullable BigDecimal parameter,
                              boolean enabled) {
        configurable(actor, planId);
        ensureRules(planId);
        Rule rule = rules.findAllOfPlan(planId).stream().filter(r -> r.kind() == kind).findFirst().orElseThrow();
        String before = describe(rule);
        rule.configure(severity, parameter, enabled);
        rules.save(rule);
        audit.record(actor, Event.success("REPORTING_RULE_SET", "plan", planId, planId,
                kind.description() + "：" + before + " → " + describe(rule)));
    }

    private static String describe(Rule rule) {
        return (rule.enabled() ? rule.severity().label() : "不检查")
                + (rule.parameter() == null ? "" : "（参数 " + ExactDecimal.format(rule.parameter()) + "）");
    }

    // ------------------------------------------------------------------ entry

    /** A saved line with the versions to send with the next save, and the report's findings now. */
    public record LineSaved(long reportId, int reportVersion, long lineId, int lineVersion, List<Finding> findings) {}

    /**
     * Saves a unit's value, note and reason for one indicator in a period, creating the report on the
     * first save. {@code expectedVersion} is the line's version as the form showed it (0 for a line not
     * saved yet): when somebody saved in between, nothing is saved and the message shows their value.
     */
    public LineSaved saveIndicatorLine(Actor actor, long periodId, long unitId, long indicatorId, int expectedVersion,
                                       @Nullable String rawValue, @Nullable String note, @Nullable String reason) {
        Period period = periods.require(periodId);
        PlanBook book = book(period.planId());
        requireScope(actor, Permission.REPORT_EDIT, book, unitId);
        PlanBook.IndicatorRow indicator = indicatorOf(book, indicatorId);
        if (!indicator.units().stream().anyMatch(u -> u.id() == unitId)) throw new NotFound("指标", indicatorId);
        BigDecimal value = typedValue(indicator, unitId, rawValue);
        Report report = workingReport(actor, period, unitId);
        IndicatorLine line = indicatorLines.find(report.id(), indicatorId)
                .orElseGet(() -> IndicatorLine.blank(report.id(), indicatorId, actor.name(), clock.instant()));
        if (line.version() != expectedVersion) {
            throw conflict(title(indicator), line.value() == null ? "（空）" : ExactDecimal.format(line.value()), line.updatedBy(),
                    line.updatedAt(), rawValue);
        }
        String before = line.value() == null ? "（空）" : ExactDecimal.format(line.value());
        line.record(value, note, reason, actor.name(), clock.instant());
        line = indicatorLines.save(line);
        audit.record(actor, Event.success("REPORT_VALUE_SAVED", "report", report.id(), book.plan().id(),
                period.label() + "「" + title(indicator) + "」：" + before + " → " + (value == null ? "（空）" : ExactDecimal.format(value))));
        return new LineSaved(report.id(), report.version(), line.id(), line.version(), checks.findings(report, book));
    }

    /**
     * The value typed for a unit's indicator line, refused as a line save refuses it: not a number, too
     * large, a ledger-bound indicator, or a co-unit's value where the lead unit reports the total. Pure
     * but for reading the indicator's setting; the uploaded form checks its rows with it before saving.
     */
    @Nullable BigDecimal typedValue(PlanBook.IndicatorRow indicator, long unitId, @Nullable String rawValue) {
        IndicatorSetting setting = settings.findByIndicator(indicator.id()).orElseGet(() -> IndicatorSetting.of(indicator.id()));
        BigDecimal value = Validation.parse(title(indicator), rawValue).orElse(null);
        if (setting.ledgerBound() && value != null) {
            throw new BusinessRuleViolation("line.ledger", "「" + title(indicator) + "」的数值由台账统计得出，不能手工填写");
        }
        if (setting.aggregation() == Aggregation.LEAD_REPORTS_TOTAL && !indicator.leadBy(unitId) && value != null) {
            throw new BusinessRuleViolation("line.lead-only", "「" + title(indicator) + "」由牵头单位填报总数，配合单位只填写说明");
        }
        return value;
    }

    /** Saves a unit's update on one task in a period; versions as for indicator lines. */
    public LineSaved saveTaskLine(Actor actor, long periodId, long unitId, long taskId, int expectedVersion,
                                  TaskProgress progress, @Nullable String narrative, @Nullable String reason) {
        Period period = periods.require(periodId);
        PlanBook book = book(period.planId());
        requireScope(actor, Permission.REPORT_EDIT, book, unitId);
        PlanBook.TaskRow task = book.tasks().stream().filter(t -> t.id() == taskId && t.involves(unitId)).findFirst()
                .orElseThrow(() -> new NotFound("任务", taskId));
        Report report = workingReport(actor, period, unitId);
        TaskLine line = taskLines.find(report.id(), taskId)
                .orElseGet(() -> TaskLine.blank(report.id(), taskId, actor.name(), clock.instant()));
        if (line.version() != expectedVersion) {
            throw conflict(taskTitle(task), line.progress().label(), line.updatedBy(), line.updatedAt(), progress.label());
        }
        String before = line.progress().label();
        line.record(progress, narrative, reason, actor.name(), clock.instant());
        line = taskLines.save(line);
        audit.record(actor, Event.success("REPORT_TASK_SAVED", "report", report.id(), book.plan().id(),
                period.label() + "任务「" + taskTitle(task) + "」：" + before + " → " + progress.label()));
        return new LineSaved(report.id(), report.version(), line.id(), line.version(), checks.findings(report, book));
    }

    /**
     * The report the unit works on for the period, locked for this transaction: the newest revision,
     * created on the first save. Refused when it is not editable, or the period is closed (a correction
     * of an approved report is the way into a closed period).
     */
    private Report workingReport(Actor actor, Period period, long unitId) {
        Report latest = reports.findLatest(period.id(), unitId).orElse(null);
        if (latest == null) {
            period.requireOpen();
            try {
                latest = reports.save(Report.open(period.planId(), period.id(), unitId, actor.name(), clock.instant()));
                audit.record(actor, Event.success("REPORT_OPENED", "report", latest.id(), period.planId(),
                        period.label() + "开始填报"));
            } catch (DuplicateKeyException | DbActionExecutionException raced) {
                throw new BusinessRuleViolation("concurrent-change", "同一单位的本期报告刚被他人创建，请刷新后重试");
            }
        }
        Report locked = reports.lock(latest.id()).orElseThrow(() -> new NotFound("进度报告", period.id()));
        locked.requireEditable();
        if (locked.revision() == 1) period.requireOpen();
        return locked;
    }

    /**
     * The title of a line of the unit's report that the actor may edit, checked as a line save checks it
     * (the unit in scope, the indicator or task the unit's); writes nothing. For evidence files.
     */
    String editableLine(Actor actor, long periodId, long unitId, Validation.LineKind kind, long ref) {
        PlanBook book = editableUnit(actor, periodId, unitId);
        if (kind == Validation.LineKind.INDICATOR) {
            PlanBook.IndicatorRow indicator = indicatorOf(book, ref);
            if (indicator.units().stream().noneMatch(u -> u.id() == unitId)) throw new NotFound("指标", ref);
            return title(indicator);
        }
        return book.tasks().stream().filter(t -> t.id() == ref && t.involves(unitId)).findFirst().map(Reporting::taskTitle)
                .orElseThrow(() -> new NotFound("任务", ref));
    }

    /** The plan of the period, once the actor may edit the unit's report in it (else not found or denied); writes nothing. */
    PlanBook editableUnit(Actor actor, long periodId, long unitId) {
        Period period = periods.require(periodId);
        PlanBook book = book(period.planId());
        requireScope(actor, Permission.REPORT_EDIT, book, unitId);
        return book;
    }

    /**
     * The report the unit works on for the period, locked for the caller's transaction and created on
     * first use, after the scope check of a line save; refused as a line save is when it is not editable.
     * For evidence files and the uploaded form, which change a report as typing does.
     */
    Report lockedWorkingReport(Actor actor, long periodId, long unitId) {
        Period period = periods.require(periodId);
        requireScope(actor, Permission.REPORT_EDIT, book(period.planId()), unitId);
        return workingReport(actor, period, unitId);
    }

    private static BusinessRuleViolation conflict(String what, String theirValue, String by, Instant at, @Nullable String mine) {
        return new BusinessRuleViolation("concurrent-change", "该记录已被他人修改：" + by + " 于" + TIME.format(at) + " 将「" + what
                + "」保存为 " + theirValue + "；您的输入（" + (mine == null || mine.isBlank() ? "空" : mine.strip())
                + "）未保存，请核对后重新填写");
    }

    // ------------------------------------------------------------------ workflow

    /** A submission refused by the checks, with every finding that blocks it. */
    public static final class SubmissionRefused extends BusinessRuleViolation {
        private final List<Finding> findings;

        SubmissionRefused(List<Finding> findings) {
            super("report.findings", "报告有" + findings.size() + "处问题需要处理后才能提交：" + findings.stream().limit(3)
                    .map(Finding::message).collect(Collectors.joining("；")) + (findings.size() > 3 ? "……" : ""));
            this.findings = List.copyOf(findings);
        }

        public List<Finding> findings() { return findings; }
    }

    public void submit(Actor actor, long reportId, int expectedVersion) {
        Report report = lockedInScope(actor, Permission.REPORT_EDIT, reportId);
        expect(report.version(), expectedVersion);
        Period period = periods.require(report.periodId());
        if (report.revision() == 1) period.requireOpen();
        if (!report.status().allows(ReportAction.SUBMIT)) throw new ReportStatus.IllegalTransition(report.status(), ReportAction.SUBMIT);
        PlanBook book = book(report.planId());
        List<Finding> blocking = checks.findings(report, book).stream().filter(Finding::blocks).toList();
        if (!blocking.isEmpty()) throw new SubmissionRefused(blocking);
        report.submit(actor.name(), clock.instant());
        reports.save(report);
        audit.record(actor, Event.success("REPORT_SUBMITTED", "report", reportId, report.planId(),
                period.label() + unitName(book, report.unitId()) + "第" + report.revision() + "版提交审核"));
        events.publishEvent(new ReportSubmitted(reportId, report.planId(), report.periodId(), report.unitId(),
                report.revision(), actor.name()));
    }

    public void withdraw(Actor actor, long reportId, int expectedVersion) {
        Report report = lockedInScope(actor, Permission.REPORT_EDIT, reportId);
        expect(report.version(), expectedVersion);
        report.withdraw(actor.name());
        reports.save(report);
        audit.record(actor, Event.success("REPORT_WITHDRAWN", "report", reportId, report.planId(), "撤回提交，回到草稿"));
    }

    /**
     * Approves at the step that is due: the unit head's review of a submission (when the unit has a
     * head), or the coordinator's. Returns the state reached.
     */
    public ReportStatus approve(Actor actor, long reportId, int expectedVersion) {
        Report report = lockedForReview(actor, reportId);
        expect(report.version(), expectedVersion);
        PlanBook book = book(report.planId());
        String event;
        if (unitStep(actor, book, report)) {
            report.approveForUnit(actor.name(), clock.instant());
            event = "REPORT_UNIT_APPROVED";
        } else {
            boolean head = report.submittedBy() != null && unitHeads.hasHeadOtherThan(report.unitId(), report.submittedBy());
            report.approve(actor.name(), clock.instant(), head);
            event = "REPORT_APPROVED";
        }
        reports.save(report);
        audit.record(actor, Event.success(event, "report", reportId, report.planId(),
                periodLabel(report) + unitName(book, report.unitId()) + "第" + report.revision() + "版：" + report.status().label()));
        events.publishEvent(new ReportReviewed(reportId, report.planId(), report.periodId(), report.unitId(), report.revision(),
                report.status(), actor.name(), null));
        return report.status();
    }

    public void returnReport(Actor actor, long reportId, int expectedVersion, String reason) {
        Report report = lockedForReview(actor, reportId);
        expect(report.version(), expectedVersion);
        PlanBook book = book(report.planId());
        if (!unitStep(actor, book, report) && !Access.reaches(actor, Permission.REPORT_APPROVE, book.plan().districtId(),
                List.of(report.unitId()))) {
            throw new AccessDenied("没有权限退回此报告");
        }
        report.returnWith(actor.name(), reason, clock.instant());
        reports.save(report);
        audit.record(actor, Event.success("REPORT_RETURNED", "report", reportId, report.planId(),
                periodLabel(report) + unitName(book, report.unitId()) + "第" + report.revision() + "版退回：" + report.returnReason()));
        events.publishEvent(new ReportReviewed(reportId, report.planId(), report.periodId(), report.unitId(), report.revision(),
                report.status(), actor.name(), report.returnReason()));
    }

    /** Whether the actor acts as the unit head here: a head of this unit, and the report awaits the unit's review. */
    private boolean unitStep(Actor actor, PlanBook book, Report report) {
        return report.status() == ReportStatus.SUBMITTED
                && Access.reaches(actor, Permission.REPORT_REVIEW_UNIT, book.plan().districtId(), List.of(report.unitId()))
                && actor.roles().stream().anyMatch(r -> r.isUnitScoped() && Access.decision(r, Permission.REPORT_REVIEW_UNIT)
                != Access.Decision.DENY);
    }

    /**
     * Opens a correction of an approved report: the next revision as a draft with the reason, its lines
     * and evidence copied; the approved revision keeps counting until the correction is approved.
     */
    public long correct(Actor actor, long reportId, String reason) {
        Report approved = lockedInScope(actor, Permission.REPORT_EDIT, reportId);
        Report latest = reports.findLatest(approved.periodId(), approved.unitId()).orElseThrow();
        if (latest.revision() != approved.revision()) {
            throw new BusinessRuleViolation("report.correction", "已有第" + latest.revision() + "版（" + latest.status().label()
                    + "），请在其中修改");
        }
        Report next = reports.save(approved.correction(actor.name(), reason, clock.instant()));
        Instant now = clock.instant();
        indicatorLines.findAllOfReport(reportId).forEach(l -> indicatorLines.save(l.copyTo(next.id(), actor.name(), now)));
        taskLines.findAllOfReport(reportId).forEach(l -> taskLines.save(l.copyTo(next.id(), actor.name(), now)));
        jdbc.sql("""
                insert into reporting_evidence (report_id, indicator_id, task_id, file_name, content_type, size_bytes, sha256,
                                                storage_key, uploaded_by, uploaded_at)
                select :next, indicator_id, task_id, file_name, content_type, size_bytes, sha256, storage_key, uploaded_by, uploaded_at
                  from reporting_evidence where report_id = :old order by id
                """).param("next", next.id()).param("old", reportId).update();
        audit.record(actor, Event.success("REPORT_CORRECTION_OPENED", "report", next.id(), next.planId(),
                periodLabel(next) + "第" + next.revision() + "版更正：" + next.correctionReason()));
        return next.id();
    }

    /** The outcome of one report in a bulk approval. */
    public record BulkOutcome(long reportId, boolean approved, @Nullable ReportStatus status, @Nullable String message) {}

    /**
     * Approves each report on its own (one failing does not hold back the others); the versions are the
     * ones the reviewer saw in the inbox.
     */
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.NOT_SUPPORTED)
    public List<BulkOutcome> approveAll(Actor actor, Map<Long, Integer> versions) {
        List<BulkOutcome> outcomes = new ArrayList<>();
        versions.forEach((id, version) -> {
            try {
                ReportStatus status = eachAlone.execute(s -> approve(actor, id, version));
                outcomes.add(new BulkOutcome(id, true, status, null));
            } catch (BusinessRuleViolation | AccessDenied | NotFound | org.springframework.dao.OptimisticLockingFailureException e) {
                outcomes.add(new BulkOutcome(id, false, null, e.getMessage()));
            }
        });
        return outcomes;
    }

    // ------------------------------------------------------------------ merging units

    /**
     * The merged unit's reports and sub-targets move to the unit that stays. Refused (and so the merge
     * with it) when both units reported for the same period: two reports cannot silently become one.
     */
    @EventListener
    void on(UnitsMerged merged) {
        List<Report> moving = reports.findAllOfUnit(merged.from());
        for (Report report : moving) {
            if (reports.findLatest(report.periodId(), merged.into()).isPresent()) {
                throw new BusinessRuleViolation("unit.merge.reports", "两个单位在同一期都有进度报告，不能合并；请先核对两份报告");
            }
        }
        for (Report report : moving) {
            report.moveTo(merged.into());
            reports.save(report);
        }
        for (UnitTarget target : unitTargets.findAllOfUnit(merged.from())) {
            if (unitTargets.find(target.indicatorId(), merged.into()).isPresent()) {
                unitTargets.delete(target);
            } else {
                target.moveTo(merged.into());
                unitTargets.save(target);
            }
        }
    }

    // ------------------------------------------------------------------ scope

    PlanBook book(long planId) {
        return plans.book(Actor.system(), planId);
    }

    private PlanBook.Header configurable(Actor actor, long planId) {
        Access.require(actor, Permission.REPORTING_CONFIGURE);
        PlanBook book = book(planId);
        if (!Access.reachesDistrict(actor, Permission.REPORTING_CONFIGURE, book.plan().districtId())) {
            throw refusals.hidden(actor, "任务书", planId);
        }
        return book.plan();
    }

    /** The unit must be one of the plan's, and in the actor's scope for the permission (else not found). */
    private void requireScope(Actor actor, Permission permission, PlanBook book, long unitId) {
        Access.require(actor, permission);
        if (book.units().stream().noneMatch(u -> u.id() == unitId)) throw new NotFound("单位", unitId);
        if (!Access.reaches(actor, permission, book.plan().districtId(), List.of(unitId))) {
            throw refusals.hidden(actor, "进度报告", book.plan().id() + "/" + unitId);
        }
    }

    private Report lockedInScope(Actor actor, Permission permission, long reportId) {
        Access.require(actor, permission);
        Report report = reports.require(reportId);
        PlanBook book = book(report.planId());
        if (!Access.reaches(actor, permission, book.plan().districtId(), List.of(report.unitId()))) {
            throw refusals.hidden(actor, "进度报告", reportId);
        }
        return reports.lock(reportId).orElseThrow(() -> new NotFound("进度报告", reportId));
    }

    private Report lockedForReview(Actor actor, long reportId) {
        if (!Access.permits(actor, Permission.REPORT_APPROVE) && !Access.permits(actor, Permission.REPORT_REVIEW_UNIT)) {
            throw new AccessDenied("没有审核权限");
        }
        Report report = reports.require(reportId);
        PlanBook book = book(report.planId());
        List<Long> unit = List.of(report.unitId());
        if (!Access.reaches(actor, Permission.REPORT_APPROVE, book.plan().districtId(), unit)
                && !Access.reaches(actor, Permission.REPORT_REVIEW_UNIT, book.plan().districtId(), unit)) {
            throw refusals.hidden(actor, "进度报告", reportId);
        }
        Report locked = reports.lock(reportId).orElseThrow(() -> new NotFound("进度报告", reportId));
        if (!Access.reaches(actor, Permission.REPORT_APPROVE, book.plan().districtId(), unit)
                && locked.status() != ReportStatus.SUBMITTED) {
            // a unit head whose step is done: the report is with the coordinator now
            throw new ReportStatus.IllegalTransition(locked.status(), ReportAction.UNIT_APPROVE);
        }
        return locked;
    }

    private static void expect(int actual, int expected) {
        if (actual != expected) {
            throw new BusinessRuleViolation("concurrent-change", "该记录已被他人修改，请刷新后重试");
        }
    }

    // ------------------------------------------------------------------ names

    static PlanBook.IndicatorRow indicatorOf(PlanBook book, long indicatorId) {
        return book.indicators().stream().filter(i -> i.id() == indicatorId).findFirst()
                .orElseThrow(() -> new NotFound("指标", indicatorId));
    }

    /** "13.组织四川省农村学生到本市就读职业院校数", as the official table prints it. */
    static String title(PlanBook.IndicatorRow indicator) {
        return (indicator.code() == null ? "" : indicator.code() + ".") + indicator.name();
    }

    /** "区教育局第1条：开展教师交流培训…" */
    static String taskTitle(PlanBook.TaskRow task) {
        String text = task.text().length() > 20 ? task.text().substring(0, 20) + "…" : task.text();
        return task.lead().name() + "第" + task.seq() + "条：" + text;
    }

    private static String unitName(PlanBook book, long unitId) {
        return book.units().stream().filter(u -> u.id() == unitId).map(PlanBook.UnitRow::name).findFirst().orElse("单位" + unitId);
    }

    private String periodLabel(Report report) {
        return periods.findById(report.periodId()).map(Period::label).orElse("");
    }
}
