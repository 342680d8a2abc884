package org.xiezuo.plan;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A whole plan as a document defines it, with units already resolved to ids: what an import creates
 * or, for a re-import, what the plan is brought in line with.
 */
public record PlanDefinition(PlanHeader header, List<TaskDefinition> tasks, List<IndicatorDefinition> indicators) {

    public PlanDefinition {
        tasks = List.copyOf(tasks);
        indicators = List.copyOf(indicators);
    }

    /** A task; {@code seq} counts within its lead unit's section from 1. */
    public record TaskDefinition(List<Long> unitIds, int seq, String text, @Nullable String sourceLocation) {
        public TaskDefinition {
            unitIds = List.copyOf(unitIds);
        }
    }

    /** An indicator; {@code parentIndex} points into {@link #indicators()} for 其中 rows. */
    public record IndicatorDefinition(IndicatorDraft draft, @Nullable Integer parentIndex, @Nullable String sourceLocation) {}
}
