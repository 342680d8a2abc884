package org.xiezuo.security;

import javax.sql.DataSource;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.session.jdbc.PostgreSqlJdbcIndexedSessionRepositoryCustomizer;
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
