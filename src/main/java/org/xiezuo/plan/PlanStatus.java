package org.xiezuo.plan;

/** Life of a plan. */
public enum PlanStatus {
    /** 执行中: reported on and assessed. */
    ACTIVE("执行中", true),
    /** 已归档: the year is over; kept for reference, no longer changed. */
    ARCHIVED("已归档", false);

    private final String label;
    private final boolean editable;

    PlanStatus(String label, boolean editable) {
        this.label = label;
        this.editable = editable;
    }

    public String label() { return label; }

    public boolean isEditable() { return editable; }
}
