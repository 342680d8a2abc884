package org.xiezuo.reminder;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.xiezuo.audit.AuditTrail;
import org.xiezuo.audit.AuditTrail.Event;
import org.xiezuo.notification.Notice;
import org.xiezuo.notification.Notifications;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.plan.PlanStatus;
import org.xiezuo.reporting.Period;
import org.xiezuo.reporting.PeriodStatus;
import org.xiezuo.reporting.ReportStatus;
import org.xiezuo.reporting.ReportingQueries;
import org.xiezuo.reporting.ReportingQueries.PeriodRow;
import org.xiezuo.reporting.ReportingQueries.ReportSummary;
import org.xiezuo.security.Recipients;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.Role;

/**
 * One run of the reminders over every active, non-demo plan, as of the clock's now (China time):
 * <ul>
 * <li><b>Before the deadline</b> — a unit whose report for an open period is missing or a never-submitted
 * draft is reminded when the deadline is {@code daysBefore} days away (3 and 1 by default); a run that was
 * missed catches up with the nearest reminder due, never with stale ones.</li>
 * <li><b>Overdue</b> — once the deadline day has ended such a unit is marked overdue ({@code reminder_overdue}),
 * the unit is told, the district's coordinators get one list per period, and {@link ReportOverdue} is
 * published; a later submission resolves the mark.</li>
 * <li><b>Returned</b> — a report returned and not resubmitted for {@code returnedChaseAfter} is chased,
 * once per return.</li>
 * </ul>
 * Back-filling periods are skipped entirely. Each reminder is a {@code reminder_log} row keyed by its
 * reason (unique), written in the same transaction as its outbox rows, so a reason is acted on once
 * whoever runs the job and however often; each plan is one transaction.
 */
@Component
class Reminders {

    static final Set<Role> UNIT_ROLES = EnumSet.of(Role.REPORTER, Role.UNIT_HEAD);
    static final Set<Role> DISTRICT_ROLES = EnumSet.of(Role.COORDINATOR);

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy年M月d日");

    /** What a run did. */
    record Run(long id, int reminded, int overdue, int chased) {}

    private final PlanQueries plans;
    private final ReportingQueries reporting;
    private final Recipients recipients;
    private final Notifications notifications;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;
    private final ReminderSettings settings;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;

    Reminders(PlanQueries plans, ReportingQueries reporting, Recipients recipients, Notifications notifications, AuditTrail audit,
              ApplicationEventPublisher events, ReminderSettings settings, JdbcClient jdbc, PlatformTransactionManager transactions,
              Clock clock) {
        this.plans = plans;
        this.reporting = reporting;
        this.recipients = recipients;
        this.notifications = notifications;
        this.audit = audit;
        this.events = events;
        this.settings = settings;
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /** Runs over every plan; {@code instance} names who ran it in {@code reminder_run}. */
    Run run(String instance) {
        Instant now = clock.instant();
        long runId = startRun(instance, now);
        int[] totals = new int[3];
        for (long planId : activePlans()) {
            int[] done = transaction.execute(status -> runPlan(planId, runId, now));
            if (done != null) for (int i = 0; i < 3; i++) totals[i] += done[i];
        }
        jdbc.sql("""
                update reminder_run set finished_at = :now, reminded = :reminded, overdue = :overdue, chased = :chased
                 where id = :id
                """).param("now", at(clock.instant())).param("reminded", totals[0]).param("overdue", totals[1])
                .param("chased", totals[2]).param("id", runId).update();
        return new Run(runId, totals[0], totals[1], totals[2]);
    }

    private long startRun(String instance, Instant now) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("insert into reminder_run (instance, started_at) values (:instance, :now)")
                .param("instance", instance).param("now", at(now)).update(keys, "id");
        Number id = keys.getKey();
        if (id == null) throw new IllegalStateException("no id for the reminder run");
        return id.longValue();
    }

    private List<Long> activePlans() {
        List<Long> ids = new ArrayList<>();
        for (int page = 0; ; page++) {
            PlanQueries.Page<PlanQueries.PlanSummary> batch = plans.list(Actor.system(), page, 100);
            batch.items().stream().filter(p -> p.status() == PlanStatus.ACTIVE && !p.demo()).forEach(p -> ids.add(p.id()));
            if (!batch.hasNext()) return ids;
        }
    }

