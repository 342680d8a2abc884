package org.xiezuo.reporting;

import org.xiezuo.support.XiezuoTest;

/** {@link ReportFormsContract} on the embedded H2 database. */
@XiezuoTest
class ReportFormsIntegrationTests extends ReportFormsContract {
}
