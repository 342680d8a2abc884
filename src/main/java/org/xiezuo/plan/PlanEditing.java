package org.xiezuo.plan;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.xiezuo.audit.AuditTrail;
import org.xiezuo.audit.AuditTrail.Event;
import org.xiezuo.audit.Refusals;
import org.xiezuo.shared.Access;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.BusinessRuleViolation;
import org.xiezuo.shared.Permission;
import org.xiezuo.unit.UnitsMerged;

/**
 * Edits a plan after import: adds, changes and removes tasks and indicators, moves responsibilities,
 * revises targets (keeping the old value), and follows unit merges. Every change is audited against
 * the plan; a stale version is refused.
 */
@Service
@Transactional
public class PlanEditing {

    private final Plans plans;
    private final Tasks tasks;
    private final Indicators indicators;
    private final PlanUnits planUnits;
    private final AuditTrail audit;
    private final Refusals refusals;
    private final Clock clock;

    PlanEditing(Plans plans, Tasks tasks, Indicators indicators, PlanUnits planUnits, AuditTrail audit, Refusals refusals,
                Clock clock) {
        this.refusals = refusals;
        this.plans = plans;
        this.tasks = tasks;
        this.indicators = indicators;
        this.planUnits = planUnits;
        this.audit = audit;
        this.clock = clock;
    }


