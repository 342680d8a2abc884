package org.xiezuo.ledger;

import java.math.BigDecimal;
import java.math.MathContext;
import java.sql.Date;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.reporting.DerivedValues;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.MeasureUnit;

/**
 * Computes every ledger-bound indicator of a plan as of a date in one SQL statement: one pass over the
 * plan's entries with one filtered aggregate per binding (count, distinct persons or subjects, sums),
 * then sums of money converted exactly from 元 to the indicator's unit. Nothing is cached: the value
 * is always what the records say, as soon as they are saved, on every instance.
 */
@Component
@Transactional(readOnly = true)
public class Derivation implements DerivedValues {

    private final Bindings bindings;
    private final PlanQueries plans;
    private final JdbcClient jdbc;

    Derivation(Bindings bindings, PlanQueries plans, JdbcClient jdbc) {
        this.bindings = bindings;
        this.plans = plans;
        this.jdbc = jdbc;
    }

    @Override
    public Map<Long, BigDecimal> asOf(long planId, LocalDate date) {
        List<Binding> bound = bindings.ofPlan(planId);
        if (bound.isEmpty()) return Map.of();
        PlanBook book = plans.book(Actor.system(), planId);
        return compute(book, bound, date);
    }

    Map<Long, BigDecimal> compute(PlanBook book, List<Binding> bound, LocalDate date) {
        LocalDate yearStart = book.plan().assessmentStart();
        Map<Long, String> units = new HashMap<>();
        book.indicators().forEach(i -> units.put(i.id(), i.measureUnit()));
        StringBuilder sql = new StringBuilder("select ");
        for (int i = 0; i < bound.size(); i++) {
            if (i > 0) sql.append(", ");
            Binding b = bound.get(i);
            sql.append(b.measure().aggregate()).append(" filter (where ").append(b.condition()).append(") as v").append(i);
        }
        sql.append(" from ledger_entry where plan_id = :plan");
        Map<Long, BigDecimal> values = new LinkedHashMap<>();
        jdbc.sql(sql.toString()).param("plan", book.plan().id()).param("d", Date.valueOf(date)).param("ys", Date.valueOf(yearStart))
                .query(rs -> {
                    for (int i = 0; i < bound.size(); i++) {
                        Binding b = bound.get(i);
                        BigDecimal raw = rs.getBigDecimal(i + 1);
                        BigDecimal value = raw == null ? BigDecimal.ZERO : raw;
                        if (b.measure() == Measure.SUM_AMOUNT) value = fromYuan(value, units.get(b.indicatorId()));
                        values.put(b.indicatorId(), value.stripTrailingZeros().scale() < 0 ? value.setScale(0) : value.stripTrailingZeros());
                    }
                });
        return values;
    }

    /** 元 to the indicator's money unit (元, 万元, 亿元), exact: the factors are powers of ten. */
    static BigDecimal fromYuan(BigDecimal yuan, @org.jspecify.annotations.Nullable String unit) {
        if (unit == null || unit.isBlank()) return yuan;
        MeasureUnit measure = MeasureUnit.of(unit);
        if (measure.kind() != MeasureUnit.Kind.MONEY) return yuan;
        return yuan.divide(measure.factor(), MathContext.UNLIMITED);
    }
}
