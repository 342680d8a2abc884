package org.xiezuo.plan;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.xiezuo.audit.AuditTrail;
import org.xiezuo.audit.AuditTrail.Event;
import org.xiezuo.audit.Refusals;
import org.xiezuo.plan.Plan.FieldChange;
import org.xiezuo.plan.PlanChanges.IndicatorChange;
import org.xiezuo.plan.PlanChanges.Kind;
import org.xiezuo.plan.PlanChanges.TaskChange;
import org.xiezuo.plan.PlanDefinition.IndicatorDefinition;
import org.xiezuo.plan.PlanDefinition.TaskDefinition;
import org.xiezuo.shared.Access;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.BusinessRuleViolation;
import org.xiezuo.shared.ExactDecimal;
import org.xiezuo.shared.Permission;

/**
 * Whole plans: issues a plan from a document, compares a re-imported document with the plan and
 * brings the plan in line with it, revises the header, archives and reactivates. Edits of single
 * tasks and indicators are {@link PlanEditing}'s. Every change is audited against the plan.
 */
@Service
@Transactional
public class Planning {

    private final Plans plans;
    private final Tasks tasks;
    private final Indicators indicators;
    private final Programmes programmes;
    private final PlanUnits planUnits;
    private final AuditTrail audit;
    private final Refusals refusals;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    Planning(Plans plans, Tasks tasks, Indicators indicators, Programmes programmes, PlanUnits planUnits,
             AuditTrail audit, Refusals refusals, Clock clock, ApplicationEventPublisher events) {
        this.events = events;
        this.refusals = refusals;
        this.plans = plans;
        this.tasks = tasks;
        this.indicators = indicators;
        this.programmes = programmes;
        this.planUnits = planUnits;
        this.audit = audit;
        this.clock = clock;
    }

    // ------------------------------------------------------------------ whole plans

    /** Issues a new plan with all its tasks and indicators, in the caller's transaction. */
    public long create(Actor actor, long districtId, PlanDefinition definition, boolean demo,
                       @Nullable Long sourceDocumentId) {
        Access.require(actor, Permission.PLAN_IMPORT);
        if (!Access.reachesDistrict(actor, Permission.PLAN_IMPORT, districtId)) {
            throw new org.xiezuo.shared.AccessDenied("只能为本地区创建任务书");
        }
        PlanHeader header = definition.header();
        String programme = programmes.require(header.programme()).code();
        Plan plan = plans.save(Plan.issue(districtId, programme, header, demo, sourceDocumentId, clock.instant(),
                actor.name()));
        long planId = plan.id();
        requireUnitsOfDistrict(districtId, definition);
        int position = 0;
        for (TaskDefinition t : definition.tasks()) {
            tasks.save(Task.define(planId, ++position, t.seq(), t.text(), t.unitIds(), null, t.sourceLocation()));
        }
        saveIndicators(planId, definition.indicators());
        audit.record(actor, Event.success("PLAN_CREATED", "plan", planId, planId,
                "%s：%d项任务、%d项指标%s".formatted(plan.title(), definition.tasks().size(),
                        definition.indicators().size(), demo ? "（演示数据）" : "")));
        events.publishEvent(new PlanScheduled(planId, plan.assessmentStart(), plan.assessmentEnd(), plan.createdAt()));
        return planId;
    }

    private void requireUnitsOfDistrict(long districtId, PlanDefinition definition) {
        java.util.Set<Long> ids = new java.util.LinkedHashSet<>();
        definition.tasks().forEach(t -> ids.addAll(t.unitIds()));
        definition.indicators().forEach(i -> ids.addAll(i.draft().unitIds()));
        planUnits.requireAll(districtId, ids);
    }

    private List<Indicator> saveIndicators(long planId, List<IndicatorDefinition> definitions) {
        List<Indicator> saved = new ArrayList<>();
        int position = 0;
        for (IndicatorDefinition d : definitions) {
            Long parentId = null;
            if (d.parentIndex() != null) {
                if (d.parentIndex() < 0 || d.parentIndex() >= saved.size()) {
                    throw new BusinessRuleViolation("indicator.parent.order", "「其中」指标须排在其上级指标之后：" + d.draft().name());
                }
                parentId = saved.get(d.parentIndex()).id();
            }
            IndicatorDraft draft = withParent(d.draft(), parentId);
            saved.add(indicators.save(Indicator.define(planId, ++position, draft, d.sourceLocation())));
        }
        return saved;
    }

