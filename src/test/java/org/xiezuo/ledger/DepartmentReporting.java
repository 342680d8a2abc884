package org.xiezuo.ledger;

import java.util.Set;

import org.xiezuo.plan.PlanBook;
import org.xiezuo.shared.Actor;

/**
 * For tests of department reporting: a new plan binds its standard indicators to ledgers, so their
 * values can no longer be typed. These remove the bindings again — of every indicator, or of the
 * indicators with the given codes — as the coordinator would.
 */
public final class DepartmentReporting {

    private DepartmentReporting() {}

    /** Every indicator of the plan is reported by departments. */
    public static void only(Bindings bindings, long planId) {
        for (Binding binding : bindings.ofPlan(planId)) bindings.unbind(Actor.system(), planId, binding.indicatorId());
    }

    /** The indicators with these printed codes are reported by departments. */
    public static void of(Bindings bindings, PlanBook book, String... codes) {
        Set<String> wanted = Set.of(codes);
        for (PlanBook.IndicatorRow indicator : book.indicators()) {
            if (indicator.code() != null && wanted.contains(indicator.code()) && bindings.of(indicator.id()).isPresent()) {
                bindings.unbind(Actor.system(), book.plan().id(), indicator.id());
            }
        }
    }
}
