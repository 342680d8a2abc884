package org.xiezuo.plan;

import org.xiezuo.support.PostgresTest;

/** {@link PlanMaintenanceContract} on real PostgreSQL. */
@PostgresTest
class PlanMaintenancePostgresTests extends PlanMaintenanceContract {
}
