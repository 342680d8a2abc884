package org.xiezuo.supervision;

import org.springframework.context.annotation.Import;
import org.xiezuo.support.MutableClock;
import org.xiezuo.support.PostgresTest;

/** {@link SupervisionContract} on real PostgreSQL. */
@PostgresTest
@Import(MutableClock.Configuration.class)
class SupervisionPostgresTests extends SupervisionContract {
}
