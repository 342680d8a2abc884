package org.xiezuo.importer;

/** Life of an import draft. */
public enum DraftStatus {
    /** 待确认: parsed, shown in the preview, nothing saved to the plan yet. */
    PENDING("待确认"),
    /** 已导入: confirmed; the plan was created or updated. */
    CONFIRMED("已导入"),
    /** 已取消: the user cancelled; nothing was saved. */
    CANCELLED("已取消");

    private final String label;

    DraftStatus(String label) { this.label = label; }

    public String label() { return label; }
}
