package org.xiezuo.plan;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;
import org.xiezuo.shared.BusinessRuleViolation;
import org.xiezuo.unit.Unit;
import org.xiezuo.unit.Units;

/** The units of a plan's district, for checking responsibilities and naming them in the history. */
@Component
class PlanUnits {

    private final Units units;

    PlanUnits(Units units) {
        this.units = units;
    }

    Map<Long, Unit> byId(long districtId) {
        Map<Long, Unit> map = new LinkedHashMap<>();
        units.findAllOfDistrict(districtId).forEach(u -> map.put(u.id(), u));
        return map;
    }

    /** Refuses a unit of another district: responsibilities stay inside the plan's district. */
    void requireAll(long districtId, Collection<Long> unitIds) {
        Map<Long, Unit> known = byId(districtId);
        for (Long id : unitIds) {
            if (!known.containsKey(id)) {
                throw new BusinessRuleViolation("plan.unit.foreign", "责任单位（编号" + id + "）不属于本任务书所在地区");
            }
        }
    }

    String names(long districtId, List<Long> unitIds) {
        Map<Long, Unit> known = byId(districtId);
        return unitIds.stream().map(id -> known.containsKey(id) ? known.get(id).name() : "?").collect(Collectors.joining("、"));
    }
}
