package org.xiezuo.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * A clock the test moves, so audit rows can be written "400 days ago" with a valid chain. It starts
 * {@link #START_AGE} before {@link #NOW}, so rows written while the context starts are the oldest.
 * {@link #NOW} is the real time, because PostgreSQL's append-only trigger judges a row's age by the
 * database's own clock.
 */
final class TestClock extends Clock {

    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    static final Duration START_AGE = Duration.ofDays(600);

    private volatile Instant now = NOW.minus(START_AGE);

    void set(Instant instant) { now = instant; }

    void daysBeforeNow(int days) { now = NOW.minus(Duration.ofDays(days)); }

    @Override
    public ZoneId getZone() { return AuditTrail.ZONE; }

    @Override
    public Clock withZone(ZoneId zone) { return Clock.fixed(now, zone); }

    @Override
    public Instant instant() { return now; }

    /** Replaces the application's clock in the contexts that import it. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Configuration {
        @Bean
        @Primary
        TestClock testClock() {
            return new TestClock();
        }
    }
}
