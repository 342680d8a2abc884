package org.xiezuo.reporting;

import org.xiezuo.support.PostgresTest;

/** {@link EvidenceFilesContract} on real PostgreSQL. */
@PostgresTest
class EvidenceFilesPostgresTests extends EvidenceFilesContract {
}
