package org.xiezuo.reminder;

import org.springframework.context.annotation.Import;
import org.xiezuo.support.MutableClock;
import org.xiezuo.support.XiezuoTest;

/** {@link ReminderContract} on the embedded H2 database. */
@XiezuoTest
@Import({MutableClock.Configuration.class, ReminderContract.Listening.class})
class ReminderIntegrationTests extends ReminderContract {
}
