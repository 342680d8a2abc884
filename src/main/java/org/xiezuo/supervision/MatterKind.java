package org.xiezuo.supervision;

/** What an order is about. */
public enum MatterKind {
    INDICATOR("指标滞后"), TASK("任务推进"), OVERDUE_REPORT("逾期未报"), OTHER("其他事项");

    private final String label;

    MatterKind(String label) { this.label = label; }

    public String label() { return label; }
}
