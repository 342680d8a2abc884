package org.xiezuo.supervision;

import java.time.LocalDate;

/**
 * How late a unit's answer is: yellow from the response deadline, red {@code redAfterDays} days after it
 * (default 3), while the part still waits for the unit; none once answered or closed.
 */
public enum Escalation {
    NONE("", ""), YELLOW("黄色预警", "text-bg-warning"), RED("红色预警", "text-bg-danger");

    private final String label;
    private final String css;

    Escalation(String label, String css) {
        this.label = label;
        this.css = css;
    }

    public String label() { return label; }

    public String css() { return css; }

    public static Escalation of(PartState state, LocalDate deadline, LocalDate today, int redAfterDays) {
        if (!state.awaitingUnit()) return NONE;
        if (today.isAfter(deadline.plusDays(redAfterDays - 1L))) return RED;
        if (!today.isBefore(deadline)) return YELLOW;
        return NONE;
    }
}
