package org.xiezuo.reporting;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;

/**
 * The values of ledger-bound indicators, derived from records as of a date — supplied by the ledger
 * module, which depends on reporting (so reporting asks through this interface, never the other way).
 * Without a ledger module no indicator has a derived value.
 */
public interface DerivedValues {

    /** Indicator id → derived value as of {@code date}, for every indicator of the plan bound to a ledger. */
    Map<Long, BigDecimal> asOf(long planId, LocalDate date);

    DerivedValues NONE = (planId, date) -> Map.of();
}
