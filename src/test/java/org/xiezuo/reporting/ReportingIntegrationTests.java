package org.xiezuo.reporting;

import org.xiezuo.support.XiezuoTest;

/** {@link ReportingContract} on the embedded H2 database. */
@XiezuoTest
class ReportingIntegrationTests extends ReportingContract {
}
