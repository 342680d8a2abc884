package org.xiezuo.notification;

import org.springframework.context.annotation.Import;
import org.xiezuo.support.MutableClock;
import org.xiezuo.support.PostgresTest;

/** {@link NotificationContract} on real PostgreSQL. */
@PostgresTest
@Import(MutableClock.Configuration.class)
class NotificationPostgresTests extends NotificationContract {
}
