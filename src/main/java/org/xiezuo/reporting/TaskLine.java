package org.xiezuo.reporting;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.jdbc.core.mapping.AggregateReference;
import org.xiezuo.plan.Task;

/** A unit's update on one task in one report: progress, what was done, the reason for a warning. */
public class TaskLine {

    static final int MAX_NARRATIVE = 5000;

    private @Id @Nullable Long id;
    private @Version int version;
    private final AggregateReference<Report, Long> report;
    private final AggregateReference<Task, Long> task;
    private TaskProgress progress;
    private @Nullable String narrative;
    private @Nullable String reason;
    private String updatedBy;
    private Instant updatedAt;

    @PersistenceCreator
    TaskLine(@Nullable Long id, int version, AggregateReference<Report, Long> report, AggregateReference<Task, Long> task,
             TaskProgress progress, @Nullable String narrative, @Nullable String reason, String updatedBy, Instant updatedAt) {
        this.id = id;
        this.version = version;
        this.report = report;
        this.task = task;
        this.progress = progress;
        this.narrative = narrative;
        this.reason = reason;
        this.updatedBy = updatedBy;
        this.updatedAt = updatedAt;
    }

    static TaskLine blank(long reportId, long taskId, String actor, Instant now) {
        return new TaskLine(null, 0, AggregateReference.to(reportId), AggregateReference.to(taskId), TaskProgress.NOT_STARTED,
                null, null, actor, now);
    }

    TaskLine copyTo(long reportId, String actor, Instant now) {
        return new TaskLine(null, 0, AggregateReference.to(reportId), task, progress, narrative, reason, actor, now);
    }

    void record(TaskProgress newProgress, @Nullable String newNarrative, @Nullable String newReason, String actor, Instant now) {
        progress = newProgress;
        narrative = IndicatorLine.text(newNarrative, MAX_NARRATIVE, "进展情况");
        reason = IndicatorLine.text(newReason, Report.MAX_REASON, "原因");
        updatedBy = actor;
        updatedAt = now;
    }

    public Long id() {
        if (id == null) throw new IllegalStateException("line not saved");
        return id;
    }

    public int version() { return version; }

    public long reportId() { return report.getId(); }

    public long taskId() { return task.getId(); }

    public TaskProgress progress() { return progress; }

    public @Nullable String narrative() { return narrative; }

    public @Nullable String reason() { return reason; }

    public String updatedBy() { return updatedBy; }

    public Instant updatedAt() { return updatedAt; }
}
