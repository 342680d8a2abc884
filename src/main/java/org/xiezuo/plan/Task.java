package org.xiezuo.plan;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.jdbc.core.mapping.AggregateReference;
import org.xiezuo.shared.BusinessRuleViolation;

/** A qualitative task (重点工作任务) of a plan with its responsible units, lead first. */
public class Task {

    static final int MAX_TEXT = 5000;

    private @Id @Nullable Long id;
    private @Version int version;
    private final AggregateReference<Plan, Long> plan;
    private int position;
    private int seq;
    private String taskText;
    private @Nullable LocalDate deadline;
    private @Nullable String sourceLocation;
    private List<TaskUnit> units;

    @PersistenceCreator
    Task(@Nullable Long id, int version, AggregateReference<Plan, Long> plan, int position, int seq, String taskText,
         @Nullable LocalDate deadline, @Nullable String sourceLocation, List<TaskUnit> units) {
        this.id = id;
        this.version = version;
        this.plan = plan;
        this.position = position;
        this.seq = seq;
        this.taskText = taskText;
        this.deadline = deadline;
        this.sourceLocation = sourceLocation;
        this.units = new ArrayList<>(units);
    }

    static Task define(long planId, int position, int seq, String text, List<Long> unitIds, @Nullable LocalDate deadline,
                       @Nullable String sourceLocation) {
        Task task = new Task(null, 0, AggregateReference.to(planId), position, seq, checkedText(text), deadline,
                sourceLocation, List.of());
        task.assign(unitIds);
        return task;
    }

    private static String checkedText(String text) {
        String clean = text == null ? "" : text.strip();
        if (clean.isEmpty()) throw new BusinessRuleViolation("task.text.empty", "任务内容不能为空");
        if (clean.length() > MAX_TEXT) throw new BusinessRuleViolation("task.text.long", "任务内容最多" + MAX_TEXT + "个字");
        return clean;
    }

    void assign(List<Long> unitIds) {
        units = new ArrayList<>(Responsibility.checked(unitIds, "任务").stream().map(TaskUnit::of).toList());
    }

    void rewrite(String text, @Nullable LocalDate newDeadline) {
        taskText = checkedText(text);
        deadline = newDeadline;
    }

    void place(int newPosition, int newSeq) {
        position = newPosition;
        seq = newSeq;
    }

    /** Moves responsibility from a merged unit to the one that stays; false when the unit had none here. */
    boolean replaceUnit(long from, long into) {
        if (!unitIds().contains(from)) return false;
        units = new ArrayList<>(Responsibility.replaced(unitIds(), from, into).stream().map(TaskUnit::of).toList());
        return true;
    }

    public Long id() {
        if (id == null) throw new IllegalStateException("task not saved");
        return id;
    }

    public int version() { return version; }

    boolean isNew() { return id == null; }

    public long planId() { return plan.getId(); }

    public int position() { return position; }

    public int seq() { return seq; }

    public String text() { return taskText; }

    public @Nullable LocalDate deadline() { return deadline; }

    public @Nullable String sourceLocation() { return sourceLocation; }

    public List<Long> unitIds() { return units.stream().map(TaskUnit::unitId).toList(); }

    public long leadUnitId() { return units.get(0).unitId(); }
}
