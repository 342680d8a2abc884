package org.xiezuo.audit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.core.env.Environment;
import org.springframework.test.context.TestPropertySource;
import org.xiezuo.support.PostgresSchema;
import org.xiezuo.support.PostgresTest;

/**
 * {@link AuditFailureContract} on real PostgreSQL: another session holds the audit table locked (as a
 * stuck maintenance job would), and the change gives up after the configured wait instead of hanging.
 */
@PostgresTest
@AutoConfigureMockMvc
@TestPropertySource(properties = "xiezuo.audit.lock-timeout=1s")
class AuditFailurePostgresTests extends AuditFailureContract {

    @Autowired Environment environment;

    @Override
    AutoCloseable auditUnwritable() throws Exception {
        Connection locker = DriverManager.getConnection(environment.getRequiredProperty("spring.datasource.url"),
                PostgresSchema.user(), PostgresSchema.password());
        locker.setAutoCommit(false);
        try (Statement statement = locker.createStatement()) {
            statement.execute("lock table audit_event in access exclusive mode");
        }
        return () -> {
            locker.rollback();
            locker.close();
        };
    }
}
