package org.xiezuo.supervision;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.xiezuo.assessment.Assessment;
import org.xiezuo.assessment.Assessor;
import org.xiezuo.assessment.Figures;
import org.xiezuo.assessment.IndicatorResult;
import org.xiezuo.audit.AuditTrail;
import org.xiezuo.audit.AuditTrail.Event;
import org.xiezuo.notification.Notice;
import org.xiezuo.notification.Notifications;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.shared.Access;
import org.xiezuo.shared.AccessDenied;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.BusinessRuleViolation;
import org.xiezuo.shared.NotFound;
import org.xiezuo.shared.Permission;
import org.xiezuo.shared.Role;

/**
 * The supervision loop: the office drafts an order (or the daily job does), issues it — it gets the
 * next number of the plan and year and the figures as of that day — each addressed unit answers its
 * part, the office closes (销号) or returns it, and the order is closed when every part is. Every step
 * is time-stamped, audited with the plan, and notified: units when an order reaches them or comes back,
 * the district's coordinators when a unit answers. Concurrent changes are refused by version.
 */
@Service
@Transactional
public class Supervision {

    private static final Set<Role> UNIT_ROLES = Set.of(Role.REPORTER, Role.UNIT_HEAD);

    private final JdbcClient jdbc;
    private final SupervisionQueries queries;
    private final PlanQueries plans;
    private final Assessor assessor;
    private final Notifications notifications;
    private final AuditTrail audit;
    private final SupervisionSettings settings;
    private final Clock clock;

    Supervision(JdbcClient jdbc, SupervisionQueries queries, PlanQueries plans, Assessor assessor, Notifications notifications,
                AuditTrail audit, SupervisionSettings settings, Clock clock) {
        this.jdbc = jdbc;
        this.queries = queries;
        this.plans = plans;
        this.assessor = assessor;
        this.notifications = notifications;
        this.audit = audit;
        this.settings = settings;
        this.clock = clock;
    }

    /** What the office writes into a new order. */
    public record Draft(MatterKind kind, @Nullable Long indicatorId, @Nullable Long taskId, @Nullable Long periodId,
                        String matter, String requirement, @Nullable LocalDate responseDeadline, Collection<Long> unitIds) {}

    /** Drafts an order by hand; returns its id. The evidence is the figures as of today. */
    public long draft(Actor actor, long planId, Draft draft) {
        PlanBook book = managed(actor, planId);
        return insert(actor, book, draft, null);
    }

    private long insert(Actor actor, PlanBook book, Draft draft, @Nullable String autoKey) {
        String matter = text(draft.matter(), "督办事项", 1000);
        String requirement = text(draft.requirement(), "督办要求", 2000);
        Set<Long> units = new LinkedHashSet<>(draft.unitIds());
        if (units.isEmpty()) throw new BusinessRuleViolation("supervision.units", "请选择至少一个督办单位");
        for (Long unit : units) {
            if (book.units().stream().noneMatch(u -> u.id() == unit)) {
                throw new BusinessRuleViolation("supervision.unit", "单位（编号 " + unit + "）不是本任务书的责任单位");
            }
        }
        if (draft.indicatorId() != null && book.indicators().stream().noneMatch(i -> i.id() == draft.indicatorId())) {
            throw new BusinessRuleViolation("supervision.indicator", "指标不属于本任务书");
        }
        if (draft.taskId() != null && book.tasks().stream().noneMatch(t -> t.id() == draft.taskId())) {
            throw new BusinessRuleViolation("supervision.task", "任务不属于本任务书");
        }
        LocalDate today = assessor.today();
        LocalDate deadline = draft.responseDeadline() != null ? draft.responseDeadline() : today.plusDays(settings.responseDays());
        if (deadline.isBefore(today)) throw new BusinessRuleViolation("supervision.deadline", "反馈期限不能早于今天");
        Instant now = clock.instant();
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("""
                insert into supervision_order (plan_id, order_year, matter_kind, indicator_id, task_id, period_id, matter, requirement,
                       response_deadline, evidence, status, auto_key, created_by, created_at, version)
                values (:plan, :year, :kind, :indicator, :task, :period, :matter, :requirement, :deadline, :evidence, 'DRAFT',
                        :auto, :by, :at, 0)
                """).param("plan", book.plan().id()).param("year", book.plan().year()).param("kind", draft.kind().name())
                .param("indicator", draft.indicatorId()).param("task", draft.taskId()).param("period", draft.periodId())
                .param("matter", matter).param("requirement", requirement).param("deadline", Date.valueOf(deadline))
                .param("evidence", evidence(book.plan().id(), draft.indicatorId(), today)).param("auto", autoKey)
                .param("by", actor.name()).param("at", Timestamp.from(now)).update(key, "id");
        long id = key.getKeyAs(Long.class);
        for (Long unit : units) {
            jdbc.sql("insert into supervision_part (order_id, unit_id, state, version) values (:order, :unit, 'ISSUED', 0)")
                    .param("order", id).param("unit", unit).update();
        }
        audit.record(actor, Event.success(autoKey == null ? "SUPERVISION_DRAFTED" : "SUPERVISION_AUTO_DRAFTED", "supervision_order",
                id, book.plan().id(), draft.kind().label() + "：" + matter + "（" + units.size() + "个单位，反馈期限" + deadline + "）"));
        return id;
    }

