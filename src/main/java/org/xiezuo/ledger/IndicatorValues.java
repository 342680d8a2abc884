package org.xiezuo.ledger;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.reporting.ReportingQueries;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.Permission;

/**
 * Every indicator's actual as of a date and where it comes from: the ledger for bound indicators,
 * approved department reports otherwise, none when nothing is approved — for the command line
 * {@code indicator-values} and the API.
 */
@Component
@Transactional(readOnly = true)
public class IndicatorValues {

    private final LedgerScope scope;
    private final ReportingQueries reporting;
    private final java.time.Clock clock;

    IndicatorValues(LedgerScope scope, ReportingQueries reporting, java.time.Clock clock) {
        this.scope = scope;
        this.reporting = reporting;
        this.clock = clock;
    }

    /** {@code [{"code","name","measureUnit","actual","source":"ledger|report|none"}]} in the plan's order. */
    public List<Map<String, Object>> asOf(Actor actor, long planId, @Nullable LocalDate date) {
        PlanBook book = scope.plan(actor, Permission.PLAN_READ, planId);
        LocalDate asOf = date != null ? date : LocalDate.now(clock.withZone(LedgerImports.CHINA));
        Map<Long, ReportingQueries.Actual> actuals = reporting.actualsAsOf(planId, asOf);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (PlanBook.IndicatorRow indicator : book.indicators()) {
            ReportingQueries.Actual actual = actuals.get(indicator.id());
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("code", indicator.code());
            row.put("name", indicator.name());
            row.put("measureUnit", indicator.measureUnit());
            BigDecimal value = actual == null ? null : actual.value();
            String source = actual != null && actual.fromLedger() ? "ledger" : value != null ? "report" : "none";
            row.put("actual", value == null ? BigDecimal.ZERO : value);
            row.put("source", source);
            rows.add(row);
        }
        return rows;
    }
}
