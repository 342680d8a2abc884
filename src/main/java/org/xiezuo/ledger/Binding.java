package org.xiezuo.ledger;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * An indicator bound to a ledger measure: which records (kind, category, 脱贫 only, in a park or not,
 * dispatch duration in months) under which time rule, counted or summed how.
 */
public record Binding(long indicatorId, long planId, LedgerKind kind, Measure measure, TimeRule timeRule,
                      @Nullable String category, boolean poorOnly, @Nullable Boolean inPark,
                      @Nullable Integer minMonths, @Nullable Integer maxMonths) {

    /** "就业人员 · 到我省 · 脱贫人口 · 年内存续（含存量） · 不重复人数". */
    public String describe() {
        List<String> parts = new ArrayList<>();
        parts.add(kind.label());
        if (category != null) parts.add(category);
        if (poorOnly) parts.add("仅脱贫人口");
        if (inPark != null) parts.add(inPark ? "园区内" : "园区外");
        if (minMonths != null || maxMonths != null) {
            parts.add((minMonths == null ? "" : minMonths + "个月及以上") + (minMonths != null && maxMonths != null ? "、" : "")
                    + (maxMonths == null ? "" : maxMonths + "个月及以下"));
        }
        parts.add(timeRule.label());
        parts.add(measure.label(kind));
        return String.join(" · ", parts);
    }
}
