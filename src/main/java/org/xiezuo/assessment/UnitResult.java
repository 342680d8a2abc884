package org.xiezuo.assessment;

import java.math.BigDecimal;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.xiezuo.plan.PlanBook;

/**
 * A responsible unit's score: 100 × the (weighted) mean of the plan-level scores of the assessed
 * indicators it leads or co-owns, its grade and rank (0 with no assessed indicator: no score, listed
 * last), the indicators that produced it, and the supervision deductions taken off it (how many, how many
 * points; the score is never below 0).
 */
public record UnitResult(PlanBook.UnitRef unit, @Nullable BigDecimal score, @Nullable String grade, int rank,
                         List<Long> indicatorIds, int deductions, BigDecimal deducted) {

    public UnitResult {
        indicatorIds = List.copyOf(indicatorIds);
    }

    public UnitResult(PlanBook.UnitRef unit, @Nullable BigDecimal score, @Nullable String grade, int rank, List<Long> indicatorIds) {
        this(unit, score, grade, rank, indicatorIds, 0, BigDecimal.ZERO);
    }

    public boolean ranked() { return rank > 0; }
}
