package org.xiezuo.plan;

import java.util.LinkedHashSet;
import java.util.List;

import org.xiezuo.shared.BusinessRuleViolation;

/** Rules for a list of responsible units: at least one, no unit twice, the first one leads. */
final class Responsibility {

    private Responsibility() {}

    static List<Long> checked(List<Long> unitIds, String what) {
        if (unitIds.isEmpty()) {
            throw new BusinessRuleViolation("responsibility.empty", what + "至少需要一个责任单位");
        }
        if (new LinkedHashSet<>(unitIds).size() != unitIds.size()) {
            throw new BusinessRuleViolation("responsibility.duplicate", what + "的责任单位有重复");
        }
        return List.copyOf(unitIds);
    }

    /** The list with {@code from} replaced by {@code into}, each unit once, order kept (the lead stays first). */
    static List<Long> replaced(List<Long> unitIds, long from, long into) {
        LinkedHashSet<Long> result = new LinkedHashSet<>();
        for (Long id : unitIds) result.add(id == from ? into : id);
        return List.copyOf(result);
    }
}
