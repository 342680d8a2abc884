package org.xiezuo.assessment;

import org.springframework.context.annotation.Import;
import org.xiezuo.support.MutableClock;
import org.xiezuo.support.XiezuoTest;

/** {@link AssessmentContract} on the embedded H2 database. */
@XiezuoTest
@Import(MutableClock.Configuration.class)
class AssessmentIntegrationTests extends AssessmentContract {
}