    /**
     * Drafts an order unless one with the same automatic key exists (the daily job's idempotence); true
     * when it drafted one.
     */
    boolean draftAutomatically(PlanBook book, Draft draft, String autoKey) {
        Integer existing = jdbc.sql("select count(*) from supervision_order where plan_id = :plan and auto_key = :key")
                .param("plan", book.plan().id()).param("key", autoKey).query(Integer.class).single();
        if (existing > 0) return false;
        insert(Actor.system(), book, draft, autoKey); // the job runs on one instance at a time (ShedLock); the key is unique besides
        return true;
    }

    /** The figures of the lag as of the day: actual, target, completion, time progress, status. */
    String evidence(long planId, @Nullable Long indicatorId, LocalDate day) {
        if (indicatorId == null) return "截至" + Figures.date(day) + "。";
        Assessment assessment = assessor.assess(planId, day, null);
        IndicatorResult r = assessment.indicator(indicatorId).orElseThrow(() -> new NotFound("指标", indicatorId));
        String unit = r.indicator().measureUnit() == null ? "" : r.indicator().measureUnit();
        return "截至" + Figures.date(day) + "，“" + r.indicator().name() + "”完成" + Figures.number(r.actual()) + unit + "，目标"
                + Figures.number(r.target()) + unit + "，完成率" + Figures.percent(r.completion()) + "，时序进度"
                + Figures.percent(assessment.timeProgress()) + "，状态为" + r.status().label() + "。";
    }

    /** Issues a draft: the next number of the plan and year, the figures as of today, the units notified. */
    public Order issue(Actor actor, long orderId, int version) {
        Order order = queries.find(orderId);
        PlanBook book = managed(actor, order.planId());
        order.status().requireDraft("签发");
        String prefix = prefix(book.plan().district());
        int seq = jdbc.sql("select coalesce(max(seq), 0) + 1 from supervision_order where plan_id = :plan and order_year = :year")
                .param("plan", order.planId()).param("year", order.year()).query(Integer.class).single();
        String number = prefix + "〔" + order.year() + "〕" + seq + "号";
        Instant now = clock.instant();
        int updated = jdbc.sql("""
                update supervision_order set status = 'ISSUED', seq = :seq, number = :number, evidence = :evidence,
                       issued_by = :by, issued_at = :at, version = version + 1
                 where id = :id and version = :version and status = 'DRAFT'
                """).param("seq", seq).param("number", number).param("evidence", evidence(order.planId(), order.indicatorId(), assessor.today()))
                .param("by", actor.name()).param("at", Timestamp.from(now)).param("id", orderId).param("version", version).update();
        if (updated == 0) throw new org.springframework.dao.OptimisticLockingFailureException("supervision order " + orderId);
        audit.record(actor, Event.success("SUPERVISION_ISSUED", "supervision_order", orderId, order.planId(),
                number + "：" + order.matter() + "，反馈期限" + order.responseDeadline()));
        notifications.notifyUnits(book.plan().districtId(), order.parts().stream().map(Order.Part::unitId).toList(), UNIT_ROLES,
                new Notice("supervision:" + orderId + ":issued", "收到督办单 " + number,
                        order.matter() + "。请于" + Figures.date(order.responseDeadline()) + "前反馈整改措施。",
                        "/supervision/orders/" + orderId, order.planId()));
        return queries.find(orderId);
    }

