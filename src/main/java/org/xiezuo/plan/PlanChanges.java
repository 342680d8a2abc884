package org.xiezuo.plan;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.xiezuo.plan.Plan.FieldChange;

/** What bringing a plan in line with a document would change; shown before a re-import is applied. */
public record PlanChanges(List<FieldChange> header, List<TaskChange> tasks, List<IndicatorChange> indicators) {

    public PlanChanges {
        header = List.copyOf(header);
        tasks = List.copyOf(tasks);
        indicators = List.copyOf(indicators);
    }

    public enum Kind {
        ADDED("新增"), REMOVED("删除"), CHANGED("修改");

        private final String label;

        Kind(String label) { this.label = label; }

        public String label() { return label; }
    }

    /** A task added, removed or changed, named by its lead unit and number in that unit's section. */
    public record TaskChange(Kind kind, String unit, int seq, @Nullable String before, @Nullable String after) {}

    /** An indicator added, removed or changed, with the fields that differ. */
    public record IndicatorChange(Kind kind, @Nullable String code, String name, List<FieldChange> fields) {
        public IndicatorChange {
            fields = List.copyOf(fields);
        }
    }

    public boolean isEmpty() {
        return header.isEmpty() && tasks.isEmpty() && indicators.isEmpty();
    }

    public int size() {
        return header.size() + tasks.size() + indicators.size();
    }
}
