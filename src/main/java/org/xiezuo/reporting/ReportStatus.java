package org.xiezuo.reporting;

import java.util.EnumMap;
import java.util.Map;

import org.xiezuo.shared.BusinessRuleViolation;

/**
 * Where a report stands. The transitions are this table and nothing else: a report is edited in DRAFT
 * or RETURNED, submitted, approved by the unit head (when the unit has one) and by the coordinator, or
 * returned with a reason at either review step; a submission nobody has reviewed can be withdrawn.
 * APPROVED is final: a correction is a new revision.
 */
public enum ReportStatus {
    DRAFT("草稿"),
    SUBMITTED("待审核"),
    UNIT_APPROVED("部门已审核"),
    APPROVED("已审核通过"),
    RETURNED("已退回");

    /** Thrown for an action the state does not allow; answered 409 "当前状态不允许此操作". */
    public static final class IllegalTransition extends BusinessRuleViolation {
        IllegalTransition(ReportStatus from, ReportAction action) {
            super("report.state", "当前状态不允许此操作：报告为「" + from.label() + "」，不能" + action.label());
        }
    }

    private static final Map<ReportStatus, Map<ReportAction, ReportStatus>> NEXT = new EnumMap<>(ReportStatus.class);

    static {
        allow(DRAFT, ReportAction.SUBMIT, SUBMITTED);
        allow(RETURNED, ReportAction.SUBMIT, SUBMITTED);
        allow(SUBMITTED, ReportAction.WITHDRAW, DRAFT);
        allow(SUBMITTED, ReportAction.UNIT_APPROVE, UNIT_APPROVED);
        allow(SUBMITTED, ReportAction.APPROVE, APPROVED);
        allow(SUBMITTED, ReportAction.RETURN, RETURNED);
        allow(UNIT_APPROVED, ReportAction.APPROVE, APPROVED);
        allow(UNIT_APPROVED, ReportAction.RETURN, RETURNED);
    }

    private static void allow(ReportStatus from, ReportAction action, ReportStatus to) {
        NEXT.computeIfAbsent(from, f -> new EnumMap<>(ReportAction.class)).put(action, to);
    }

    private final String label;

    ReportStatus(String label) { this.label = label; }

    public String label() { return label; }

    /** The state after {@code action}, or {@link IllegalTransition}. */
    public ReportStatus after(ReportAction action) {
        ReportStatus next = NEXT.getOrDefault(this, Map.of()).get(action);
        if (next == null) throw new IllegalTransition(this, action);
        return next;
    }

    public boolean allows(ReportAction action) {
        return NEXT.getOrDefault(this, Map.of()).containsKey(action);
    }

    /** Values, task updates and evidence can change only here. */
    public boolean editable() { return this == DRAFT || this == RETURNED; }

    /** Waiting for a reviewer. */
    public boolean awaitingReview() { return this == SUBMITTED || this == UNIT_APPROVED; }
}