    /** Discards a draft (an automatic one is not drafted again for the same matter). */
    public void cancel(Actor actor, long orderId, int version) {
        Order order = queries.find(orderId);
        managed(actor, order.planId());
        order.status().requireDraft("作废");
        int updated = jdbc.sql("update supervision_order set status = 'CANCELLED', version = version + 1 where id = :id and version = :version")
                .param("id", orderId).param("version", version).update();
        if (updated == 0) throw new org.springframework.dao.OptimisticLockingFailureException("supervision order " + orderId);
        audit.record(actor, Event.success("SUPERVISION_CANCELLED", "supervision_order", orderId, order.planId(), "作废督办单草稿：" + order.matter()));
    }

    /** A unit answers its part: the measures taken and when the matter will be resolved. */
    public void answer(Actor actor, long partId, String measures, LocalDate expectedCompletion, int version) {
        Order order = queries.findByPart(partId);
        Order.Part part = part(order, partId);
        if (!Access.permits(actor, Permission.SUPERVISION_RESPOND)
                || !Access.reaches(actor, Permission.SUPERVISION_RESPOND, plans.book(Actor.system(), order.planId()).plan().districtId(),
                List.of(part.unitId()))) {
            throw new AccessDenied("只能反馈本单位的督办事项");
        }
        if (order.status() != OrderStatus.ISSUED) throw new BusinessRuleViolation("supervision.state", "督办单不在督办中，不能反馈");
        PartState next = part.state().after(PartState.Action.ANSWER);
        String text = text(measures, "整改措施", 2000);
        if (expectedCompletion.isBefore(order.issuedAt() == null ? LocalDate.MIN
                : LocalDate.ofInstant(order.issuedAt(), Assessor.ZONE))) {
            throw new BusinessRuleViolation("supervision.expected", "预计完成日期不能早于督办单签发日期");
        }
        change(partId, version, """
                update supervision_part set state = :state, measures = :measures, expected_completion = :expected,
                       answered_by = :by, answered_at = :at, version = version + 1
                 where id = :id and version = :version
                """, next, actor, p -> p.param("measures", text).param("expected", Date.valueOf(expectedCompletion)));
        audit.record(actor, Event.success("SUPERVISION_ANSWERED", "supervision_part", partId, order.planId(),
                order.number() + " " + part.unitName() + "反馈：" + text + "（预计" + expectedCompletion + "完成）"));
        notifications.notifyDistrict(plans.book(Actor.system(), order.planId()).plan().districtId(), Set.of(Role.COORDINATOR),
                new Notice("supervision:part:" + partId + ":answered:" + (version + 1), part.unitName() + "已反馈督办单 " + order.number(),
                        text, "/supervision/orders/" + order.id(), order.planId()));
    }

