package org.xiezuo.audit;

import java.sql.DatabaseMetaData;

import javax.sql.DataSource;

import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.stereotype.Component;

/**
 * Which database the trail lives in. The append-only triggers, the purge's way through them and the
 * bounded wait for the chain head exist on PostgreSQL only; the embedded H2 database has none of them.
 */
@Component
class AuditDatabase {

    private final DataSource dataSource;
    private volatile Boolean postgres;

    AuditDatabase(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    boolean isPostgres() {
        Boolean known = postgres;
        if (known == null) {
            try {
                String product = JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
                known = "PostgreSQL".equalsIgnoreCase(product);
            } catch (MetaDataAccessException e) {
                throw new IllegalStateException("Cannot tell which database holds the audit trail", e);
            }
            postgres = known;
        }
        return known;
    }
}