    /** {reminded, newly overdue, chased} for one plan, in one transaction. */
    private int[] runPlan(long planId, long runId, Instant now) {
        ReportingQueries.Overview overview = reporting.overview(Actor.system(), planId);
        PlanBook.Header plan = overview.plan();
        LocalDate today = LocalDate.ofInstant(now, Period.ZONE);
        int reminded = 0;
        int chased = 0;
        List<String> overdueLines = new ArrayList<>();
        for (PeriodRow period : overview.periods()) {
            if (period.backfill()) continue;
            List<PlanBook.UnitRef> newlyOverdue = new ArrayList<>();
            for (PlanBook.UnitRef unit : overview.units()) {
                ReportSummary latest = overview.cell(period.id(), unit.id());
                boolean missing = latest == null || latest.status() == ReportStatus.DRAFT && latest.revision() == 1;
                if (missing && period.status() == PeriodStatus.OPEN && !today.isAfter(period.deadline())) {
                    Optional<Integer> days = dueReminder(period.deadline(), today);
                    if (days.isPresent() && remindBeforeDeadline(plan, period, unit, latest, days.get(), runId, today)) reminded++;
                }
                if (missing && !now.isBefore(dueAt(period))) {
                    if (markOverdue(plan, period, unit, runId, now, today)) newlyOverdue.add(unit);
                } else if (!missing) {
                    resolveOverdue(period.id(), unit.id(), now);
                }
                if (latest != null && latest.status() == ReportStatus.RETURNED && latest.returnedAt() != null
                        && (period.status() == PeriodStatus.OPEN || latest.revision() > 1)
                        && !now.isBefore(latest.returnedAt().plus(settings.returnedChaseAfter()))
                        && chaseReturned(plan, period, unit, latest, runId)) {
                    chased++;
                }
            }
            if (!newlyOverdue.isEmpty()) {
                tellCoordinators(plan, period, newlyOverdue, runId, today);
                overdueLines.add(period.label() + "（截止" + period.deadline() + "）："
                        + String.join("、", newlyOverdue.stream().map(PlanBook.UnitRef::name).toList()));
            }
        }
        int overdue = overdueLines.stream().mapToInt(l -> l.split("、").length).sum();
        if (!overdueLines.isEmpty()) {
            audit.record(Actor.system(), Event.success("REPORTS_OVERDUE_MARKED", "plan", planId, planId,
                    "逾期未报：" + String.join("；", overdueLines)));
        }
        if (reminded + chased > 0) {
            audit.record(Actor.system(), Event.success("REMINDERS_SENT", "plan", planId, planId,
                    "截止前催报 " + reminded + " 个单位，退回未重报催办 " + chased + " 份"));
        }
        return new int[] {reminded, overdue, chased};
    }

    /** The reminder due today: the nearest configured day before the deadline that has been reached. */
    Optional<Integer> dueReminder(LocalDate deadline, LocalDate today) {
        return settings.daysBefore().stream().filter(d -> !deadline.minusDays(d).isAfter(today)).min(Integer::compare);
    }

    private boolean remindBeforeDeadline(PlanBook.Header plan, PeriodRow period, PlanBook.UnitRef unit,
                                         @Nullable ReportSummary draft, int days, long runId, LocalDate today) {
        String reason = "reminder:period:" + period.id() + ":unit:" + unit.id() + ":D-" + days;
        long left = period.deadline().toEpochDay() - today.toEpochDay();
        String when = left <= 0 ? "今天截止" : "还有" + left + "天";
        Notice notice = new Notice(reason, "催报提醒：" + period.label() + "进度报告将于" + DAY.format(period.deadline()) + "截止",
                unit.name() + "：《" + plan.title() + "》" + period.label() + "的进度报告"
                        + (draft == null ? "尚未填报" : "已保存草稿但尚未提交") + "，截止日期为" + DAY.format(period.deadline())
                        + "（北京时间当日24时），" + when + "。请及时填报并提交。",
                "/periods/" + period.id() + "/units/" + unit.id(), plan.id());
        return log(reason, "BEFORE", plan.id(), period.id(), unit.id(), null, runId,
                recipients.ofUnits(plan.districtId(), List.of(unit.id()), UNIT_ROLES), notice);
    }

    private boolean markOverdue(PlanBook.Header plan, PeriodRow period, PlanBook.UnitRef unit, long runId, Instant now,
                                LocalDate today) {
        int marked = jdbc.sql("""
                insert into reminder_overdue (plan_id, period_id, unit_id, deadline, marked_at)
                values (:plan, :period, :unit, :deadline, :now) on conflict do nothing
                """).param("plan", plan.id()).param("period", period.id()).param("unit", unit.id())
                .param("deadline", period.deadline()).param("now", at(now)).update();
        if (marked == 0) return false;
        events.publishEvent(new ReportOverdue(plan.id(), plan.districtId(), period.id(), period.label(), unit.id(), unit.name(),
                period.deadline(), now));
        if (recent(period, now)) {
            String reason = "overdue:period:" + period.id() + ":unit:" + unit.id();
            Notice notice = new Notice(reason, "逾期未报：" + period.label() + "进度报告",
                    unit.name() + "：《" + plan.title() + "》" + period.label() + "的进度报告已于" + DAY.format(period.deadline())
                            + "截止，至今未提交，已记为逾期未报。请尽快补报。",
                    "/periods/" + period.id() + "/units/" + unit.id(), plan.id());
            log(reason, "OVERDUE", plan.id(), period.id(), unit.id(), null, runId,
                    recipients.ofUnits(plan.districtId(), List.of(unit.id()), UNIT_ROLES), notice);
        }
        return true;
    }

