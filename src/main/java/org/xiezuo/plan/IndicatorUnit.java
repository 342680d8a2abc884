package org.xiezuo.plan;

import org.springframework.data.jdbc.core.mapping.AggregateReference;
import org.xiezuo.unit.Unit;

/** A unit responsible for an indicator; the list order puts the lead unit (牵头单位) first. */
record IndicatorUnit(AggregateReference<Unit, Long> unit) {

    static IndicatorUnit of(long unitId) { return new IndicatorUnit(AggregateReference.to(unitId)); }

    long unitId() { return unit.getId(); }
}
