package org.xiezuo.audit;

import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import org.xiezuo.support.XiezuoTest;

/**
 * {@link AuditRetentionContract} on H2. Each test gets a fresh database: the purge only ever takes the
 * oldest run of rows, so rows left by another test would stop it.
 */
@XiezuoTest
@Import(TestClock.Configuration.class)
@TestPropertySource(properties = "xiezuo.audit.retention=P6M")
@DirtiesContext(classMode = DirtiesContext.ClassMode.BEFORE_EACH_TEST_METHOD)
class AuditRetentionIntegrationTests extends AuditRetentionContract {
}