    public long addTask(Actor actor, long planId, List<Long> unitIds, String text, @Nullable LocalDate deadline) {
        Plan plan = editablePlan(actor, planId);
        requireUnits(plan, unitIds);
        List<Task> all = tasks.findAllOfPlan(planId);
        long lead = unitIds.get(0);
        int insertAfter = -1;
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).leadUnitId() == lead) insertAfter = i;
        }
        Task task = Task.define(planId, 0, 0, text, unitIds, deadline, null);
        all.add(insertAfter < 0 ? all.size() : insertAfter + 1, task);
        renumberTasks(all);
        Task saved = tasks.save(task);
        audit.record(actor, Event.success("TASK_ADDED", "task", saved.id(), planId,
                "（" + unitNamesOf(plan, unitIds) + "）第" + saved.seq() + "条：" + saved.text()));
        return saved.id();
    }

    public void reviseTask(Actor actor, long taskId, int expectedVersion, List<Long> unitIds, String text,
                           @Nullable LocalDate deadline) {
        Task task = tasks.require(taskId);
        Plan plan = editablePlan(actor, task.planId());
        Versions.expect(task.version(), expectedVersion);
        requireUnits(plan, unitIds);
        String before = "（" + unitNamesOf(plan, task.unitIds()) + "）" + task.text()
                + (task.deadline() == null ? "" : "，完成时限" + task.deadline());
        boolean leadChanged = task.leadUnitId() != unitIds.get(0);
        task.rewrite(text, deadline);
        task.assign(unitIds);
        tasks.save(task);
        if (leadChanged) renumberTasks(tasks.findAllOfPlan(plan.id()));
        String after = "（" + unitNamesOf(plan, unitIds) + "）" + task.text()
                + (deadline == null ? "" : "，完成时限" + deadline);
        if (!before.equals(after)) {
            audit.record(actor, Event.success("TASK_REVISED", "task", taskId, plan.id(), before + " → " + after));
        }
    }

    public void removeTask(Actor actor, long taskId) {
        Task task = tasks.require(taskId);
        Plan plan = editablePlan(actor, task.planId());
        InUse.delete(() -> tasks.delete(task), "该任务已有单位填报进展，不能删除；如不再需要，可修改任务内容");
        List<Task> rest = tasks.findAllOfPlan(plan.id());
        renumberTasks(rest);
        audit.record(actor, Event.success("TASK_REMOVED", "task", taskId, plan.id(),
                "（" + unitNamesOf(plan, task.unitIds()) + "）第" + task.seq() + "条：" + task.text()));
    }

    /** Positions follow the list; numbers count from 1 within each lead unit. Saves what moved. */
    private void renumberTasks(List<Task> ordered) {
        Map<Long, Integer> seqByLead = new HashMap<>();
        int position = 0;
        for (Task task : ordered) {
            int seq = seqByLead.merge(task.leadUnitId(), 1, Integer::sum);
            position++;
            if (task.position() != position || task.seq() != seq) {
                task.place(position, seq);
                if (!task.isNew()) tasks.save(task);
            }
        }
    }


    public long addIndicator(Actor actor, long planId, IndicatorDraft draft) {
        Plan plan = editablePlan(actor, planId);
        requireUnits(plan, draft.unitIds());
        List<Indicator> all = indicators.findAllOfPlan(planId);
        requireParent(all, draft, null);
        int insertAfter = -1;
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).category().equals(draft.category().strip())) insertAfter = i;
            if (draft.parentId() != null && draft.parentId().equals(all.get(i).id())) insertAfter = Math.max(insertAfter, i);
        }
        Indicator indicator = Indicator.define(planId, 0, draft, null);
        int at = insertAfter < 0 ? all.size() : insertAfter + 1;
        all.add(at, indicator);
        for (int i = 0; i < all.size(); i++) {
            Indicator each = all.get(i);
            if (each.position() != i + 1) {
                each.place(i + 1);
                if (each != indicator) indicators.save(each);
            }
        }
        Indicator saved = indicators.save(indicator);
        audit.record(actor, Event.success("INDICATOR_ADDED", "indicator", saved.id(), planId,
                describeIndicator(plan, saved)));
        return saved.id();
    }

    public void reviseIndicator(Actor actor, long indicatorId, int expectedVersion, IndicatorDraft draft) {
        Indicator indicator = indicators.require(indicatorId);
        Plan plan = editablePlan(actor, indicator.planId());
        Versions.expect(indicator.version(), expectedVersion);
        requireUnits(plan, draft.unitIds());
        requireParent(indicators.findAllOfPlan(plan.id()), draft, indicatorId);
        String before = describeIndicator(plan, indicator);
        indicator.describe(draft);
        Indicator saved = indicators.save(indicator);
        String after = describeIndicator(plan, saved);
        if (!before.equals(after)) {
            audit.record(actor, Event.success("INDICATOR_REVISED", "indicator", indicatorId, plan.id(), before + " → " + after));
        }
    }

    public void reviseTarget(Actor actor, long indicatorId, int expectedVersion, @Nullable BigDecimal target,
                             String targetText, Assessment assessment, LocalDate effectiveOn, String reason) {
        Indicator indicator = indicators.require(indicatorId);
        Plan plan = editablePlan(actor, indicator.planId());
        Versions.expect(indicator.version(), expectedVersion);
        String before = indicator.assessment().describe(indicator.target(), indicator.targetText());
        indicator.reviseTarget(target, targetText, assessment, effectiveOn, reason, actor.name(), clock.instant());
        indicators.save(indicator);
        audit.record(actor, Event.success("TARGET_REVISED", "indicator", indicatorId, plan.id(),
                "%s %s：%s → %s（自%s起，原因：%s）".formatted(Objects.toString(indicator.code(), ""), indicator.name(),
                        before, indicator.assessment().describe(indicator.target(), indicator.targetText()),
                        effectiveOn, reason.strip())));
    }

    public void removeIndicator(Actor actor, long indicatorId) {
        Indicator indicator = indicators.require(indicatorId);
        Plan plan = editablePlan(actor, indicator.planId());
        List<Indicator> all = indicators.findAllOfPlan(plan.id());
        if (all.stream().anyMatch(i -> Objects.equals(i.parentId(), indicatorId))) {
            throw new BusinessRuleViolation("indicator.remove.children", "该指标下还有「其中」指标，请先删除或改挂这些指标");
        }
        InUse.delete(() -> indicators.delete(indicator), "该指标已有单位填报数值，不能删除；如不再考核，可改为只作统计");
        audit.record(actor, Event.success("INDICATOR_REMOVED", "indicator", indicatorId, plan.id(),
                describeIndicator(plan, indicator)));
    }

    private static void requireParent(List<Indicator> all, IndicatorDraft draft, @Nullable Long self) {
        if (draft.parentId() == null) return;
        Optional<Indicator> parent = all.stream().filter(i -> i.id().equals(draft.parentId())).findFirst();
        if (parent.isEmpty()) throw new BusinessRuleViolation("indicator.parent.unknown", "上级指标不属于本任务书");
        if (parent.get().parentId() != null) {
            throw new BusinessRuleViolation("indicator.parent.nested", "「其中」指标不能再有「其中」指标");
        }
        if (self != null && all.stream().anyMatch(i -> Objects.equals(i.parentId(), self))) {
            throw new BusinessRuleViolation("indicator.parent.hasChildren", "该指标下有「其中」指标，不能再设为其他指标的「其中」项");
        }
    }

    private String describeIndicator(Plan plan, Indicator i) {
        return "%s%s（%s，目标%s，%s，%s，责任单位：%s）".formatted(i.code() == null ? "" : i.code() + ".", i.name(),
                Objects.toString(i.measureUnit(), "无单位"), i.assessment().describe(i.target(), i.targetText()),
                i.category(), i.stockRule().label(), unitNamesOf(plan, i.unitIds()));
    }


    @EventListener
    void on(UnitsMerged merged) {
        for (Task task : tasks.findAllOfUnit(merged.from())) {
            if (task.replaceUnit(merged.from(), merged.into())) tasks.save(task);
        }
        for (Indicator indicator : indicators.findAllOfUnit(merged.from())) {
            if (indicator.replaceUnit(merged.from(), merged.into())) indicators.save(indicator);
        }
    }

    private Plan editablePlan(Actor actor, long planId) {
        Access.require(actor, Permission.PLAN_EDIT);
        Plan plan = plans.require(planId);
        if (!Access.reachesDistrict(actor, Permission.PLAN_EDIT, plan.districtId())) {
            throw refusals.hidden(actor, "任务书", planId);
        }
        plan.requireEditable();
        return plan;
    }

    private void requireUnits(Plan plan, List<Long> unitIds) {
        Responsibility.checked(unitIds, "");
        planUnits.requireAll(plan.districtId(), unitIds);
    }

    private String unitNamesOf(Plan plan, List<Long> unitIds) {
        return planUnits.names(plan.districtId(), unitIds);
    }
}
