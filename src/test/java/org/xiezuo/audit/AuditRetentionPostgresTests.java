package org.xiezuo.audit;

import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import org.xiezuo.support.PostgresTest;

/**
 * {@link AuditRetentionContract} on real PostgreSQL, where the purge goes through the append-only
 * trigger's one opening. Each test gets a fresh schema.
 */
@PostgresTest
@Import(TestClock.Configuration.class)
@TestPropertySource(properties = "xiezuo.audit.retention=P6M")
@DirtiesContext(classMode = DirtiesContext.ClassMode.BEFORE_EACH_TEST_METHOD)
class AuditRetentionPostgresTests extends AuditRetentionContract {
}