    private void tellCoordinators(PlanBook.Header plan, PeriodRow period, List<PlanBook.UnitRef> units, long runId, LocalDate today) {
        if (!recent(period, clock.instant())) return;
        List<String> names = units.stream().map(PlanBook.UnitRef::name).toList();
        String reason = "overdue:period:" + period.id() + ":coordinators:" + digest(units.stream().map(u -> String.valueOf(u.id())).toList());
        Notice notice = new Notice(reason, "逾期未报：" + period.label() + "有" + units.size() + "个单位未按期提交",
                "《" + plan.title() + "》" + period.label() + "的进度报告已于" + DAY.format(period.deadline()) + "截止，以下单位至今未提交："
                        + String.join("、", names) + "。",
                "/plans/" + plan.id() + "/reporting", plan.id());
        log(reason, "OVERDUE", plan.id(), period.id(), null, null, runId, recipients.ofDistrict(plan.districtId(), DISTRICT_ROLES),
                notice);
    }

    private boolean chaseReturned(PlanBook.Header plan, PeriodRow period, PlanBook.UnitRef unit, ReportSummary report, long runId) {
        Instant returnedAt = java.util.Objects.requireNonNull(report.returnedAt());
        String reason = "chase:report:" + report.id() + ":returned:" + returnedAt.getEpochSecond();
        long days = Duration.between(returnedAt, clock.instant()).toDays();
        Notice notice = new Notice(reason, "退回未重报：" + period.label() + "进度报告",
                unit.name() + "：《" + plan.title() + "》" + period.label() + "的进度报告于"
                        + DAY.format(LocalDate.ofInstant(returnedAt, Period.ZONE)) + "被退回"
                        + (report.returnReason() == null ? "" : "（原因：" + report.returnReason() + "）") + "，已" + days
                        + "天未重新提交。请修改后尽快重新提交。",
                "/reports/" + report.id(), plan.id());
        return log(reason, "RETURNED", plan.id(), period.id(), unit.id(), report.id(), runId,
                recipients.ofUnits(plan.districtId(), List.of(unit.id()), UNIT_ROLES), notice);
    }

    /** Records the reminder once; only the first record notifies. */
    private boolean log(String reason, String kind, long planId, long periodId, @Nullable Long unitId, @Nullable Long reportId,
                        long runId, List<Recipients.Recipient> people, Notice notice) {
        int inserted = jdbc.sql("""
                insert into reminder_log (reason, kind, plan_id, period_id, unit_id, report_id, recipients, created_at, run_id)
                values (:reason, :kind, :plan, :period, :unit, :report, :recipients, :now, :run) on conflict do nothing
                """).param("reason", reason).param("kind", kind).param("plan", planId).param("period", periodId)
                .param("unit", unitId).param("report", reportId).param("recipients", people.size())
                .param("now", at(clock.instant())).param("run", runId).update();
        if (inserted == 0) return false;
        notifications.notifyAccounts(people.stream().map(Recipients.Recipient::username).toList(), notice);
        return true;
    }

    /** The merged unit's marks and reminders move to the unit that stays (a mark it already has wins). */
    @org.springframework.context.event.EventListener
    void on(org.xiezuo.unit.UnitsMerged merged) {
        jdbc.sql("""
                delete from reminder_overdue where unit_id = :from
                   and period_id in (select period_id from reminder_overdue where unit_id = :into)
                """).param("from", merged.from()).param("into", merged.into()).update();
        jdbc.sql("update reminder_overdue set unit_id = :into where unit_id = :from")
                .param("from", merged.from()).param("into", merged.into()).update();
        jdbc.sql("update reminder_log set unit_id = :into where unit_id = :from")
                .param("from", merged.from()).param("into", merged.into()).update();
    }

    private void resolveOverdue(long periodId, long unitId, Instant now) {
        jdbc.sql("update reminder_overdue set resolved_at = :now where period_id = :period and unit_id = :unit and resolved_at is null")
                .param("now", at(now)).param("period", periodId).param("unit", unitId).update();
    }

    private boolean recent(PeriodRow period, Instant now) {
        return !now.isAfter(dueAt(period).plus(settings.overdueNoticeWithin()));
    }

    /** The end of the deadline day, China time (as {@link Period#dueAt()}). */
    private static Instant dueAt(PeriodRow period) {
        return period.deadline().plusDays(1).atStartOfDay(Period.ZONE).toInstant();
    }

    private static String digest(List<String> parts) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(String.join(",", parts).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static OffsetDateTime at(Instant instant) {
        return OffsetDateTime.ofInstant(instant, Period.ZONE);
    }
}
