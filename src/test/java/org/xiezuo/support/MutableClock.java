package org.xiezuo.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * A clock that runs with real time but can be moved forward, for rules that depend on “now” (lockout
 * periods, password age, session limits). Import {@link Configuration} into a test context and reset it
 * after each test.
 */
public final class MutableClock extends Clock {

    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);
    private final ZoneId zone;

    public MutableClock(ZoneId zone) {
        this.zone = zone;
    }

    public void advance(Duration by) {
        offset.updateAndGet(o -> o.plus(by));
    }

    /** Makes “now” this instant; time goes on from there. */
    public void setTo(Instant instant) {
        offset.set(Duration.between(Instant.now(), instant));
    }

    public void reset() {
        offset.set(Duration.ZERO);
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset.get());
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId other) {
        MutableClock clock = new MutableClock(other);
        clock.offset.set(offset.get());
        return clock;
    }

    /** Puts a {@link MutableClock} in place of the application clock. */
    @TestConfiguration(proxyBeanMethods = false)
    public static class Configuration {
        @Bean
        @Primary
        MutableClock mutableClock() {
            return new MutableClock(ZoneId.of("Asia/Shanghai"));
        }
    }
}
