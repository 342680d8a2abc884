package org.xiezuo.plan.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.xiezuo.shared.BusinessRuleViolation;
import org.xiezuo.unit.Organisation;
import org.xiezuo.unit.Unit;
import org.xiezuo.unit.UnitNames;

/** A responsible-units field as typed: names separated by 、，or spaces, lead first, aliases accepted. */
final class UnitListField {

    private UnitListField() {}

    static List<Long> resolve(Organisation organisation, long districtId, String typed, String regionPrefix) {
        List<String> names = UnitNames.splitList(typed == null ? "" : typed);
        if (names.isEmpty()) throw new BusinessRuleViolation("form.units.empty", "请填写责任单位（第一个为牵头单位）");
        List<Long> ids = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (String name : names) {
            Optional<Unit> unit = organisation.match(districtId, name, regionPrefix);
            if (unit.isEmpty()) {
                unknown.add(name);
            } else if (!ids.contains(unit.get().id())) {
                ids.add(unit.get().id());
            }
        }
        if (!unknown.isEmpty()) {
            throw new BusinessRuleViolation("form.units.unknown", "未找到单位：" + String.join("、", unknown)
                    + "。请使用单位列表中的名称或别名，或先在“单位”页新增别名");
        }
        return ids;
    }

    static String format(List<String> names) {
        return String.join("、", names);
    }
}
