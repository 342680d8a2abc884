package org.xiezuo.reporting;

/** Whether a period still takes data. A closed period accepts changes only through a correction. */
public enum PeriodStatus {
    OPEN("填报中"),
    CLOSED("已关闭");

    private final String label;

    PeriodStatus(String label) { this.label = label; }

    public String label() { return label; }
}
