package org.xiezuo.reporting;

import org.xiezuo.support.PostgresTest;

/** {@link ReportingContract} on real PostgreSQL. */
@PostgresTest
class ReportingPostgresTests extends ReportingContract {
}