    private static IndicatorDraft withParent(IndicatorDraft d, @Nullable Long parentId) {
        return new IndicatorDraft(d.code(), d.category(), d.name(), d.measureUnit(), d.target(), d.targetText(),
                d.assessment(), d.stockRule(), parentId, d.unitIds());
    }

    /** What {@link #bringInLine} would change; nothing is written. */
    @Transactional(readOnly = true)
    public PlanChanges compare(long planId, PlanDefinition definition) {
        Plan plan = plans.require(planId);
        return new Comparison(plan, definition).changes();
    }

    /**
     * Brings an existing plan in line with a re-imported document: header, tasks and indicators are
     * updated, added or removed; a changed target becomes a revision with {@code reason}. Indicators
     * and tasks that stay keep their identity.
     */
    public PlanChanges bringInLine(Actor actor, long planId, PlanDefinition definition, String reason,
                                   @Nullable Long sourceDocumentId) {
        Plan plan = reachable(actor, Permission.PLAN_IMPORT, planId);
        plan.requireEditable();
        requireUnitsOfDistrict(plan.districtId(), definition);
        Comparison comparison = new Comparison(plan, definition);
        PlanChanges changes = comparison.changes();
        String programme = programmes.require(definition.header().programme()).code();
        plan.revise(programme, programmes.nameOf(programme), programmes.nameOf(plan.programmeCode()), definition.header());
        if (sourceDocumentId != null) plan.sourceDocument(sourceDocumentId);
        plans.save(plan);

        // tasks: matched by lead unit and number, in the document's order
        Map<String, Task> existingTasks = new LinkedHashMap<>();
        tasks.findAllOfPlan(planId).forEach(t -> existingTasks.put(taskKey(t.leadUnitId(), t.seq()), t));
        int position = 0;
        for (TaskDefinition d : definition.tasks()) {
            Task task = existingTasks.remove(taskKey(d.unitIds().get(0), d.seq()));
            if (task == null) {
                task = Task.define(planId, ++position, d.seq(), d.text(), d.unitIds(), null, d.sourceLocation());
            } else {
                task.rewrite(d.text(), task.deadline());
                task.assign(d.unitIds());
                task.place(++position, d.seq());
            }
            tasks.save(task);
        }
        InUse.delete(() -> tasks.deleteAll(existingTasks.values()),
                "新文件删去了已有单位填报进展的任务，不能按此文件更新；请核对文件或先与填报单位确认");

        // indicators: matched by printed number, else by category and name
        Map<String, Indicator> existing = new LinkedHashMap<>();
        indicators.findAllOfPlan(planId).forEach(i -> existing.put(indicatorKey(i.code(), i.category(), i.name()), i));
        List<Indicator> kept = new ArrayList<>();
        position = 0;
        for (IndicatorDefinition d : definition.indicators()) {
            Long parentId = d.parentIndex() == null ? null : kept.get(d.parentIndex()).id();
            IndicatorDraft draft = withParent(d.draft(), parentId);
            Indicator indicator = existing.remove(indicatorKey(draft.code(), draft.category(), draft.name()));
            if (indicator == null) {
                indicator = Indicator.define(planId, ++position, draft, d.sourceLocation());
            } else {
                indicator.describe(draft);
                indicator.place(++position);
                if (!sameTarget(indicator, draft)) {
                    indicator.reviseTarget(draft.target(), draft.targetText(), draft.assessment(), LocalDate.now(clock),
                            reason, actor.name(), clock.instant());
                }
            }
            kept.add(indicators.save(indicator));
        }
        deleteIndicators(existing.values());
        audit.record(actor, Event.success("PLAN_REIMPORTED", "plan", planId, planId,
                "重新导入：" + changes.size() + "处变化；" + reason));
        return changes;
    }

    private void deleteIndicators(java.util.Collection<Indicator> doomed) {
        // children (其中 rows) first, so no parent is deleted while referenced
        List<Indicator> ordered = new ArrayList<>(doomed);
        ordered.sort((a, b) -> Boolean.compare(a.parentId() == null, b.parentId() == null));
        InUse.delete(() -> indicators.deleteAll(ordered),
                "新文件删去了已有单位填报数值的指标，不能按此文件更新；请核对文件或先与填报单位确认");
    }

