package org.xiezuo.reporting;

/** How far a task has come in a period. */
public enum TaskProgress {
    NOT_STARTED("未启动"),
    IN_PROGRESS("推进中"),
    DONE("已完成"),
    LAGGING("滞后");

    private final String label;

    TaskProgress(String label) { this.label = label; }

    public String label() { return label; }

    /** By label (未启动 …) or code, as typed in a form or a spreadsheet; null when neither. */
    public static @org.jspecify.annotations.Nullable TaskProgress parse(@org.jspecify.annotations.Nullable String text) {
        if (text == null) return null;
        String t = text.strip();
        for (TaskProgress p : values()) {
            if (p.label.equals(t) || p.name().equalsIgnoreCase(t)) return p;
        }
        return null;
    }
}
