package org.xiezuo.ledger;

import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.xiezuo.audit.Refusals;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.shared.Access;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.Permission;
import org.xiezuo.unit.UnitNames;

/**
 * Who may do what to which plan's ledgers: the permission, the plan's district, and for reporters and
 * unit heads the units bound to their account. A plan out of reach is refused as not found.
 */
@Component
class LedgerScope {

    private final PlanQueries plans;
    private final Refusals refusals;

    LedgerScope(PlanQueries plans, Refusals refusals) {
        this.plans = plans;
        this.refusals = refusals;
    }

    /** The plan, when the actor holds the permission and reaches its district; else refused. */
    PlanBook plan(Actor actor, Permission permission, long planId) {
        Access.require(actor, permission);
        PlanBook book = plans.book(Actor.system(), planId);
        if (!Access.seesDistrict(actor, permission, book.plan().districtId())) {
            throw refusals.hidden(actor, "任务书", planId);
        }
        return book;
    }

    /** Whether the actor sees every unit of the district (the office, leaders) rather than its own units. */
    static boolean wholeDistrict(Actor actor, Permission permission, PlanBook book) {
        return Access.reachesDistrict(actor, permission, book.plan().districtId());
    }

    /** The plan's units by every name and alias they go by. */
    static Map<String, Long> unitNames(PlanBook book) {
        Map<String, Long> names = new HashMap<>();
        for (PlanBook.UnitRow unit : book.units()) {
            names.put(UnitNames.normalise(unit.name()), unit.id());
            for (String alias : unit.aliases()) names.put(UnitNames.normalise(alias), unit.id());
        }
        return names;
    }

    /** How many unit names and units a row mapping's context remembers the answer for. */
    private static final int REMEMBERED = 1000;

    /** What a row mapping needs, for this actor and plan. */
    static RowMapping.Context context(Actor actor, PlanBook book, java.time.LocalDate today,
                                      org.xiezuo.ledger.personal.PersonalData personalData) {
        Map<String, Long> units = unitNames(book);
        Long defaultUnit = actor.unitIds().size() == 1 ? actor.unitIds().iterator().next() : null;
        return new RowMapping.Context() {
            // An import asks once per row, with a handful of distinct names and units: answers are kept
            // (a bounded number, so a file of made-up names cannot grow them); rows are checked on the
            // import's checking thread, and a form on the request's, so the maps are concurrent.
            private final Map<String, java.util.Optional<Long>> named = new java.util.concurrent.ConcurrentHashMap<>();
            private final Map<Long, java.util.Optional<String>> refusals = new java.util.concurrent.ConcurrentHashMap<>();

            @Override public @Nullable Long unitNamed(String name) {
                java.util.Optional<Long> unit = named.get(name);
                if (unit == null) {
                    unit = java.util.Optional.ofNullable(units.get(UnitNames.normalise(name)));
                    if (named.size() < REMEMBERED) named.put(name, unit);
                }
                return unit.orElse(null);
            }
            @Override public @Nullable Long defaultUnit() { return defaultUnit; }
            @Override public @Nullable String outOfScope(long unitId) {
                java.util.Optional<String> refusal = refusals.get(unitId);
                if (refusal == null) {
                    refusal = java.util.Optional.ofNullable(LedgerScope.outOfScope(actor, Permission.LEDGER_EDIT, book, unitId));
                    if (refusals.size() < REMEMBERED) refusals.put(unitId, refusal);
                }
                return refusal.orElse(null);
            }
            @Override public @Nullable String eastProvince() { return book.plan().eastProvince(); }
            @Override public @Nullable String westProvince() { return book.plan().westProvince(); }
            @Override public java.time.LocalDate today() { return today; }
            @Override public org.xiezuo.ledger.personal.PersonalData personalData() { return personalData; }
        };
    }

    /** Deletes the persons of a plan (or of every plan, {@code planId} null) that no record names any more. */
    static void removeOrphanPersons(org.springframework.jdbc.core.simple.JdbcClient jdbc, @Nullable Long planId) {
        jdbc.sql("""
                delete from ledger_person p
                where (cast(:plan as bigint) is null or p.plan_id = :plan)
                  and not exists (select 1 from ledger_entry e where e.person_id = p.id)""")
                .param("plan", planId).update();
    }

    /** Why the actor may not enter records credited to this unit, or null. */
    static @Nullable String outOfScope(Actor actor, Permission permission, PlanBook book, long unitId) {
        if (wholeDistrict(actor, permission, book)) return null;
        if (actor.unitIds().contains(unitId)) return null;
        return "不能为本单位以外的单位录入台账";
    }
}
