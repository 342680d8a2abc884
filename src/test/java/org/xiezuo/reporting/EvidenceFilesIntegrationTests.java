package org.xiezuo.reporting;

import org.xiezuo.support.XiezuoTest;

/** {@link EvidenceFilesContract} on the embedded H2 database. */
@XiezuoTest
class EvidenceFilesIntegrationTests extends EvidenceFilesContract {
}
