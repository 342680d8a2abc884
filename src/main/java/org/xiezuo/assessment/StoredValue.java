package org.xiezuo.assessment;

import java.math.BigDecimal;

import org.jspecify.annotations.Nullable;

/** An indicator's actual on a date as stored: the value (null: nothing approved or derived) and its source. */
public record StoredValue(@Nullable BigDecimal actual, Source source) {

    public static final StoredValue NOTHING = new StoredValue(null, Source.NONE);

    /** The actual, 0 when there is none. */
    public BigDecimal actualOrZero() { return actual == null ? BigDecimal.ZERO : actual; }
}
