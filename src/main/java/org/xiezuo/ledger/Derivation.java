package org.xiezuo.ledger;

import java.math.BigDecimal;
import java.math.MathContext;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.reporting.DerivedValues;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.MeasureUnit;

/**
 * Computes every ledger-bound indicator of a plan as of a date in one SQL statement: the plan's
 * bindings joined to the entries each selects (kind, category, 脱贫 only, in a park, months, time rule),
 * grouped by binding, the aggregate picked by the binding's measure; then sums of money converted
 * exactly from 元 to the indicator's unit. The SQL is fixed text (no statement is assembled from
 * pieces); nothing is cached, so a value is what the records say as soon as they are saved, on every
 * instance.
 */
@Component
@Transactional(readOnly = true)
public class Derivation implements DerivedValues {

    /**
     * Whether entry {@code e} is selected by binding {@code b} as of {@code :d} in a year starting
     * {@code :ys}; shared with the drill-down, which binds the binding's fields as parameters.
     */
    static final String SELECTS = """
            e.plan_id = b.plan_id and e.kind = b.kind
            and (b.category is null or e.category = b.category)
            and (b.poor_only = false or e.flag = true)
            and (b.in_park is null or e.flag = b.in_park)
            and (b.min_months is null or e.months >= b.min_months)
            and (b.max_months is null or e.months <= b.max_months)
            and (   (b.time_rule = 'NEW' and e.starts_on >= :ys and e.starts_on <= :d)
                 or (b.time_rule = 'ACTIVE' and e.starts_on <= :d and (e.ends_on is null or e.ends_on >= :ys))
                 or (b.time_rule = 'CONTINUING' and e.starts_on < :ys and e.starts_on <= :d
                     and (e.ends_on is null or e.ends_on >= :ys))
                 or (b.time_rule = 'ALL' and e.starts_on <= :d))""";

    private static final String VALUES = """
            select b.indicator_id, b.measure,
                   case b.measure
                       when 'COUNT' then count(e.id)
                       when 'DISTINCT_PERSONS' then count(distinct e.person_id)
                       when 'DISTINCT_SUBJECTS' then count(distinct e.subject)
                       when 'SUM_AMOUNT' then sum(e.amount_yuan)
                       when 'SUM_N1' then sum(e.n1)
                       when 'SUM_N2' then sum(e.n2)
                       when 'SUM_N3' then sum(e.n3)
                       when 'SUM_N4' then sum(e.n4)
                   end as measured
              from ledger_binding b
              left join ledger_entry e on\s""" + SELECTS + """

                   and e.created_at < :known
             where b.plan_id = :plan and (cast(:indicator as bigint) is null or b.indicator_id = :indicator)
             group by b.indicator_id, b.measure
            """;

    private static final Instant FAR_FUTURE = Instant.parse("9999-12-31T00:00:00Z");

    private final PlanQueries plans;
    private final JdbcClient jdbc;

    Derivation(PlanQueries plans, JdbcClient jdbc) {
        this.plans = plans;
        this.jdbc = jdbc;
    }

    @Override
    public Map<Long, BigDecimal> asOf(long planId, LocalDate date) {
        return asOf(planId, date, null);
    }

    /**
     * Counting only records entered before {@code knownBefore}, for the assessment's "as known on". Three
     * statements: the plan's header (its assessment start), its indicators' units, the values (PERFORMANCE.md
     * W2: at most five round trips; reading the whole plan book took eight).
     */
    @Override
    public Map<Long, BigDecimal> asOf(long planId, LocalDate date, @Nullable Instant knownBefore) {
        LocalDate start = plans.header(Actor.system(), planId).assessmentStart();
        return compute(planId, start, plans.measureUnits(planId), null, date, knownBefore);
    }

    /** Indicator id → value as of the date, for every bound indicator of the plan (or only {@code indicatorId}). */
    Map<Long, BigDecimal> compute(PlanBook book, @Nullable Long indicatorId, LocalDate date) {
        Map<Long, @Nullable String> units = new HashMap<>();
        book.indicators().forEach(i -> units.put(i.id(), i.measureUnit()));
        return compute(book.plan().id(), book.plan().assessmentStart(), units, indicatorId, date, null);
    }

    private Map<Long, BigDecimal> compute(long planId, LocalDate assessmentStart, Map<Long, @Nullable String> units,
                                          @Nullable Long indicatorId, LocalDate date, @Nullable Instant knownBefore) {
        Map<Long, BigDecimal> values = new LinkedHashMap<>();
        jdbc.sql(VALUES).param("plan", planId).param("indicator", indicatorId)
                .param("d", Date.valueOf(date))
                .param("known", Timestamp.from(knownBefore != null ? knownBefore : FAR_FUTURE)).param("ys", Date.valueOf(assessmentStart))
                .query(rs -> {
                    long indicator = rs.getLong(1);
                    BigDecimal raw = rs.getBigDecimal(3);
                    BigDecimal value = raw == null ? BigDecimal.ZERO : raw;
                    if (Measure.SUM_AMOUNT.name().equals(rs.getString(2))) value = fromYuan(value, units.get(indicator));
                    values.put(indicator, plain(value));
                });
        return values;
    }

    private static BigDecimal plain(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    /** 元 to the indicator's money unit (元, 万元, 亿元), exact: the factors are powers of ten. */
    static BigDecimal fromYuan(BigDecimal yuan, @Nullable String unit) {
        if (unit == null || unit.isBlank()) return yuan;
        MeasureUnit measure = MeasureUnit.of(unit);
        if (measure.kind() != MeasureUnit.Kind.MONEY) return yuan;
        return yuan.divide(measure.factor(), MathContext.UNLIMITED);
    }
}
