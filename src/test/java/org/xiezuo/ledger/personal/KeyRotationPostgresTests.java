package org.xiezuo.ledger.personal;

import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import org.xiezuo.support.PostgresTest;

/** {@link KeyRotationContract} (T53) on real PostgreSQL, in a schema of its own; skipped without it, mandatory in CI. */
@PostgresTest
@TestPropertySource(properties = "xiezuo.personal-data.rotation-chunk-size=" + KeyRotationContract.CHUNK_SIZE)
@DirtiesContext
class KeyRotationPostgresTests extends KeyRotationContract {
}
