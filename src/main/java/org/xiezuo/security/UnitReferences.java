package org.xiezuo.security;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.xiezuo.shared.BusinessRuleViolation;
import org.xiezuo.unit.District;
import org.xiezuo.unit.Districts;
import org.xiezuo.unit.Unit;
import org.xiezuo.unit.UnitNames;
import org.xiezuo.unit.Units;

/**
 * Units as account administration names them: grouped by district for choosing, and resolved from what
 * people type in a workbook or on the command line — the unit's name or one of its aliases, or
 * {@code 地区/单位} where the same name exists in several districts. A name that is unknown, or
 * ambiguous across districts, is refused with the name in the message, never guessed.
 */
@Component
public class UnitReferences {

    private final Units units;
    private final Districts districts;

    UnitReferences(Units units, Districts districts) {
        this.units = units;
        this.districts = districts;
    }

    /** A unit to choose, with its other names. */
    public record UnitChoice(long id, String name, List<String> aliases) {}

    /** The units of one district, by name. */
    public record DistrictUnits(long districtId, String district, List<UnitChoice> units) {}

    /** Every district with its units, districts and units ordered by name. */
    @Transactional(readOnly = true)
    public List<DistrictUnits> byDistrict() {
        return index().byDistrict();
    }

    /** The units and districts as they are now, for resolving many names against one snapshot. */
    @Transactional(readOnly = true)
    public Index index() {
        Map<Long, String> names = new LinkedHashMap<>();
        districts.findAll().stream().sorted(Comparator.comparing(District::name)).forEach(d -> names.put(d.id(), d.name()));
        return new Index(names, units.findAll());
    }

    /** A snapshot of the districts and their units. */
    public static final class Index {

        private final Map<Long, String> districtNames;
        private final List<Unit> units;

        Index(Map<Long, String> districtNames, List<Unit> units) {
            this.districtNames = districtNames;
            this.units = List.copyOf(units);
        }

        List<DistrictUnits> byDistrict() {
            List<DistrictUnits> result = new ArrayList<>();
            districtNames.forEach((id, name) -> {
                List<UnitChoice> choices = units.stream().filter(u -> u.districtId() == id)
                        .sorted(Comparator.comparing(Unit::name))
                        .map(u -> new UnitChoice(u.id(), u.name(), u.aliases())).toList();
                if (!choices.isEmpty()) result.add(new DistrictUnits(id, name, choices));
            });
            return result;
        }

        /**
         * The id of the unit {@code text} names: a name or alias, or {@code 地区/单位}. Throws a
         * {@link BusinessRuleViolation} ({@code unit.unknown}, {@code unit.ambiguous},
         * {@code unit.district.unknown}) whose message names what was typed.
         */
        public long resolve(String text) {
            String typed = UnitNames.normalise(text == null ? "" : text).replace('／', '/');
            if (typed.isEmpty()) throw new BusinessRuleViolation("unit.unknown", "单位名称为空");
            int slash = typed.indexOf('/');
            if (slash >= 0) return inDistrict(typed.substring(0, slash), typed.substring(slash + 1), typed);
            List<Unit> called = units.stream().filter(u -> u.isCalled(typed)).toList();
            if (called.isEmpty()) throw unknown(typed, units);
            if (called.size() > 1) {
                List<String> where = called.stream().map(u -> districtNames.get(u.districtId())).distinct().sorted().toList();
                throw new BusinessRuleViolation("unit.ambiguous", "单位「" + typed + "」在多个地区都有（"
                        + String.join("、", where) + "），请写成「地区/单位」，如「" + where.get(0) + "/" + typed + "」");
            }
            return called.get(0).id();
        }

        private long inDistrict(String district, String name, String typed) {
            Optional<Long> districtId = districtNames.entrySet().stream()
                    .filter(e -> UnitNames.normalise(e.getValue()).equals(district)).map(Map.Entry::getKey).findFirst();
            if (districtId.isEmpty()) {
                throw new BusinessRuleViolation("unit.district.unknown", "未知地区「" + district + "」（「" + typed + "」）");
            }
            List<Unit> ofDistrict = units.stream().filter(u -> u.districtId() == districtId.get()).toList();
            return ofDistrict.stream().filter(u -> u.isCalled(name)).findFirst().map(Unit::id)
                    .orElseThrow(() -> unknown(name, ofDistrict));
        }

        private static BusinessRuleViolation unknown(String typed, List<Unit> candidates) {
            Optional<Unit> similar = candidates.stream()
                    .filter(u -> UnitNames.similarity(u.name(), typed, null) > 0.5)
                    .max(Comparator.comparingDouble(u -> UnitNames.similarity(u.name(), typed, null)));
            return new BusinessRuleViolation("unit.unknown", "未知单位「" + typed + "」"
                    + similar.map(u -> "，是否指「" + u.name() + "」？").orElse(""));
        }
    }
}
