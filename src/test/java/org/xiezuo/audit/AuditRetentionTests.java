package org.xiezuo.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;

import org.junit.jupiter.api.Test;

/** The purge's cut-off: the configured retention in calendar months of Asia/Shanghai, never under 184 days. */
class AuditRetentionTests {

    static final Instant NOW = Instant.parse("2025-03-31T04:00:00Z"); // 12:00 in Shanghai

    @Test
    void twelveMonthsAreTwelveCalendarMonths() {
        assertThat(AuditRetention.cutoff(NOW, Period.ofMonths(12))).isEqualTo(Instant.parse("2024-03-31T04:00:00Z"));
    }

    @Test
    void sixMonthsShorterThan184DaysAreRaisedToTheFloor() {
        // 2024-09-30 → 2025-03-31 is 182 days
        assertThat(AuditRetention.cutoff(NOW, Period.ofMonths(6))).isEqualTo(NOW.minus(Duration.ofDays(184)));
    }

    @Test
    void anyShorterOrNegativeRetentionIsTheFloor() {
        assertThat(AuditRetention.cutoff(NOW, Period.ofDays(1))).isEqualTo(NOW.minus(Duration.ofDays(184)));
        assertThat(AuditRetention.cutoff(NOW, Period.ZERO)).isEqualTo(NOW.minus(Duration.ofDays(184)));
        assertThat(AuditRetention.cutoff(NOW, Period.ofDays(-5))).isEqualTo(NOW.minus(Duration.ofDays(184)));
    }

    @Test
    void theFloorIsSixCalendarMonthsAtTheirLongest() {
        assertThat(AuditRetention.FLOOR).isEqualTo(Period.ofDays(184));
        Instant endOfAugust = Instant.parse("2025-08-31T04:00:00Z"); // 2025-02-28 → 2025-08-31 is 184 days
        assertThat(AuditRetention.cutoff(endOfAugust, Period.ofMonths(6))).isEqualTo(Instant.parse("2025-02-28T04:00:00Z"));
    }
}
