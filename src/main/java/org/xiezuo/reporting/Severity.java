package org.xiezuo.reporting;

/** An error blocks submission; a warning allows it once a reason is given. */
public enum Severity {
    ERROR("错误"),
    WARNING("提醒");

    private final String label;

    Severity(String label) { this.label = label; }

    public String label() { return label; }
}
