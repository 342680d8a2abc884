package org.xiezuo.reporting;

import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;

/** How often units report over the assessment year. */
public enum Cadence {
    MONTHLY("每月"),
    HALF_MONTHLY("每半月"),
    QUARTERLY("每季度");

    private final String label;

    Cadence(String label) { this.label = label; }

    public String label() { return label; }

    /** One period of the cycle: its first and last day (inclusive) and how people call it. */
    public record Span(LocalDate start, LocalDate end, String label) {}

    /** The periods covering {@code start}..{@code end} (inclusive); the first and last may be shorter. */
    public List<Span> spans(LocalDate start, LocalDate end) {
        List<Span> spans = new ArrayList<>();
        LocalDate from = start;
        while (!from.isAfter(end)) {
            LocalDate naturalEnd = naturalEnd(from);
            LocalDate to = naturalEnd.isAfter(end) ? end : naturalEnd;
            spans.add(new Span(from, to, label(from)));
            from = to.plusDays(1);
        }
        return spans;
    }

    private LocalDate naturalEnd(LocalDate day) {
        return switch (this) {
            case MONTHLY -> day.with(TemporalAdjusters.lastDayOfMonth());
            case HALF_MONTHLY -> day.getDayOfMonth() <= 15 ? day.withDayOfMonth(15) : day.with(TemporalAdjusters.lastDayOfMonth());
            case QUARTERLY -> day.withMonth((day.getMonthValue() - 1) / 3 * 3 + 3).with(TemporalAdjusters.lastDayOfMonth());
        };
    }

    private String label(LocalDate day) {
        return switch (this) {
            case MONTHLY -> day.getYear() + "年" + day.getMonthValue() + "月";
            case HALF_MONTHLY -> day.getYear() + "年" + day.getMonthValue() + "月" + (day.getDayOfMonth() <= 15 ? "上半月" : "下半月");
            case QUARTERLY -> day.getYear() + "年第" + "一二三四".charAt((day.getMonthValue() - 1) / 3) + "季度";
        };
    }
}
