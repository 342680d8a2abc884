package org.xiezuo.assessment;

import org.springframework.context.annotation.Import;
import org.xiezuo.support.MutableClock;
import org.xiezuo.support.PostgresTest;

/** {@link AssessmentContract} on real PostgreSQL. */
@PostgresTest
@Import(MutableClock.Configuration.class)
class AssessmentPostgresTests extends AssessmentContract {
}