    private static boolean sameTarget(Indicator indicator, IndicatorDraft draft) {
        BigDecimal newTarget = draft.assessment() == Assessment.STATISTICS_ONLY || draft.target() == null ? null
                : ExactDecimal.normalise(draft.target());
        return Objects.equals(indicator.target(), newTarget) && indicator.targetText().equals(draft.targetText().strip())
                && indicator.assessment() == effective(draft);
    }

    private static Assessment effective(IndicatorDraft draft) {
        return draft.assessment() == Assessment.ASSESSED && draft.target() == null ? Assessment.NO_TARGET : draft.assessment();
    }

    private static String taskKey(long leadUnitId, int seq) {
        return leadUnitId + "#" + seq;
    }

    private static String indicatorKey(@Nullable String code, String category, String name) {
        return code != null ? "code:" + code : "name:" + category + "/" + name;
    }

    /** The differences between a plan and a definition, for preview and for the history. */
    private final class Comparison {
        private final Plan plan;
        private final PlanDefinition definition;
        private final Map<Long, String> unitNames;

        Comparison(Plan plan, PlanDefinition definition) {
            this.plan = plan;
            this.definition = definition;
            this.unitNames = planUnits.byId(plan.districtId()).entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().name()));
        }

        PlanChanges changes() {
            PlanHeader h = definition.header();
            List<FieldChange> header = headerChanges(h);
            List<TaskChange> taskChanges = new ArrayList<>();
            Map<String, Task> existingTasks = new LinkedHashMap<>();
            tasks.findAllOfPlan(plan.id()).forEach(t -> existingTasks.put(taskKey(t.leadUnitId(), t.seq()), t));
            for (TaskDefinition d : definition.tasks()) {
                Task task = existingTasks.remove(taskKey(d.unitIds().get(0), d.seq()));
                String unit = unitNames.getOrDefault(d.unitIds().get(0), "?");
                if (task == null) {
                    taskChanges.add(new TaskChange(Kind.ADDED, unit, d.seq(), null, d.text()));
                } else if (!task.text().equals(d.text().strip()) || !task.unitIds().equals(d.unitIds())) {
                    taskChanges.add(new TaskChange(Kind.CHANGED, unit, d.seq(), describe(task.text(), task.unitIds()),
                            describe(d.text().strip(), d.unitIds())));
                }
            }
            existingTasks.values().forEach(t -> taskChanges.add(new TaskChange(Kind.REMOVED,
                    unitNames.getOrDefault(t.leadUnitId(), "?"), t.seq(), t.text(), null)));

            List<IndicatorChange> indicatorChanges = new ArrayList<>();
            Map<String, Indicator> existing = new LinkedHashMap<>();
            List<Indicator> current = indicators.findAllOfPlan(plan.id());
            Map<Long, Indicator> byId = new HashMap<>();
            current.forEach(i -> {
                existing.put(indicatorKey(i.code(), i.category(), i.name()), i);
                byId.put(i.id(), i);
            });
            List<IndicatorDefinition> defs = definition.indicators();
            for (IndicatorDefinition def : defs) {
                IndicatorDraft d = def.draft();
                Indicator i = existing.remove(indicatorKey(d.code(), d.category(), d.name()));
                if (i == null) {
                    indicatorChanges.add(new IndicatorChange(Kind.ADDED, d.code(), d.name(), List.of()));
                    continue;
                }
                List<FieldChange> fields = new ArrayList<>();
                field(fields, "名称", i.name(), d.name());
                field(fields, "类别", i.category(), d.category());
                field(fields, "计量单位", i.measureUnit(), d.measureUnit());
                if (!sameTarget(i, d)) field(fields, "目标任务", i.assessment().describe(i.target(), i.targetText()),
                        effective(d).describe(d.target(), d.targetText()));
                field(fields, "含存量", i.stockRule().label(), d.stockRule().label());
                String parentBefore = i.parentId() == null ? null : byId.get(i.parentId()).name();
                String parentAfter = def.parentIndex() == null ? null : defs.get(def.parentIndex()).draft().name();
                field(fields, "上级指标", parentBefore, parentAfter);
                field(fields, "责任单位", names(i.unitIds()), names(d.unitIds()));
                if (!fields.isEmpty()) indicatorChanges.add(new IndicatorChange(Kind.CHANGED, d.code(), d.name(), fields));
            }
            existing.values().forEach(i -> indicatorChanges.add(new IndicatorChange(Kind.REMOVED, i.code(), i.name(), List.of())));
            return new PlanChanges(header, taskChanges, indicatorChanges);
        }

        private List<FieldChange> headerChanges(PlanHeader h) {
            List<FieldChange> changes = new ArrayList<>();
            String newProgramme = programmes.byName(h.programme()).map(Programmes.Programme::name).orElse(h.programme());
            field(changes, "类别", programmes.nameOf(plan.programmeCode()), newProgramme);
            field(changes, "标题", plan.title(), h.title());
            field(changes, "通知标题", plan.noticeTitle(), h.noticeTitle());
            field(changes, "年度", String.valueOf(plan.year()), String.valueOf(h.year()));
            field(changes, "东部地区", plan.eastRegion(), h.eastRegion());
            field(changes, "西部地区", plan.westRegion(), h.westRegion());
            field(changes, "东部省份", plan.eastProvince(), h.eastProvince());
            field(changes, "西部省份", plan.westProvince(), h.westProvince());
            field(changes, "文号", plan.documentNumber(), h.documentNumber());
            field(changes, "发文机关", plan.issuer(), h.issuer());
            field(changes, "成文日期", Objects.toString(plan.issuedOn(), null), Objects.toString(h.issuedOn(), null));
            return changes;
        }

        private String describe(String text, List<Long> unitIds) {
            return "（" + names(unitIds) + "）" + text;
        }

        private String names(List<Long> unitIds) {
            return unitIds.stream().map(id -> unitNames.getOrDefault(id, "?")).collect(Collectors.joining("、"));
        }
    }

    private static void field(List<FieldChange> changes, String field, @Nullable String before, @Nullable String after) {
        if (!Objects.equals(before, after)) changes.add(new FieldChange(field, before, after));
    }


    /** The plan, when the actor holds the permission for its district; otherwise not found (and audited). */
    private Plan reachable(Actor actor, Permission permission, long planId) {
        Access.require(actor, permission);
        Plan plan = plans.require(planId);
        if (!Access.reachesDistrict(actor, permission, plan.districtId())) throw refusals.hidden(actor, "任务书", planId);
        return plan;
    }

    // ------------------------------------------------------------------ header

    public void reviseHeader(Actor actor, long planId, int expectedVersion, PlanHeader header) {
        Plan plan = reachable(actor, Permission.PLAN_EDIT, planId);
        Versions.expect(plan.version(), expectedVersion);
        String programme = programmes.require(header.programme()).code();
        java.time.LocalDate start = plan.assessmentStart();
        java.time.LocalDate end = plan.assessmentEnd();
        List<FieldChange> changes = plan.revise(programme, programmes.nameOf(programme),
                programmes.nameOf(plan.programmeCode()), header);
        if (changes.isEmpty()) return;
        plans.save(plan);
        audit.record(actor, Event.success("PLAN_HEADER_REVISED", "plan", planId, planId, describeChanges(changes)));
        if (!start.equals(plan.assessmentStart()) || !end.equals(plan.assessmentEnd())) {
            events.publishEvent(new PlanScheduled(planId, plan.assessmentStart(), plan.assessmentEnd(), plan.createdAt()));
        }
    }

    public void archive(Actor actor, long planId) {
        Plan plan = reachable(actor, Permission.PLAN_EDIT, planId);
        plan.archive();
        plans.save(plan);
        audit.record(actor, Event.success("PLAN_ARCHIVED", "plan", planId, planId, "归档"));
    }

    public void reactivate(Actor actor, long planId) {
        Plan plan = reachable(actor, Permission.PLAN_EDIT, planId);
        plan.reactivate();
        plans.save(plan);
        audit.record(actor, Event.success("PLAN_REACTIVATED", "plan", planId, planId, "恢复为执行中"));
    }

    private static String describeChanges(List<FieldChange> changes) {
        return changes.stream().map(c -> c.field() + "：" + Objects.toString(c.before(), "（空）") + " → "
                + Objects.toString(c.after(), "（空）")).collect(Collectors.joining("；"));
    }
}
