package org.xiezuo.plan;

import org.xiezuo.support.XiezuoTest;

/** {@link PlanMaintenanceContract} on the embedded H2 database. */
@XiezuoTest
class PlanMaintenanceIntegrationTests extends PlanMaintenanceContract {
}
