package org.xiezuo.reporting;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.xiezuo.audit.Refusals;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.reporting.Validation.Finding;
import org.xiezuo.security.UnitHeads;
import org.xiezuo.shared.Access;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.ExactDecimal;
import org.xiezuo.shared.NotFound;
import org.xiezuo.shared.Permission;

/**
 * What the reporting pages and the API show, as the actor may see it: the plan's periods and who has
 * reported, one unit's report sheet for a period, a report's revisions, the reviewer's inbox, and the
 * plan-level actual of each indicator from approved figures. Reads only.
 */
@Component
@Transactional(readOnly = true)
public class ReportingQueries {

    /** The newest revision of every report of a plan. */
    private static final String NEWEST_REVISIONS = """
            select r.id, r.version, r.period_id, r.unit_id, r.revision, r.status, r.correction_reason, r.return_reason,
                   r.created_by, r.created_at, r.submitted_by, r.submitted_at, r.unit_approved_by, r.unit_approved_at,
                   r.approved_by, r.approved_at, r.returned_by, r.returned_at
              from reporting_report r
             where r.plan_id = :plan
               and r.revision = (select max(x.revision) from reporting_report x
                                  where x.period_id = r.period_id and x.unit_id = r.unit_id)
            """;

    private final ReportingCycles cycles;
    private final Periods periods;
    private final Reports reports;
    private final IndicatorLines indicatorLines;
    private final TaskLines taskLines;
    private final Rules rules;
    private final IndicatorSettings settings;
    private final UnitTargets unitTargets;
    private final ReportChecks checks;
    private final PlanQueries plans;
    private final UnitHeads unitHeads;
    private final Refusals refusals;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final DerivedValues derived;

    ReportingQueries(ReportingCycles cycles, Periods periods, Reports reports, IndicatorLines indicatorLines,
                     TaskLines taskLines, Rules rules, IndicatorSettings settings, UnitTargets unitTargets,
                     ReportChecks checks, PlanQueries plans, UnitHeads unitHeads, Refusals refusals, JdbcClient jdbc,
                     Clock clock, org.springframework.beans.factory.ObjectProvider<DerivedValues> derived) {
        this.cycles = cycles;
        this.periods = periods;
        this.reports = reports;
        this.indicatorLines = indicatorLines;
        this.taskLines = taskLines;
        this.rules = rules;
        this.settings = settings;
        this.unitTargets = unitTargets;
        this.checks = checks;
        this.plans = plans;
        this.unitHeads = unitHeads;
        this.refusals = refusals;
        this.jdbc = jdbc;
        this.clock = clock;
        this.derived = derived.getIfAvailable(() -> DerivedValues.NONE);
    }

    // ------------------------------------------------------------------ views

    /** A period as lists show it, with whether it is overdue now. */
    public record PeriodRow(long id, int version, int seq, String label, LocalDate startsOn, LocalDate endsOn,
                            LocalDate deadline, PeriodStatus status, boolean backfill, boolean overdue) {
        static PeriodRow of(Period p, Instant now) {
            return new PeriodRow(p.id(), p.version(), p.seq(), p.label(), p.startsOn(), p.endsOn(), p.deadline(), p.status(),
                    p.backfill(), p.overdueAt(now));
        }
    }

    /** One revision of a unit's report for a period, with who did what when. */
    public record ReportSummary(long id, int version, long planId, long periodId, String periodLabel, long unitId,
                                String unitName, int revision, ReportStatus status, @Nullable String correctionReason,
                                @Nullable String returnReason, String createdBy, Instant createdAt,
                                @Nullable String submittedBy, @Nullable Instant submittedAt,
                                @Nullable String unitApprovedBy, @Nullable Instant unitApprovedAt,
                                @Nullable String approvedBy, @Nullable Instant approvedAt,
                                @Nullable String returnedBy, @Nullable Instant returnedAt) {}

    /** An evidence file as listed next to its line. */
    public record EvidenceRef(long id, String fileName, long size, String uploadedBy, Instant uploadedAt) {}

    /** A unit's line for one indicator, with what the form needs around it. */
    public record IndicatorEntry(PlanBook.IndicatorRow indicator, boolean lead, Aggregation aggregation, boolean ledgerBound,
                                 boolean valueInput, @Nullable BigDecimal unitTarget, @Nullable BigDecimal previousApproved,
                                 @Nullable BigDecimal value, @Nullable String note, @Nullable String reason, int lineVersion,
                                 List<EvidenceRef> evidence, List<Finding> findings) {
        public String title() { return Reporting.title(indicator); }

        public @Nullable String valueText() { return value == null ? null : ExactDecimal.format(value); }
    }