    /** The office closes (销号) an answered part; the order closes with its last part. */
    public void close(Actor actor, long partId, int version) {
        Order order = queries.findByPart(partId);
        Order.Part part = part(order, partId);
        PlanBook book = managed(actor, order.planId());
        PartState next = part.state().after(PartState.Action.CLOSE);
        change(partId, version, """
                update supervision_part set state = :state, closed_by = :by, closed_at = :at, version = version + 1
                 where id = :id and version = :version
                """, next, actor, p -> p);
        audit.record(actor, Event.success("SUPERVISION_PART_CLOSED", "supervision_part", partId, order.planId(),
                order.number() + " " + part.unitName() + "销号"));
        Integer open = jdbc.sql("select count(*) from supervision_part where order_id = :order and state <> 'CLOSED'")
                .param("order", order.id()).query(Integer.class).single();
        if (open == 0) {
            jdbc.sql("update supervision_order set status = 'CLOSED', closed_at = :at, version = version + 1 where id = :id")
                    .param("at", Timestamp.from(clock.instant())).param("id", order.id()).update();
            audit.record(actor, Event.success("SUPERVISION_CLOSED", "supervision_order", order.id(), order.planId(),
                    order.number() + "全部销号，办结"));
        }
        notifications.notifyUnits(book.plan().districtId(), List.of(part.unitId()), UNIT_ROLES,
                new Notice("supervision:part:" + partId + ":closed", "督办单 " + order.number() + " 已销号", order.matter(),
                        "/supervision/orders/" + order.id(), order.planId()));
    }

    /** The office returns an answer that does not suffice, with a reason. */
    public void returnPart(Actor actor, long partId, String reason, int version) {
        Order order = queries.findByPart(partId);
        Order.Part part = part(order, partId);
        PlanBook book = managed(actor, order.planId());
        PartState next = part.state().after(PartState.Action.RETURN);
        String why = text(reason, "退回原因", 500);
        change(partId, version, """
                update supervision_part set state = :state, return_reason = :reason, returned_by = :by, returned_at = :at,
                       version = version + 1
                 where id = :id and version = :version
                """, next, actor, p -> p.param("reason", why));
        audit.record(actor, Event.success("SUPERVISION_RETURNED", "supervision_part", partId, order.planId(),
                order.number() + " " + part.unitName() + "反馈被退回：" + why));
        notifications.notifyUnits(book.plan().districtId(), List.of(part.unitId()), UNIT_ROLES,
                new Notice("supervision:part:" + partId + ":returned:" + (version + 1), "督办单 " + order.number() + " 的反馈被退回", why,
                        "/supervision/orders/" + order.id(), order.planId()));
    }

    private void change(long partId, int version, String sql, PartState next, Actor actor,
                        java.util.function.UnaryOperator<JdbcClient.StatementSpec> more) {
        JdbcClient.StatementSpec spec = jdbc.sql(sql).param("state", next.name()).param("by", actor.name())
                .param("at", Timestamp.from(clock.instant())).param("id", partId).param("version", version);
        if (more.apply(spec).update() == 0) throw new org.springframework.dao.OptimisticLockingFailureException("supervision part " + partId);
    }

    private static Order.Part part(Order order, long partId) {
        return order.parts().stream().filter(p -> p.id() == partId).findFirst().orElseThrow(() -> new NotFound("督办事项", partId));
    }

    /** The plan, for an actor who manages supervision across its district. */
    private PlanBook managed(Actor actor, long planId) {
        Access.require(actor, Permission.SUPERVISION_MANAGE);
        PlanBook book = plans.book(actor, planId);
        if (!Access.reachesDistrict(actor, Permission.SUPERVISION_MANAGE, book.plan().districtId())) {
            throw new AccessDenied("只有协作办可以办理督办单");
        }
        return book;
    }

    /** 普陀区 → 普协督; 舟山市普陀区 → 普协督; or the configured prefix. */
    String prefix(String district) {
        if (settings.numberPrefix() != null && !settings.numberPrefix().isBlank()) return settings.numberPrefix().strip();
        String name = district.contains("市") && !district.endsWith("市") ? district.substring(district.lastIndexOf('市') + 1) : district;
        return (name.isEmpty() ? "协" : name.substring(0, 1)) + "协督";
    }

    private static String text(@Nullable String value, String field, int max) {
        String text = value == null ? "" : value.strip();
        if (text.isEmpty()) throw new BusinessRuleViolation("supervision.required", "请填写" + field);
        if (text.length() > max) throw new BusinessRuleViolation("supervision.long", field + "最多" + max + "个字");
        return text;
    }

}
