package org.xiezuo.supervision;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import net.javacrumbs.shedlock.core.LockAssert;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.xiezuo.assessment.Assessment;
import org.xiezuo.assessment.Assessor;
import org.xiezuo.assessment.DeductionRaised;
import org.xiezuo.assessment.Figures;
import org.xiezuo.assessment.IndicatorResult;
import org.xiezuo.assessment.IndicatorStatus;
import org.xiezuo.assessment.OutstandingReports;
import org.xiezuo.audit.AuditTrail;
import org.xiezuo.audit.AuditTrail.Event;
import org.xiezuo.notification.Notice;
import org.xiezuo.notification.Notifications;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.plan.PlanStatus;
import org.xiezuo.reporting.ReportingQueries;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.Role;

/**
 * The daily supervision job (under ShedLock, idempotent): for every active plan it drafts an order for
 * each indicator 严重滞后 at the close of the latest period that ended since the plan was imported, and
 * for each report overdue more than {@code overdueDraftDays} days — drafts only, the office issues them
 * with a click; then it escalates late answers (yellow at the response deadline, red
 * {@code redAfterDays} after) and tells the unit (and, when red, the coordinators) once per level; a red
 * answer is also a {@link DeductionRaised} for the assessment (worth the rules' supervision deduction,
 * default 0 points).
 */
@Component
public class SupervisionJob {

    public static final String REQUIREMENT = "请对照目标任务分析滞后原因，于反馈期限前报送整改措施和预计完成时间，加快推进。";

    private final PlanQueries plans;
    private final ReportingQueries reporting;
    private final Assessor assessor;
    private final OutstandingReports outstanding;
    private final Supervision supervision;
    private final SupervisionQueries queries;
    private final Notifications notifications;
    private final SupervisionSettings settings;
    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    SupervisionJob(PlanQueries plans, ReportingQueries reporting, Assessor assessor, OutstandingReports outstanding,
                   Supervision supervision, SupervisionQueries queries, Notifications notifications, SupervisionSettings settings,
                   JdbcClient jdbc, AuditTrail audit, Clock clock, ApplicationEventPublisher events) {
        this.events = events;
        this.plans = plans;
        this.reporting = reporting;
        this.assessor = assessor;
        this.outstanding = outstanding;
        this.supervision = supervision;
        this.queries = queries;
        this.notifications = notifications;
        this.settings = settings;
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    /** What a run did. */
    public record Outcome(int drafted, int escalated) {}

    @Scheduled(cron = "${xiezuo.supervision.cron:0 30 8 * * *}", zone = "Asia/Shanghai")
    @SchedulerLock(name = "supervision.daily", lockAtMostFor = "PT30M", lockAtLeastFor = "PT1M")
    void daily() {
        LockAssert.assertLocked();
        run(assessor.today());
    }

    /** One run as of {@code today}; running it again the same day changes nothing. */
    @Transactional
    public Outcome run(LocalDate today) {
        int drafted = 0;
        if (settings.autoDraft()) {
            for (PlanQueries.PlanSummary plan : plans.list(Actor.system(), 0, 1000).items()) {
                if (plan.status() != PlanStatus.ACTIVE) continue;
                drafted += draft(plan.id(), today);
            }
        }
        return new Outcome(drafted, escalate(today));
    }

    /** Drafts for one plan as of {@code today}; returns how many were drafted. */
    @Transactional
    public int draft(long planId, LocalDate today) {
        PlanBook book = plans.book(Actor.system(), planId);
        int drafted = 0;
        Optional<ReportingQueries.PeriodRow> closed = reporting.periods(Actor.system(), planId).stream()
                .filter(p -> !p.backfill() && !p.endsOn().isAfter(today)).reduce((a, b) -> b);
        if (closed.isPresent()) {
            LocalDate close = closed.get().endsOn();
            Assessment assessment = assessor.assess(planId, close, null);
            for (IndicatorResult r : assessment.indicators()) {
                if (r.status() != IndicatorStatus.SERIOUSLY_BEHIND || r.indicator().units().isEmpty()) continue;
                Supervision.Draft draft = new Supervision.Draft(MatterKind.INDICATOR, r.id(), null, closed.get().id(),
                        "“" + r.indicator().name() + "”截至" + Figures.date(close) + "严重滞后（完成率" + Figures.percent(r.completion())
                                + "，时序进度" + Figures.percent(assessment.timeProgress()) + "）",
                        REQUIREMENT, today.plusDays(settings.responseDays()), r.indicator().units().stream().map(PlanBook.UnitRef::id).toList());
                if (supervision.draftAutomatically(book, draft, "indicator:" + r.id() + ":" + close)) drafted++;
            }
        }
        for (OutstandingReports.Outstanding o : outstanding.asOf(Actor.system(), planId, today)) {
            if (o.reason() != OutstandingReports.Reason.OVERDUE || !o.period().deadline().plusDays(settings.overdueDraftDays()).isBefore(today)) {
                continue;
            }
            Supervision.Draft draft = new Supervision.Draft(MatterKind.OVERDUE_REPORT, null, null, o.period().id(),
                    o.unit().name() + o.period().label() + "进展报告逾期未报（截止日" + Figures.date(o.period().deadline()) + "）",
                    "请立即报送" + o.period().label() + "进展报告，并说明逾期原因。", today.plusDays(3), List.of(o.unit().id()));
            if (supervision.draftAutomatically(book, draft, "overdue:" + o.period().id() + ":" + o.unit().id())) drafted++;
        }
        return drafted;
    }

    /** Marks and notifies late answers once per level; returns how many parts moved up a level. */
    @Transactional
    int escalate(LocalDate today) {
        int moved = 0;
        for (Order order : queries.open()) {
            PlanBook book = plans.book(Actor.system(), order.planId());
            for (Order.Part part : order.parts()) {
                Escalation level = Escalation.of(part.state(), order.responseDeadline(), today, settings.redAfterDays());
                if (level == Escalation.NONE) continue;
                String current = jdbc.sql("select escalated from supervision_part where id = :id").param("id", part.id())
                        .query(String.class).optional().orElse(null);
                if (level.name().equals(current) || (level == Escalation.YELLOW && "RED".equals(current))) continue;
                jdbc.sql("update supervision_part set escalated = :level where id = :id").param("level", level.name())
                        .param("id", part.id()).update();
                audit.record(Actor.system(), Event.success("SUPERVISION_ESCALATED", "supervision_part", part.id(), order.planId(),
                        order.number() + " " + part.unitName() + "：" + level.label() + "（反馈期限" + order.responseDeadline() + "）"));
                Notice notice = new Notice("supervision:part:" + part.id() + ":" + level.name(), "督办单 " + order.number() + " " + level.label(),
                        part.unitName() + "的反馈已超过期限（" + Figures.date(order.responseDeadline()) + "），请尽快反馈。",
                        "/supervision/orders/" + order.id(), order.planId());
                notifications.notifyUnits(book.plan().districtId(), List.of(part.unitId()), Set.of(Role.REPORTER, Role.UNIT_HEAD), notice);
                if (level == Escalation.RED) {
                    notifications.notifyDistrict(book.plan().districtId(), Set.of(Role.COORDINATOR), notice);
                    events.publishEvent(new DeductionRaised(order.planId(), part.unitId(), "supervision:part:" + part.id() + ":red", today,
                            "督办单 " + order.number() + " " + part.unitName() + "反馈逾期（红色预警）"));
                }
                moved++;
            }
        }
        return moved;
    }

}