    /** A unit's update on one task, with its previous approved progress. */
    public record TaskEntry(PlanBook.TaskRow task, @Nullable TaskProgress previousProgress, TaskProgress progress,
                            @Nullable String narrative, @Nullable String reason, int lineVersion, List<EvidenceRef> evidence,
                            List<Finding> findings) {
        public String title() { return Reporting.taskTitle(task); }
    }

    /**
     * One unit's report for a period as the data-entry and review pages show it: the revision shown (the
     * newest unless asked otherwise), its lines in the official order with the previous approved values,
     * all findings, every revision, and whether the actor may edit it now.
     */
    public record Sheet(PlanBook.Header plan, PeriodRow period, PlanBook.UnitRef unit, @Nullable ReportSummary report,
                        boolean editable, List<IndicatorEntry> indicators, List<TaskEntry> tasks, List<Finding> findings,
                        List<ReportSummary> revisions, @Nullable ReportSummary counting) {
        public boolean blocked() { return findings.stream().anyMatch(Finding::blocks); }
    }

    /** A plan's periods and, per period, how far each unit has come (null: nothing reported yet). */
    public record Overview(PlanBook.Header plan, @Nullable Cadence cadence, int deadlineDays, List<PeriodRow> periods,
                           List<PlanBook.UnitRef> units, Map<Long, Map<Long, ReportSummary>> latest) {
        public @Nullable ReportSummary cell(long periodId, long unitId) {
            return latest.getOrDefault(periodId, Map.of()).get(unitId);
        }
    }

    /** A report waiting for this reviewer. */
    public record InboxRow(ReportSummary report, String planTitle, boolean overdue) {}

    /** A page of results; {@code number} counts from 0. */
    public record Page<T>(List<T> items, int number, int size, long total) {
        public int pages() { return (int) Math.max(1, (total + size - 1) / size); }

        public boolean hasPrevious() { return number > 0; }

        public boolean hasNext() { return number + 1 < pages(); }
    }

    /** One unit's approved cumulative value for an indicator, and the period it comes from. */
    public record Contribution(long unitId, String unitName, BigDecimal value, String periodLabel) {}

    /** The plan-level actual of an indicator from approved figures, with the contributions it adds up. */
    public record Actual(long indicatorId, @Nullable BigDecimal value, Aggregation aggregation, List<Contribution> contributions,
                         boolean fromLedger) {}

    /** A rule as the plan has it. */
    public record RuleView(RuleKind kind, Severity severity, @Nullable BigDecimal parameter, boolean enabled) {}

    /** An indicator's reporting setting and the units' sub-targets. */
    public record IndicatorReporting(PlanBook.IndicatorRow indicator, Aggregation aggregation, boolean ledgerBound,
                                     Map<Long, BigDecimal> unitTargets) {
        public String title() { return Reporting.title(indicator); }
    }

    // ------------------------------------------------------------------ queries

