package org.xiezuo.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.springframework.stereotype.Component;

/**
 * Flyway migration 2.2.1 (a bean, which Spring Boot hands to Flyway): links the audit rows written before
 * the hash chain existed into it, oldest first, with the same {@link AuditRecord} hash the application
 * uses, moves the chain head to the last of them and makes both hash columns mandatory. It runs after
 * {@code V2_2__audit_chain.sql} added the columns and before the PostgreSQL triggers of 2.2.2 forbid
 * updates, in one transaction, so a trail is either fully chained or untouched.
 */
@Component
class AuditChainMigration implements JavaMigration {

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("2.2.1");
    }

    @Override
    public String getDescription() {
        return "chain existing audit rows";
    }

    @Override
    public Integer getChecksum() {
        return 1;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        String previous = AuditRecord.GENESIS;
        Long lastId = null;
        try (Statement select = connection.createStatement();
             ResultSet rs = select.executeQuery("select id, " + AuditRecord.COLUMNS + " from audit_event order by id");
             PreparedStatement update = connection.prepareStatement(
                     "update audit_event set prev_hash = ?, row_hash = ? where id = ?")) {
            while (rs.next()) {
                String hash = AuditRecord.read(rs).hash(previous);
                update.setString(1, previous);
                update.setString(2, hash);
                update.setLong(3, rs.getLong("id"));
                update.executeUpdate();
                previous = hash;
                lastId = rs.getLong("id");
            }
        }
        try (PreparedStatement head = connection.prepareStatement(
                "update audit_chain set last_event_id = ?, last_hash = ? where id = 1")) {
            if (lastId == null) head.setNull(1, java.sql.Types.BIGINT); else head.setLong(1, lastId);
            head.setString(2, previous);
            head.executeUpdate();
        }
        try (Statement ddl = connection.createStatement()) {
            ddl.execute("alter table audit_event alter column prev_hash set not null");
            ddl.execute("alter table audit_event alter column row_hash set not null");
        }
    }
}
