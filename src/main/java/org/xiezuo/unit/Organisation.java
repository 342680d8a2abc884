package org.xiezuo.unit;

import java.time.Clock;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.xiezuo.audit.AuditTrail;
import org.xiezuo.audit.AuditTrail.Event;
import org.xiezuo.audit.Refusals;
import org.xiezuo.shared.Access;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.BusinessRuleViolation;
import org.xiezuo.shared.Permission;

/**
 * Maintains districts and their units: creates them as documents name them, records the other names
 * units go by, renames and merges them. Every change is audited.
 */
@Service
@Transactional
public class Organisation {

    private final Districts districts;
    private final Units units;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;
    private final Refusals refusals;
    private final Clock clock;

    Organisation(Districts districts, Units units, AuditTrail audit, ApplicationEventPublisher events, Refusals refusals,
                 Clock clock) {
        this.refusals = refusals;
        this.districts = districts;
        this.units = units;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    /** The district of that name, created when it does not exist yet. */
    public District ensureDistrict(Actor actor, String name, @Nullable String province) {
        Access.require(actor, Permission.PLAN_IMPORT);
        Optional<District> existing = districts.findByName(name.strip());
        if (existing.isPresent()) {
            District district = existing.get();
            if (!Access.reachesDistrict(actor, Permission.PLAN_IMPORT, district.id())) {
                throw new BusinessRuleViolation("district.foreign", "只能导入本地区的任务书（文件属于「" + district.name() + "」）");
            }
            if (district.province() == null && province != null) {
                district.province(province);
                districts.save(district);
            }
            return district;
        }
        if (Access.visibleDistricts(actor, Permission.PLAN_IMPORT).isPresent()) {
            throw new BusinessRuleViolation("district.new", "本账号只能导入本地区的任务书，不能新建地区「" + name.strip() + "」");
        }
        District district = districts.save(District.named(name, province, clock.instant()));
        audit.record(actor, Event.success("DISTRICT_CREATED", "district", district.id(), null, district.name()));
        return district;
    }

    /** Serialises plan imports of one district until the caller's transaction ends. */
    public void lockDistrict(long districtId) {
        districts.lock(districtId);
    }

    /**
     * Finds or creates the units a document names and records the names it uses for them. Returns
     * every name and alias of the specs mapped to the unit id.
     */
    public Map<String, Long> ensureUnits(Actor actor, long districtId, List<UnitSpec> specs, @Nullable Long planId) {
        Access.require(actor, Permission.PLAN_IMPORT);
        if (!Access.reachesDistrict(actor, Permission.PLAN_IMPORT, districtId)) {
            throw new org.xiezuo.shared.AccessDenied("只能维护本地区的单位");
        }
        List<Unit> known = new java.util.ArrayList<>(units.findAllOfDistrict(districtId));
        Map<String, Long> ids = new LinkedHashMap<>();
        for (UnitSpec spec : specs) {
            Unit unit;
            if (spec.existingUnitId() != null) {
                unit = known.stream().filter(u -> u.id().equals(spec.existingUnitId())).findFirst()
                        .orElseThrow(() -> new BusinessRuleViolation("unit.mapping.invalid",
                                "「" + spec.name() + "」要对应的单位不属于本地区"));
            } else {
                unit = known.stream().filter(u -> u.isCalled(spec.name())).findFirst().orElse(null);
            }
            if (unit == null) {
                unit = units.save(Unit.create(districtId, spec.name(), Side.EAST, clock.instant()));
                known.add(unit);
                audit.record(actor, Event.success("UNIT_CREATED", "unit", unit.id(), planId, unit.name()));
            }
            boolean changed = false;
            for (String name : concat(spec.name(), spec.aliases())) {
                if (!unit.isCalled(name)) {
                    checkNameFree(known, unit, name);
                    unit.addAlias(name);
                    changed = true;
                    audit.record(actor, Event.success("UNIT_ALIAS_ADDED", "unit", unit.id(), planId,
                            unit.name() + " 别名 " + UnitNames.normalise(name)));
                }
                ids.put(UnitNames.normalise(name), unit.id());
            }
            if (changed) {
                Unit saved = units.save(unit);
                known.replaceAll(u -> u.id().equals(saved.id()) ? saved : u);
            }
        }
        return ids;
    }

    private static List<String> concat(String first, List<String> rest) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(first), rest.stream()).toList();
    }

    private static void checkNameFree(List<Unit> known, Unit owner, String name) {
        for (Unit other : known) {
            if (!other.id().equals(owner.id()) && other.isCalled(name)) {
                throw new BusinessRuleViolation("unit.alias.taken",
                        "名称「" + UnitNames.normalise(name) + "」已是单位「" + other.name() + "」的名称或别名");
            }
        }
    }

    /** The unit of the district that a printed name means: by name, alias or short form. */
    @Transactional(readOnly = true)
    public Optional<Unit> match(long districtId, String name, @Nullable String regionPrefix) {
        List<Unit> known = units.findAllOfDistrict(districtId);
        Optional<Unit> exact = known.stream().filter(u -> u.isCalled(name)).findFirst();
        if (exact.isPresent()) return exact;
        String key = UnitNames.key(name, regionPrefix);
        return known.stream()
                .filter(u -> UnitNames.key(u.name(), regionPrefix).equals(key)
                        || u.aliases().stream().anyMatch(a -> UnitNames.key(a, regionPrefix).equals(key)))
                .findFirst();
    }

    /** Existing units ordered by how much their names resemble {@code name}, best first. */
    @Transactional(readOnly = true)
    public List<Unit> similar(long districtId, String name, @Nullable String regionPrefix, int limit) {
        return units.findAllOfDistrict(districtId).stream()
                .filter(u -> UnitNames.similarity(u.name(), name, regionPrefix) > 0.5)
                .sorted(Comparator.comparingDouble((Unit u) -> UnitNames.similarity(u.name(), name, regionPrefix)).reversed())
                .limit(limit)
                .toList();
    }

    /** The unit, when the actor may edit units of its district; otherwise not found (and audited). */
    private Unit editableUnit(Actor actor, long unitId) {
        Access.require(actor, Permission.UNIT_EDIT);
        Unit unit = units.require(unitId);
        if (!Access.reachesDistrict(actor, Permission.UNIT_EDIT, unit.districtId())) throw refusals.hidden(actor, "单位", unitId);
        return unit;
    }

    /** A district with its units, ordered by name. */
    public record DistrictUnits(District district, List<Unit> units) {}

    /** The districts whose units the actor may maintain, each with its units; districts by name. */
    @Transactional(readOnly = true)
    public List<DistrictUnits> editableUnits(Actor actor) {
        Access.require(actor, Permission.UNIT_EDIT);
        return districts.findAll().stream()
                .filter(d -> Access.reachesDistrict(actor, Permission.UNIT_EDIT, d.id()))
                .sorted(Comparator.comparing(District::name))
                .map(d -> new DistrictUnits(d, units.findAllOfDistrict(d.id()).stream()
                        .sorted(Comparator.comparing(Unit::name)).toList()))
                .toList();
    }

    @Transactional(readOnly = true)
    public List<Unit> unitsOf(long districtId) {
        return units.findAllOfDistrict(districtId);
    }

    public void addAlias(Actor actor, long unitId, String alias) {
        Unit unit = editableUnit(actor, unitId);
        if (unit.isCalled(alias)) return;
        checkNameFree(units.findAllOfDistrict(unit.districtId()), unit, alias);
        unit.addAlias(alias);
        units.save(unit);
        audit.record(actor, Event.success("UNIT_ALIAS_ADDED", "unit", unitId, null,
                unit.name() + " 别名 " + UnitNames.normalise(alias)));
    }

    public void removeAlias(Actor actor, long unitId, String alias) {
        Unit unit = editableUnit(actor, unitId);
        unit.removeAlias(alias);
        units.save(unit);
        audit.record(actor, Event.success("UNIT_ALIAS_REMOVED", "unit", unitId, null,
                unit.name() + " 删除别名 " + UnitNames.normalise(alias)));
    }

    public void rename(Actor actor, long unitId, String newName) {
        Unit unit = editableUnit(actor, unitId);
        String old = unit.name();
        checkNameFree(units.findAllOfDistrict(unit.districtId()), unit, newName);
        unit.rename(newName);
        units.save(unit);
        audit.record(actor, Event.success("UNIT_RENAMED", "unit", unitId, null, old + " → " + unit.name()));
    }

    /**
     * Merges {@code fromId} into {@code intoId}: references move (through {@link UnitsMerged}), the
     * merged unit's names become aliases of the one that stays, and the merged unit is deleted.
     */
    public void merge(Actor actor, long fromId, long intoId) {
        if (fromId == intoId) throw new BusinessRuleViolation("unit.merge.same", "不能把单位合并到它自己");
        Unit from = editableUnit(actor, fromId);
        Unit into = editableUnit(actor, intoId);
        if (from.districtId() != into.districtId()) {
            throw new BusinessRuleViolation("unit.merge.district", "只能合并同一地区的单位");
        }
        events.publishEvent(new UnitsMerged(fromId, intoId, into.districtId()));
        units.delete(from);
        into.addAlias(from.name());
        from.aliases().forEach(into::addAlias);
        units.save(into);
        audit.record(actor, Event.success("UNITS_MERGED", "unit", intoId, null, from.name() + " 并入 " + into.name()));
    }
}
