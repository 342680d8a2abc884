package org.xiezuo.ledger.personal;

import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import org.xiezuo.support.XiezuoTest;

/** {@link KeyRotationContract} (T53) on the embedded H2 database, in a context of its own. */
@XiezuoTest
@TestPropertySource(properties = "xiezuo.personal-data.rotation-chunk-size=" + KeyRotationContract.CHUNK_SIZE)
@DirtiesContext
class KeyRotationTests extends KeyRotationContract {
}
