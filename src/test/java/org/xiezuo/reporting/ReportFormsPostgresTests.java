package org.xiezuo.reporting;

import org.xiezuo.support.PostgresTest;

/** {@link ReportFormsContract} on real PostgreSQL. */
@PostgresTest
class ReportFormsPostgresTests extends ReportFormsContract {
}
