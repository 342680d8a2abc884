package org.xiezuo.notification;

import org.springframework.context.annotation.Import;
import org.xiezuo.support.MutableClock;
import org.xiezuo.support.XiezuoTest;

/** {@link NotificationContract} on the embedded H2 database. */
@XiezuoTest
@Import(MutableClock.Configuration.class)
class NotificationIntegrationTests extends NotificationContract {
}
