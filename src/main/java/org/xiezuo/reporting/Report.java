package org.xiezuo.reporting;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.jdbc.core.mapping.AggregateReference;
import org.xiezuo.plan.Plan;
import org.xiezuo.shared.AccessDenied;
import org.xiezuo.shared.BusinessRuleViolation;
import org.xiezuo.unit.Unit;

/**
 * A unit's progress report for one period, in one revision. Revision 1 is the first report; a
 * correction of an approved report is the next revision, reviewed again while the approved one keeps
 * counting. Its state moves only through the methods here, each guarded by {@link ReportStatus}.
 */
public class Report {

    static final int MAX_REASON = 500;

    private @Id @Nullable Long id;
    private @Version int version;
    private final AggregateReference<Plan, Long> plan;
    private final AggregateReference<Period, Long> period;
    private AggregateReference<Unit, Long> unit;
    private final int revision;
    private ReportStatus status;
    private @Nullable String correctionReason;
    private @Nullable String returnReason;
    private final String createdBy;
    private final Instant createdAt;
    private @Nullable String submittedBy;
    private @Nullable Instant submittedAt;
    private @Nullable String unitApprovedBy;
    private @Nullable Instant unitApprovedAt;
    private @Nullable String approvedBy;
    private @Nullable Instant approvedAt;
    private @Nullable String returnedBy;
    private @Nullable Instant returnedAt;

    @PersistenceCreator
    Report(@Nullable Long id, int version, AggregateReference<Plan, Long> plan, AggregateReference<Period, Long> period,
           AggregateReference<Unit, Long> unit, int revision, ReportStatus status, @Nullable String correctionReason,
           @Nullable String returnReason, String createdBy, Instant createdAt, @Nullable String submittedBy,
           @Nullable Instant submittedAt, @Nullable String unitApprovedBy, @Nullable Instant unitApprovedAt,
           @Nullable String approvedBy, @Nullable Instant approvedAt, @Nullable String returnedBy,
           @Nullable Instant returnedAt) {
        this.id = id;
        this.version = version;
        this.plan = plan;
        this.period = period;
        this.unit = unit;
        this.revision = revision;
        this.status = status;
        this.correctionReason = correctionReason;
        this.returnReason = returnReason;
        this.createdBy = createdBy;
        this.createdAt = createdAt;
        this.submittedBy = submittedBy;
        this.submittedAt = submittedAt;
        this.unitApprovedBy = unitApprovedBy;
        this.unitApprovedAt = unitApprovedAt;
        this.approvedBy = approvedBy;
        this.approvedAt = approvedAt;
        this.returnedBy = returnedBy;
        this.returnedAt = returnedAt;
    }

    /** The first report of a unit for a period, as a draft. */
    static Report open(long planId, long periodId, long unitId, String actor, Instant now) {
        return new Report(null, 0, AggregateReference.to(planId), AggregateReference.to(periodId),
                AggregateReference.to(unitId), 1, ReportStatus.DRAFT, null, null, actor, now, null, null, null, null,
                null, null, null, null);
    }

    /** The next revision of an approved report, as a draft carrying the reason for the correction. */
    Report correction(String actor, String reason, Instant now) {
        if (status != ReportStatus.APPROVED) {
            throw new BusinessRuleViolation("report.correction", "只有已审核通过的报告才需要更正；当前报告为「" + status.label() + "」，可直接修改");
        }
        return new Report(null, 0, plan, period, unit, revision + 1, ReportStatus.DRAFT, reason(reason, "更正原因"), null,
                actor, now, null, null, null, null, null, null, null, null);
    }

    /** Submits (again): the last return and its reason stay on record for the history and the reviewer. */
    void submit(String actor, Instant now) {
        status = status.after(ReportAction.SUBMIT);
        submittedBy = actor;
        submittedAt = now;
        unitApprovedBy = null;
        unitApprovedAt = null;
    }

    /** Back to draft, by the person who submitted it, while nobody has reviewed it. */
    void withdraw(String actor) {
        ReportStatus next = status.after(ReportAction.WITHDRAW);
        if (!actor.equals(submittedBy)) throw new AccessDenied("只有提交人可以撤回");
        status = next;
        submittedBy = null;
        submittedAt = null;
    }

    /** The unit head's approval; never of one's own submission. */
    void approveForUnit(String actor, Instant now) {
        ReportStatus next = status.after(ReportAction.UNIT_APPROVE);
        requireOtherThanSubmitter(actor);
        status = next;
        unitApprovedBy = actor;
        unitApprovedAt = now;
    }

    /**
     * The coordinator's approval. A unit with a head must have its head's approval first; nobody approves
     * their own submission.
     */
    void approve(String actor, Instant now, boolean unitHasHead) {
        ReportStatus next = status.after(ReportAction.APPROVE);
        if (status == ReportStatus.SUBMITTED && unitHasHead) {
            throw new BusinessRuleViolation("report.state", "当前状态不允许此操作：本单位设有部门负责人，须先由部门负责人审核");
        }
        requireOtherThanSubmitter(actor);
        status = next;
        approvedBy = actor;
        approvedAt = now;
    }

    /** Back to the reporter with a reason, at either review step. */
    void returnWith(String actor, String reason, Instant now) {
        ReportStatus next = status.after(ReportAction.RETURN);
        requireOtherThanSubmitter(actor);
        returnReason = reason(reason, "退回原因");
        status = next;
        returnedBy = actor;
        returnedAt = now;
    }

    /** Moves the report to the unit that stays when two units are merged. */
    void moveTo(long unitId) {
        unit = AggregateReference.to(unitId);
    }

    private void requireOtherThanSubmitter(String actor) {
        if (actor.equals(submittedBy)) throw new AccessDenied("不能审核本人提交的数据");
    }

    void requireEditable() {
        if (!status.editable()) {
            throw new BusinessRuleViolation("report.state", "当前状态不允许此操作：报告为「" + status.label() + "」，不能修改"
                    + (status == ReportStatus.APPROVED ? "；如需更正请申请更正" : ""));
        }
    }

    private static String reason(@Nullable String text, String what) {
        String clean = text == null ? "" : text.strip();
        if (clean.isEmpty()) throw new BusinessRuleViolation("report.reason", "请填写" + what);
        if (clean.length() > MAX_REASON) throw new BusinessRuleViolation("report.reason", what + "最多" + MAX_REASON + "个字");
        return clean;
    }

    public Long id() {
        if (id == null) throw new IllegalStateException("report not saved");
        return id;
    }

    public int version() { return version; }

    public long planId() { return plan.getId(); }

    public long periodId() { return period.getId(); }

    public long unitId() { return unit.getId(); }

    public int revision() { return revision; }

    public ReportStatus status() { return status; }

    public @Nullable String correctionReason() { return correctionReason; }

    public @Nullable String returnReason() { return returnReason; }

    public String createdBy() { return createdBy; }

    public Instant createdAt() { return createdAt; }

    public @Nullable String submittedBy() { return submittedBy; }

    public @Nullable Instant submittedAt() { return submittedAt; }

    public @Nullable String unitApprovedBy() { return unitApprovedBy; }

    public @Nullable Instant unitApprovedAt() { return unitApprovedAt; }

    public @Nullable String approvedBy() { return approvedBy; }

    public @Nullable Instant approvedAt() { return approvedAt; }

    public @Nullable String returnedBy() { return returnedBy; }

    public @Nullable Instant returnedAt() { return returnedAt; }
}
