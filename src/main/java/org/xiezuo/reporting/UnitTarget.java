package org.xiezuo.reporting;

import java.math.BigDecimal;

import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.jdbc.core.mapping.AggregateReference;
import org.xiezuo.plan.Indicator;
import org.xiezuo.shared.BusinessRuleViolation;
import org.xiezuo.unit.Unit;

/** A responsible unit's share of an indicator's target (e.g. 区民政局 30 of the 350 万元). */
public class UnitTarget {

    private @Id @Nullable Long id;
    private @Version int version;
    private final AggregateReference<Indicator, Long> indicator;
    private AggregateReference<Unit, Long> unit;
    private BigDecimal target;

    @PersistenceCreator
    UnitTarget(@Nullable Long id, int version, AggregateReference<Indicator, Long> indicator, AggregateReference<Unit, Long> unit,
               BigDecimal target) {
        this.id = id;
        this.version = version;
        this.indicator = indicator;
        this.unit = unit;
        this.target = target;
    }

    static UnitTarget of(long indicatorId, long unitId, BigDecimal target) {
        return new UnitTarget(null, 0, AggregateReference.to(indicatorId), AggregateReference.to(unitId), checked(target));
    }

    void change(BigDecimal newTarget) {
        target = checked(newTarget);
    }

    void moveTo(long unitId) {
        unit = AggregateReference.to(unitId);
    }

    private static BigDecimal checked(BigDecimal value) {
        if (value.signum() < 0) throw new BusinessRuleViolation("unit-target.negative", "单位分解目标不能为负数");
        return value;
    }

    public long indicatorId() { return indicator.getId(); }

    public long unitId() { return unit.getId(); }

    public BigDecimal target() { return target; }
}
