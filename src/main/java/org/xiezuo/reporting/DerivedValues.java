package org.xiezuo.reporting;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The values of ledger-bound indicators, derived from records as of a date — supplied by the ledger
 * module, which depends on reporting (so reporting asks through this interface, never the other way).
 * Without a ledger module no indicator has a derived value.
 */
public interface DerivedValues {

    /** Indicator id → derived value as of {@code date}, for every indicator of the plan bound to a ledger. */
    Map<Long, BigDecimal> asOf(long planId, LocalDate date);

    /** As {@link #asOf(long, LocalDate)}, counting only records entered before {@code knownBefore} (null: all). */
    default Map<Long, BigDecimal> asOf(long planId, LocalDate date, @Nullable Instant knownBefore) {
        return asOf(planId, date);
    }

    DerivedValues NONE = (planId, date) -> Map.of();
}
