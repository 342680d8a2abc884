package org.xiezuo.assessment;

import java.math.BigDecimal;
import java.util.List;

import org.jspecify.annotations.Nullable;

/** A category's subtotal: the (weighted) mean score of its assessed indicators, its grade, its indicators. */
public record CategoryResult(String name, @Nullable BigDecimal score, @Nullable String grade, List<Long> indicatorIds) {

    public CategoryResult {
        indicatorIds = List.copyOf(indicatorIds);
    }
}
