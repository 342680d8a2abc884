package org.xiezuo.plan;

import java.math.BigDecimal;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * An indicator as the coordinator or a document defines it. {@code targetText} is the printed target;
 * {@code target} its exact value when it is a number. {@code parentId} makes it a 其中 row.
 */
public record IndicatorDraft(@Nullable String code, String category, String name, @Nullable String measureUnit,
                             @Nullable BigDecimal target, String targetText, Assessment assessment, StockRule stockRule,
                             @Nullable Long parentId, List<Long> unitIds) {
    public IndicatorDraft {
        unitIds = List.copyOf(unitIds);
    }
}