    public Overview overview(Actor actor, long planId) {
        PlanBook book = readable(actor, planId);
        Instant now = clock.instant();
        List<PeriodRow> rows = periods.findAllOfPlan(planId).stream().map(p -> PeriodRow.of(p, now)).toList();
        Map<Long, String> labels = rows.stream().collect(Collectors.toMap(PeriodRow::id, PeriodRow::label));
        Map<Long, String> unitNames = new HashMap<>();
        book.units().forEach(u -> unitNames.put(u.id(), u.name()));
        Map<Long, Map<Long, ReportSummary>> latest = new HashMap<>();
        // the newest revision per period and unit, read as plain rows: the dashboards ask for this on every
        // page, and mapping every revision of the plan as an aggregate cost a fifth of the page's CPU
        jdbc.sql(NEWEST_REVISIONS).param("plan", planId).query((rs, n) -> {
            long unitId = rs.getLong("unit_id");
            long periodId = rs.getLong("period_id");
            return new ReportSummary(rs.getLong("id"), rs.getInt("version"), planId, periodId,
                    labels.getOrDefault(periodId, ""), unitId, unitNames.getOrDefault(unitId, "单位" + unitId),
                    rs.getInt("revision"), ReportStatus.valueOf(rs.getString("status")), rs.getString("correction_reason"),
                    rs.getString("return_reason"), rs.getString("created_by"), instant(rs, "created_at"),
                    rs.getString("submitted_by"), instant(rs, "submitted_at"), rs.getString("unit_approved_by"),
                    instant(rs, "unit_approved_at"), rs.getString("approved_by"), instant(rs, "approved_at"),
                    rs.getString("returned_by"), instant(rs, "returned_at"));
        }).list().forEach(summary -> {
            if (visibleUnit(actor, book, summary.unitId())) {
                latest.computeIfAbsent(summary.periodId(), k -> new HashMap<>()).put(summary.unitId(), summary);
            }
        });
        List<PlanBook.UnitRef> units = book.units().stream().filter(u -> visibleUnit(actor, book, u.id()))
                .map(u -> new PlanBook.UnitRef(u.id(), u.name())).toList();
        Optional<ReportingCycle> cycle = cycles.findByPlan(planId);
        return new Overview(book.plan(), cycle.map(ReportingCycle::cadence).orElse(null),
                cycle.map(ReportingCycle::deadlineDays).orElse(ReportingCycle.DEFAULT_DEADLINE_DAYS), rows, units, latest);
    }

    public List<PeriodRow> periods(Actor actor, long planId) {
        readable(actor, planId);
        return periodsOfPlan(planId);
    }

    /** The plan's periods, for a caller that has checked access to the plan itself. */
    public List<PeriodRow> periodsOfPlan(long planId) {
        Instant now = clock.instant();
        return periods.findAllOfPlan(planId).stream().map(p -> PeriodRow.of(p, now)).toList();
    }

