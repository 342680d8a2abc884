package org.xiezuo.supervision;

import org.springframework.context.annotation.Import;
import org.xiezuo.support.MutableClock;
import org.xiezuo.support.XiezuoTest;

/** {@link SupervisionContract} on the embedded H2 database. */
@XiezuoTest
@Import(MutableClock.Configuration.class)
class SupervisionIntegrationTests extends SupervisionContract {
}
