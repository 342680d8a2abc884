package org.xiezuo.reminder;

import org.springframework.context.annotation.Import;
import org.xiezuo.support.MutableClock;
import org.xiezuo.support.PostgresTest;

/** {@link ReminderContract} on real PostgreSQL. */
@PostgresTest
@Import({MutableClock.Configuration.class, ReminderContract.Listening.class})
class ReminderPostgresTests extends ReminderContract {
}
