package org.xiezuo.plan;

import org.springframework.data.jdbc.core.mapping.AggregateReference;
import org.xiezuo.unit.Unit;

/** A unit responsible for a task; the list order puts the lead unit first. */
record TaskUnit(AggregateReference<Unit, Long> unit) {

    static TaskUnit of(long unitId) { return new TaskUnit(AggregateReference.to(unitId)); }

    long unitId() { return unit.getId(); }
}
