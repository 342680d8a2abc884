package org.xiezuo.security;

import javax.sql.DataSource;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.session.jdbc.PostgreSqlJdbcIndexedSessionRepositoryCustomizer;
import org.springframework.transaction.support.TransactionOperations;
import org.xiezuo.shared.Databases;

/**
 * Sessions in the database (ADR 0005), with an attribute written as an upsert. Two requests of one
 * session that both add the same attribute (a browser's parallel requests, a script reusing its cookie)
 * each insert it; the second insert failed on the attribute table's key and its request ended in an
 * error (312 such failures in the T81 run of docs/benchmarks.md). PostgreSQL uses Spring Session's own
 * {@code ON CONFLICT} statement; H2 the equivalent {@code MERGE … KEY}.
 */
@Configuration(proxyBeanMethods = false)
class SessionStorage {

    static final String H2_UPSERT_ATTRIBUTE = """
            MERGE INTO %TABLE_NAME%_ATTRIBUTES (SESSION_PRIMARY_ID, ATTRIBUTE_NAME, ATTRIBUTE_BYTES)
            KEY (SESSION_PRIMARY_ID, ATTRIBUTE_NAME) VALUES (?, ?, ?)
            """;

    /**
     * Session reads and writes without a transaction of their own (ADR 0018). Every page reads its session
     * and writes its last-access time; each is one statement, and wrapped in Spring Session's own
     * transaction each cost a BEGIN and a COMMIT more — 4 of the 21 statements of a dashboard request. The
     * only write of several statements is a new session with its first attributes: without a transaction a
     * failure between the two leaves a session without attributes, which is an anonymous session that
     * expires like any other.
     */
    @Bean(name = "springSessionTransactionOperations", defaultCandidate = false) // only where asked for by this name:
    TransactionOperations springSessionTransactionOperations() {                // Boot's TransactionTemplate stays
        return TransactionOperations.withoutTransaction();
    }

    @Bean
    SessionRepositoryCustomizer<JdbcIndexedSessionRepository> attributeUpsert(DataSource dataSource) {
        return repository -> {
            if (Databases.isPostgres(dataSource)) {
                new PostgreSqlJdbcIndexedSessionRepositoryCustomizer().customize(repository);
            } else {
                repository.setCreateSessionAttributeQuery(H2_UPSERT_ATTRIBUTE);
            }
        };
    }
}