    /** The period that contains today (China time), or the last one when the year is over. */
    public Optional<PeriodRow> currentPeriod(Actor actor, long planId) {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, Period.ZONE);
        List<PeriodRow> all = periods(actor, planId);
        return all.stream().filter(p -> !today.isBefore(p.startsOn()) && !today.isAfter(p.endsOn())).findFirst()
                .or(() -> all.stream().filter(p -> p.endsOn().isBefore(today)).reduce((a, b) -> b))
                .or(() -> all.stream().findFirst());
    }

    /** The unit's sheet for the period: the newest revision (or an empty one before the first save). */
    public Sheet sheet(Actor actor, long periodId, long unitId) {
        Period period = periods.require(periodId);
        PlanBook book = plans.book(Actor.system(), period.planId());
        requireReadable(actor, book, unitId, periodId + "/" + unitId);
        Report report = reports.findLatest(periodId, unitId).orElse(null);
        return sheetOf(actor, book, period, unitId, report);
    }

    /** One revision of a report, as the review page and the history show it. */
    public Sheet report(Actor actor, long reportId) {
        Report report = reports.require(reportId);
        PlanBook book = plans.book(Actor.system(), report.planId());
        requireReadable(actor, book, report.unitId(), reportId);
        return sheetOf(actor, book, periods.require(report.periodId()), report.unitId(), report);
    }

    private Sheet sheetOf(Actor actor, PlanBook book, Period period, long unitId, @Nullable Report report) {
        PlanBook.UnitRow unitRow = book.units().stream().filter(u -> u.id() == unitId).findFirst()
                .orElseThrow(() -> new NotFound("单位", unitId));
        Map<Long, String> labels = Map.of(period.id(), period.label());
        List<PlanBook.IndicatorRow> own = book.indicators().stream().filter(i -> i.units().stream().anyMatch(u -> u.id() == unitId))
                .toList();
        List<Long> ownIds = own.stream().map(PlanBook.IndicatorRow::id).toList();
        Map<Long, IndicatorSetting> settingOf = ownIds.isEmpty() ? Map.of() : settings.findByIndicators(ownIds).stream()
                .collect(Collectors.toMap(IndicatorSetting::indicatorId, s -> s));
        Map<Long, BigDecimal> subTargets = ownIds.isEmpty() ? Map.of() : unitTargets.findByIndicators(ownIds).stream()
                .filter(t -> t.unitId() == unitId).collect(Collectors.toMap(UnitTarget::indicatorId, UnitTarget::target));
        Map<Long, BigDecimal> previous = report == null ? checks.previousApproved(book.plan().id(), unitId, period.seq()) : checks.previousApproved(report);
        Map<Long, IndicatorLine> lines = report == null ? Map.of() : indicatorLines.findAllOfReport(report.id()).stream()
                .collect(Collectors.toMap(IndicatorLine::indicatorId, l -> l));
        Map<Long, TaskLine> updates = report == null ? Map.of() : taskLines.findAllOfReport(report.id()).stream()
                .collect(Collectors.toMap(TaskLine::taskId, l -> l));
        List<EvidenceRow> evidence = report == null ? List.of() : evidence(report.id());
        List<Finding> findings = report == null ? List.of() : checks.findings(report, book);
        Map<Long, TaskProgress> previousProgress = previousProgress(book.plan().id(), period.seq(), unitId);

        LocalDate today = LocalDate.now(clock.withZone(Period.ZONE));
        Map<Long, BigDecimal> fromLedger = settingOf.values().stream().anyMatch(IndicatorSetting::ledgerBound)
                ? derived.asOf(book.plan().id(), period.endsOn().isBefore(today) ? period.endsOn() : today) : Map.of();
        List<IndicatorEntry> indicators = new ArrayList<>();
        for (PlanBook.IndicatorRow i : own) {
            IndicatorSetting setting = settingOf.getOrDefault(i.id(), IndicatorSetting.of(i.id()));
            boolean lead = i.leadBy(unitId);
            boolean valueInput = !setting.ledgerBound() && (setting.aggregation() == Aggregation.SUM_OF_UNITS || lead);
            IndicatorLine line = lines.get(i.id());
            indicators.add(new IndicatorEntry(i, lead, setting.aggregation(), setting.ledgerBound(), valueInput,
                    subTargets.get(i.id()), previous.get(i.id()),
                    setting.ledgerBound() ? fromLedger.get(i.id()) : line == null ? null : line.value(),
                    line == null ? null : line.note(), line == null ? null : line.reason(), line == null ? 0 : line.version(),
                    evidence.stream().filter(e -> Long.valueOf(i.id()).equals(e.indicatorId())).map(EvidenceRow::ref).toList(),
                    findings.stream().filter(f -> f.kind() == Validation.LineKind.INDICATOR && f.ref() == i.id()).toList()));
        }
        List<TaskEntry> tasks = new ArrayList<>();
        for (PlanBook.TaskRow t : book.tasks()) {
            if (!t.involves(unitId)) continue;
            TaskLine line = updates.get(t.id());
            tasks.add(new TaskEntry(t, previousProgress.get(t.id()), line == null ? TaskProgress.NOT_STARTED : line.progress(),
                    line == null ? null : line.narrative(), line == null ? null : line.reason(), line == null ? 0 : line.version(),
                    evidence.stream().filter(e -> Long.valueOf(t.id()).equals(e.taskId())).map(EvidenceRow::ref).toList(),
                    findings.stream().filter(f -> f.kind() == Validation.LineKind.TASK && f.ref() == t.id()).toList()));
        }
        List<ReportSummary> revisions = reports.findRevisions(period.id(), unitId).stream()
                .map(r -> summary(r, labels, book)).toList();
        ReportSummary counting = revisions.stream().filter(r -> r.status() == ReportStatus.APPROVED)
                .max(Comparator.comparingInt(ReportSummary::revision)).orElse(null);
        boolean latest = report == null || revisions.isEmpty() || revisions.get(revisions.size() - 1).id() == report.id();
        boolean mayEdit = Access.reaches(actor, Permission.REPORT_EDIT, book.plan().districtId(), List.of(unitId));
        boolean editable = mayEdit && latest && (report == null ? period.status() == PeriodStatus.OPEN
                : report.status().editable() && (report.revision() > 1 || period.status() == PeriodStatus.OPEN));
        return new Sheet(book.plan(), PeriodRow.of(period, clock.instant()), new PlanBook.UnitRef(unitId, unitRow.name()),
                report == null ? null : summary(report, labels, book), editable, indicators, tasks, findings, revisions, counting);
    }

    private Map<Long, TaskProgress> previousProgress(long planId, int seq, long unitId) {
        Map<Long, TaskProgress> progress = new HashMap<>();
        jdbc.sql("""
                select l.task_id, l.progress
                  from reporting_task_line l
                  join reporting_report r on r.id = l.report_id
                  join reporting_period p on p.id = r.period_id
                 where r.unit_id = :unit and r.plan_id = :plan and r.status = 'APPROVED' and p.seq < :seq
                 order by p.seq, r.revision
                """).param("unit", unitId).param("plan", planId).param("seq", seq)
                .query(rs -> {
                    progress.put(rs.getLong(1), TaskProgress.valueOf(rs.getString(2)));
                });
        return progress;
    }

    record EvidenceRow(long id, @Nullable Long indicatorId, @Nullable Long taskId, EvidenceRef ref) {}

    private List<EvidenceRow> evidence(long reportId) {
        return jdbc.sql("""
                select id, indicator_id, task_id, file_name, size_bytes, uploaded_by, uploaded_at
                  from reporting_evidence where report_id = :r order by id
                """).param("r", reportId)
                .query((rs, n) -> new EvidenceRow(rs.getLong("id"), (Long) rs.getObject("indicator_id", Long.class),
                        (Long) rs.getObject("task_id", Long.class), new EvidenceRef(rs.getLong("id"), rs.getString("file_name"),
                        rs.getLong("size_bytes"), rs.getString("uploaded_by"),
                        rs.getObject("uploaded_at", java.time.OffsetDateTime.class).toInstant())))
                .list();
    }

    /**
     * The reports waiting for this actor's review, oldest submission first: for a unit head the
     * submissions of its units; for the coordinator those its unit heads approved and those of units
     * without a head. Never one's own submission.
     */
    public Page<InboxRow> inbox(Actor actor, @Nullable Long planId, @Nullable Long periodId, @Nullable Long unitId,
                                int page, int size) {
        boolean unitHead = Access.permits(actor, Permission.REPORT_REVIEW_UNIT);
        boolean coordinator = Access.permits(actor, Permission.REPORT_APPROVE);
        if (!unitHead && !coordinator) throw new org.xiezuo.shared.AccessDenied("没有审核权限");
        Optional<Set<Long>> districts = Access.visibleDistricts(actor, Permission.REPORT_READ);
        List<Long> scope = districts.map(List::copyOf).orElse(List.of(-1L));
        List<Long> ids = jdbc.sql("""
                select r.id from reporting_report r join plan p on p.id = r.plan_id
                 where r.status in ('SUBMITTED', 'UNIT_APPROVED') and (:all or p.district_id in (:scope))
                 order by r.submitted_at, r.id
                """).param("all", districts.isEmpty()).param("scope", scope.isEmpty() ? List.of(-1L) : scope)
                .query(Long.class).list();
        Map<Long, Report> byId = new HashMap<>();
        reports.findAllById(ids).forEach(r -> byId.put(r.id(), r)); // one statement, not one per waiting report
        List<Report> waiting = ids.stream().map(byId::get).filter(java.util.Objects::nonNull).toList();
        Map<Long, Set<String>> heads = headsFor(coordinator, waiting.stream()
                .filter(r -> r.status() == ReportStatus.SUBMITTED).map(Report::unitId).toList());
        Map<Long, PlanBook> books = new HashMap<>();
        Map<Long, Map<Long, Period>> planPeriods = new HashMap<>();
        List<InboxRow> rows = new ArrayList<>();
        Instant now = clock.instant();
        for (Report report : waiting) {
            if (planId != null && report.planId() != planId) continue;
            if (periodId != null && report.periodId() != periodId) continue;
            if (unitId != null && report.unitId() != unitId) continue;
            if (actor.name().equals(report.submittedBy())) continue;
            PlanBook book = books.computeIfAbsent(report.planId(), id -> plans.book(Actor.system(), id));
            if (!awaits(actor, unitHead, coordinator, book.plan().districtId(), report.unitId(), report.status(),
                    report.submittedBy(), heads)) {
                continue;
            }
            Map<Long, Period> ofPlan = planPeriods.computeIfAbsent(report.planId(), id -> periods.findAllOfPlan(id).stream()
                    .collect(Collectors.toMap(Period::id, p -> p)));
            Period period = ofPlan.containsKey(report.periodId()) ? ofPlan.get(report.periodId()) : periods.require(report.periodId());
            Map<Long, String> periodLabels = Map.of(period.id(), period.label());
            rows.add(new InboxRow(summary(report, periodLabels, book), book.plan().title(), period.overdueAt(now)));
        }
        int safeSize = Math.max(1, Math.min(size, 200));
        int safePage = Math.max(0, page);
        List<InboxRow> items = rows.stream().skip((long) safePage * safeSize).limit(safeSize).toList();
        return new Page<>(items, safePage, safeSize, rows.size());
    }

    /**
     * How many reports {@link #inbox} would list for this actor, without loading them: cheap enough for
     * the menu on every page. Zero for an actor who reviews nothing.
     */
    @Transactional(propagation = Propagation.SUPPORTS, readOnly = true) // on every page: no transaction of its own
    public long countInbox(Actor actor) {
        boolean unitHead = Access.permits(actor, Permission.REPORT_REVIEW_UNIT);
        boolean coordinator = Access.permits(actor, Permission.REPORT_APPROVE);
        if (!unitHead && !coordinator) return 0;
        Optional<Set<Long>> districts = Access.visibleDistricts(actor, Permission.REPORT_READ);
        List<Long> scope = districts.map(List::copyOf).orElse(List.of(-1L));
        record Waiting(long unitId, ReportStatus status, @Nullable String submittedBy, long districtId) {}
        List<Waiting> waiting = jdbc.sql("""
                select r.unit_id, r.status, r.submitted_by, p.district_id
                  from reporting_report r join plan p on p.id = r.plan_id
                 where r.status in ('SUBMITTED', 'UNIT_APPROVED') and (:all or p.district_id in (:scope))
                """).param("all", districts.isEmpty()).param("scope", scope.isEmpty() ? List.of(-1L) : scope)
                .query((rs, n) -> new Waiting(rs.getLong(1), ReportStatus.valueOf(rs.getString(2)), rs.getString(3),
                        rs.getLong(4)))
                .list().stream()
                .filter(w -> !actor.name().equals(w.submittedBy()))
                .toList();
        Map<Long, Set<String>> heads = headsFor(coordinator, waiting.stream()
                .filter(w -> w.status() == ReportStatus.SUBMITTED).map(Waiting::unitId).toList());
        return waiting.stream()
                .filter(w -> awaits(actor, unitHead, coordinator, w.districtId(), w.unitId(), w.status(), w.submittedBy(), heads))
                .count();
    }

    /** The heads of the units whose submissions the coordinator might review: only the coordinator needs them. */
    private Map<Long, Set<String>> headsFor(boolean coordinator, List<Long> units) {
        return coordinator ? unitHeads.headsOf(units) : Map.of();
    }

    /**
     * Whether a waiting report is this actor's to review now: the unit head's step for a submission of its
     * unit, or the coordinator's for what the unit head approved and for units without another head.
     */
    private boolean awaits(Actor actor, boolean unitHead, boolean coordinator, long district, long unitId,
                           ReportStatus status, @Nullable String submittedBy, Map<Long, Set<String>> heads) {
        List<Long> unit = List.of(unitId);
        boolean headStep = unitHead && status == ReportStatus.SUBMITTED
                && actor.roles().stream().anyMatch(org.xiezuo.shared.Role::isUnitScoped)
                && Access.reaches(actor, Permission.REPORT_REVIEW_UNIT, district, unit);
        return headStep || coordinator && Access.reaches(actor, Permission.REPORT_APPROVE, district, unit)
                && (status == ReportStatus.UNIT_APPROVED || submittedBy != null && !UnitHeads.hasHeadOtherThan(heads, unitId, submittedBy));
    }

    /**
     * The plan-level actual of every indicator from approved figures: per unit its newest approved
     * cumulative value (the counting revision of the latest period it reported), added up over the
     * responsible units, or the lead unit's alone where the lead reports the total.
     */
    public Map<Long, Actual> actuals(Actor actor, long planId) {
        return actuals(readable(actor, planId), null, null, true);
    }

    /**
     * The same as of a business date, for the ledger module's and the assessment's use: approved
     * figures of periods ending on or before {@code asOf}, ledger-derived values as of that date. The
     * caller has checked that the actor may read the plan.
     */
    public Map<Long, Actual> actualsAsOf(long planId, LocalDate asOf) {
        return actuals(plans.book(Actor.system(), planId), asOf, null, true);
    }

    /**
     * As {@link #actualsAsOf(long, LocalDate)}, limited to what was known before {@code knownBefore}
     * (reports approved and ledger records entered before it; null: everything), and without the
     * ledger-derived values when {@code withLedger} is false (their actual is then null) — the
     * assessment's indicator page wants the units' contributions without rescanning ledgers.
     */
    public Map<Long, Actual> actualsAsOf(long planId, LocalDate asOf, @Nullable Instant knownBefore, boolean withLedger) {
        return actuals(plans.book(Actor.system(), planId), asOf, knownBefore, withLedger);
    }

    /** With {@code asOf} null: every approved figure so far, and ledger values as of today. */
    private Map<Long, Actual> actuals(PlanBook book, @Nullable LocalDate asOf, @Nullable Instant knownBefore, boolean withLedger) {
        long planId = book.plan().id();
        Map<Long, Map<Long, Contribution>> byIndicator = new HashMap<>();
        Map<Long, String> unitNames = book.units().stream().collect(Collectors.toMap(PlanBook.UnitRow::id, PlanBook.UnitRow::name));
        jdbc.sql("""
                select l.indicator_id, r.unit_id, l.line_value, p.label
                  from reporting_indicator_line l
                  join reporting_report r on r.id = l.report_id
                  join reporting_period p on p.id = r.period_id
                 where r.plan_id = :plan and r.status = 'APPROVED' and l.line_value is not null and p.ends_on <= :asof
                   and r.approved_at < :known
                 order by p.seq, r.revision
                """).param("plan", planId).param("asof", java.sql.Date.valueOf(asOf != null ? asOf : LocalDate.of(9999, 12, 31)))
                .param("known", java.sql.Timestamp.from(knownBefore != null ? knownBefore : FAR_FUTURE)).query(rs -> {
                    long unit = rs.getLong(2);
                    byIndicator.computeIfAbsent(rs.getLong(1), k -> new LinkedHashMap<>()).put(unit, new Contribution(unit,
                            unitNames.getOrDefault(unit, "单位" + unit), ExactDecimal.normalise(rs.getBigDecimal(3)), rs.getString(4)));
                });
        List<Long> ids = book.indicators().stream().map(PlanBook.IndicatorRow::id).toList();
        Map<Long, IndicatorSetting> settingOf = ids.isEmpty() ? Map.of() : settings.findByIndicators(ids).stream()
                .collect(Collectors.toMap(IndicatorSetting::indicatorId, s -> s));
        Map<Long, Actual> actuals = new LinkedHashMap<>();
        boolean anyBound = settingOf.values().stream().anyMatch(IndicatorSetting::ledgerBound);
        Map<Long, BigDecimal> fromLedger = !withLedger || !anyBound ? Map.of()
                : derived.asOf(planId, asOf != null ? asOf : LocalDate.now(clock.withZone(Period.ZONE)), knownBefore);
        for (PlanBook.IndicatorRow indicator : book.indicators()) {
            IndicatorSetting setting = settingOf.getOrDefault(indicator.id(), IndicatorSetting.of(indicator.id()));
            Aggregation aggregation = setting.aggregation();
            if (setting.ledgerBound()) {
                BigDecimal value = fromLedger.get(indicator.id());
                actuals.put(indicator.id(), new Actual(indicator.id(), value == null ? null : ExactDecimal.normalise(value),
                        aggregation, List.of(), true));
                continue;
            }
            List<Contribution> parts = new ArrayList<>(byIndicator.getOrDefault(indicator.id(), Map.of()).values());
            if (aggregation == Aggregation.LEAD_REPORTS_TOTAL) {
                parts.removeIf(c -> !indicator.leadBy(c.unitId()));
            }
            BigDecimal value = parts.isEmpty() ? null
                    : ExactDecimal.normalise(parts.stream().map(Contribution::value).reduce(BigDecimal.ZERO, BigDecimal::add));
            actuals.put(indicator.id(), new Actual(indicator.id(), value, aggregation, parts, false));
        }
        return actuals;
    }

    private static final Instant FAR_FUTURE = Instant.parse("9999-12-31T00:00:00Z");

    /** A unit's latest approved update on a task: progress, narrative and the period it is from. */
    public record TaskStatus(long taskId, TaskProgress progress, @Nullable String narrative, String periodLabel) {}

    /**
     * Task id → the unit's latest approved update for a period ending on or before {@code asOf}, for the
     * assessment's unit page. The caller has checked that the actor may read the unit's reports.
     */
    public Map<Long, TaskStatus> latestTaskStatus(long planId, long unitId, LocalDate asOf) {
        Map<Long, TaskStatus> latest = new HashMap<>();
        jdbc.sql("""
                select t.task_id, t.progress, t.narrative, p.label
                  from reporting_task_line t
                  join reporting_report r on r.id = t.report_id
                  join reporting_period p on p.id = r.period_id
                 where r.plan_id = :plan and r.unit_id = :unit and r.status = 'APPROVED' and p.ends_on <= :asof
                 order by p.seq, r.revision
                """).param("plan", planId).param("unit", unitId).param("asof", java.sql.Date.valueOf(asOf))
                .query(rs -> {
                    latest.put(rs.getLong(1), new TaskStatus(rs.getLong(1), TaskProgress.valueOf(rs.getString(2)),
                            rs.getString(3), rs.getString(4)));
                });
        return latest;
    }

    public List<RuleView> rules(Actor actor, long planId) {
        readable(actor, planId);
        Map<RuleKind, Rule> byKind = rules.findAllOfPlan(planId).stream().collect(Collectors.toMap(Rule::kind, r -> r));
        List<RuleView> views = new ArrayList<>();
        for (RuleKind kind : RuleKind.values()) {
            Rule rule = byKind.get(kind);
            views.add(rule == null ? new RuleView(kind, kind.defaultSeverity(), kind.defaultParameter(), true)
                    : new RuleView(kind, rule.severity(), rule.parameter(), rule.enabled()));
        }
        return views;
    }

    public List<IndicatorReporting> indicatorSettings(Actor actor, long planId) {
        PlanBook book = readable(actor, planId);
        List<Long> ids = book.indicators().stream().map(PlanBook.IndicatorRow::id).toList();
        Map<Long, IndicatorSetting> settingOf = ids.isEmpty() ? Map.of() : settings.findByIndicators(ids).stream()
                .collect(Collectors.toMap(IndicatorSetting::indicatorId, s -> s));
        Map<Long, Map<Long, BigDecimal>> targets = new HashMap<>();
        if (!ids.isEmpty()) {
            unitTargets.findByIndicators(ids).forEach(t -> targets.computeIfAbsent(t.indicatorId(), k -> new LinkedHashMap<>())
                    .put(t.unitId(), t.target()));
        }
        return book.indicators().stream().map(i -> {
            IndicatorSetting s = settingOf.getOrDefault(i.id(), IndicatorSetting.of(i.id()));
            return new IndicatorReporting(i, s.aggregation(), s.ledgerBound(), targets.getOrDefault(i.id(), Map.of()));
        }).toList();
    }

    // ------------------------------------------------------------------ scope

    private PlanBook readable(Actor actor, long planId) {
        Access.require(actor, Permission.REPORT_READ);
        PlanBook book = plans.book(Actor.system(), planId);
        if (!Access.seesDistrict(actor, Permission.REPORT_READ, book.plan().districtId())) {
            throw refusals.hidden(actor, "任务书", planId);
        }
        return book;
    }

    private static boolean visibleUnit(Actor actor, PlanBook book, long unitId) {
        return Access.reaches(actor, Permission.REPORT_READ, book.plan().districtId(), List.of(unitId));
    }

    private void requireReadable(Actor actor, PlanBook book, long unitId, Object what) {
        Access.require(actor, Permission.REPORT_READ);
        if (!visibleUnit(actor, book, unitId)) throw refusals.hidden(actor, "进度报告", what);
    }

    private static @Nullable Instant instant(java.sql.ResultSet rs, String column) throws java.sql.SQLException {
        java.time.OffsetDateTime at = rs.getObject(column, java.time.OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }

    private static ReportSummary summary(Report r, Map<Long, String> periodLabels, PlanBook book) {
        String unit = book.units().stream().filter(u -> u.id() == r.unitId()).map(PlanBook.UnitRow::name).findFirst()
                .orElse("单位" + r.unitId());
        return new ReportSummary(r.id(), r.version(), r.planId(), r.periodId(), periodLabels.getOrDefault(r.periodId(), ""),
                r.unitId(), unit, r.revision(), r.status(), r.correctionReason(), r.returnReason(), r.createdBy(), r.createdAt(),
                r.submittedBy(), r.submittedAt(), r.unitApprovedBy(), r.unitApprovedAt(), r.approvedBy(), r.approvedAt(),
                r.returnedBy(), r.returnedAt());
    }
}
