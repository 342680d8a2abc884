package org.xiezuo.assessment;

import java.math.BigDecimal;
import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.xiezuo.audit.AuditTrail;
import org.xiezuo.reporting.ReportingQueries;

/**
 * Indicator actuals per plan and business date, kept in {@code assessment_value}: a page asks for the
 * dates it needs and gets a lookup; a date not stored for the plan's current data (its newest audit row,
 * which moves with every approved report, ledger import or edit, target or setting change) is computed
 * once from reporting (and through it the ledgers) and stored for every instance to use. Values "as
 * known on" an earlier day are computed, never stored.
 */
@Component
public class StoredValues {

    private static final Logger log = LoggerFactory.getLogger(StoredValues.class);

    private static final String LOOKUP = """
            select as_of, indicator_id, actual, source from assessment_value
             where plan_id = :plan and stamp = :stamp and as_of in (:dates)
            """;
    private static final String INSERT = """
            insert into assessment_value (plan_id, as_of, indicator_id, stamp, actual, source) values (?, ?, ?, ?, ?, ?)
            """;

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final AuditTrail audit;
    private final ReportingQueries reporting;
    private final TransactionTemplate readOnly;
    private final TransactionTemplate writing;

    StoredValues(JdbcClient jdbc, JdbcTemplate template, AuditTrail audit, ReportingQueries reporting,
                 PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.template = template;
        this.audit = audit;
        this.reporting = reporting;
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
        this.writing = new TransactionTemplate(transactions);
        this.writing.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** Indicator id → actual on each date, as the plan's data stands now. */
    public Map<LocalDate, Map<Long, StoredValue>> on(long planId, Collection<LocalDate> dates) {
        if (dates.isEmpty()) return Map.of();
        long stamp = audit.lastEventOf(planId);
        Map<LocalDate, Map<Long, StoredValue>> found = new HashMap<>();
        jdbc.sql(LOOKUP).param("plan", planId).param("stamp", stamp)
                .param("dates", dates.stream().map(Date::valueOf).toList())
                .query(rs -> {
                    found.computeIfAbsent(rs.getDate(1).toLocalDate(), k -> new HashMap<>())
                            .put(rs.getLong(2), new StoredValue(rs.getBigDecimal(3), Source.valueOf(rs.getString(4))));
                });
        List<LocalDate> missing = new TreeSet<>(dates).stream().filter(d -> !found.containsKey(d)).toList();
        if (missing.isEmpty()) return found;
        Map<LocalDate, Map<Long, StoredValue>> computed = compute(planId, missing, null);
        store(planId, stamp, computed);
        found.putAll(computed);
        return found;
    }

    /** The same, counting only what was approved or entered before {@code knownBefore}; computed, not stored. */
    public Map<LocalDate, Map<Long, StoredValue>> knownBefore(long planId, Collection<LocalDate> dates, Instant knownBefore) {
        return compute(planId, new TreeSet<>(dates), knownBefore);
    }

    private Map<LocalDate, Map<Long, StoredValue>> compute(long planId, Collection<LocalDate> dates, @Nullable Instant knownBefore) {
        Map<LocalDate, Map<Long, StoredValue>> values = new LinkedHashMap<>();
        readOnly.executeWithoutResult(status -> {
            for (LocalDate date : dates) {
                Map<Long, StoredValue> onDate = new LinkedHashMap<>();
                reporting.actualsAsOf(planId, date, knownBefore, true).forEach((id, actual) -> onDate.put(id, of(actual)));
                values.put(date, onDate);
            }
        });
        return values;
    }

    static StoredValue of(ReportingQueries.Actual actual) {
        if (actual.fromLedger()) return new StoredValue(actual.value() == null ? BigDecimal.ZERO : actual.value(), Source.LEDGER);
        return actual.value() == null ? StoredValue.NOTHING : new StoredValue(actual.value(), Source.REPORT);
    }

    /**
     * Stores computed values under the stamp read before computing them, replacing the plan's values of
     * older stamps. Another instance storing the same date at the same time makes the insert fail on the
     * key; its values are as good, so that is ignored.
     */
    private void store(long planId, long stamp, Map<LocalDate, Map<Long, StoredValue>> values) {
        List<Object[]> rows = new ArrayList<>();
        values.forEach((date, byIndicator) -> byIndicator.forEach((indicator, value) -> rows.add(new Object[] {
                planId, Date.valueOf(date), indicator, stamp, value.actual(), value.source().name()})));
        try {
            writing.executeWithoutResult(status -> {
                jdbc.sql("delete from assessment_value where plan_id = :plan and stamp < :stamp")
                        .param("plan", planId).param("stamp", stamp).update();
                template.batchUpdate(INSERT, rows);
            });
        } catch (DataIntegrityViolationException e) {
            log.debug("Assessment values of plan {} stored by another request meanwhile", planId);
        }
    }
}
