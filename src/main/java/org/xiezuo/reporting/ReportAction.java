package org.xiezuo.reporting;

/** What can be done to a report; each is allowed only in some states ({@link ReportStatus#after}). */
public enum ReportAction {
    SUBMIT("提交"),
    WITHDRAW("撤回"),
    UNIT_APPROVE("部门审核通过"),
    APPROVE("审核通过"),
    RETURN("退回");

    private final String label;

    ReportAction(String label) { this.label = label; }

    public String label() { return label; }
}
