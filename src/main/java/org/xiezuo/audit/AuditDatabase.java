package org.xiezuo.audit;

import javax.sql.DataSource;

import org.springframework.stereotype.Component;
import org.xiezuo.shared.Databases;

/**
 * Which database the trail lives in. The append-only triggers, the purge's way through them and the
 * bounded wait for the chain head exist on PostgreSQL only; the embedded H2 database has none of them.
 */
@Component
class AuditDatabase {

    private final DataSource dataSource;

    AuditDatabase(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    boolean isPostgres() {
        return Databases.isPostgres(dataSource);
    }
}
