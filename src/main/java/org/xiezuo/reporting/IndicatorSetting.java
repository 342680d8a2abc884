package org.xiezuo.reporting;

import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.jdbc.core.mapping.AggregateReference;
import org.xiezuo.plan.Indicator;

/**
 * How an indicator is reported, where it differs from the default: the aggregation, and whether its
 * value comes from a ledger (then it is shown read-only, never typed).
 */
public class IndicatorSetting {

    private @Id @Nullable Long id;
    private @Version int version;
    private final AggregateReference<Indicator, Long> indicator;
    private Aggregation aggregation;
    private boolean ledgerBound;

    @PersistenceCreator
    IndicatorSetting(@Nullable Long id, int version, AggregateReference<Indicator, Long> indicator, Aggregation aggregation,
                     boolean ledgerBound) {
        this.id = id;
        this.version = version;
        this.indicator = indicator;
        this.aggregation = aggregation;
        this.ledgerBound = ledgerBound;
    }

    static IndicatorSetting of(long indicatorId) {
        return new IndicatorSetting(null, 0, AggregateReference.to(indicatorId), Aggregation.SUM_OF_UNITS, false);
    }

    void change(Aggregation newAggregation, boolean fromLedger) {
        aggregation = newAggregation;
        ledgerBound = fromLedger;
    }

    public long indicatorId() { return indicator.getId(); }

    public Aggregation aggregation() { return aggregation; }

    public boolean ledgerBound() { return ledgerBound; }

    public int version() { return version; }
}
