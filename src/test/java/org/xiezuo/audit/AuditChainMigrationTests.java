package org.xiezuo.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.xiezuo.support.ExternalResource;
import org.xiezuo.support.PostgresSchema;

/**
 * Migration 2.2.1 links the rows of a trail written before the chain existed into the chain, so an
 * upgraded database verifies from its first row, and the hash columns are mandatory afterwards. On
 * PostgreSQL the append-only triggers of 2.2.2 are in force once the upgrade is done.
 */
class AuditChainMigrationTests {

    private static Flyway flyway(DataSource dataSource, String vendor, String target) {
        return Flyway.configure().dataSource(dataSource)
                .locations("classpath:db/migration", "classpath:db/vendor/" + vendor)
                .javaMigrations(new AuditChainMigration())
                .target(target)
                .load();
    }

    private static void writeLegacyRows(JdbcClient jdbc) {
        String insert = """
                insert into audit_event (occurred_at, actor, client_ip, event_type, object_type, object_id, plan_id, outcome, detail)
                values (:at, :actor, :ip, :type, :objectType, :objectId, :planId, :outcome, :detail)
                """;
        jdbc.sql(insert).param("at", OffsetDateTime.parse("2025-01-02T09:30:00.123456+08:00")).param("actor", "admin")
                .param("ip", "10.0.0.8").param("type", "PLAN_CREATED").param("objectType", "plan").param("objectId", "1")
                .param("planId", 1L).param("outcome", "SUCCESS").param("detail", "创建任务书").update();
        jdbc.sql(insert).param("at", OffsetDateTime.parse("2025-01-02T10:00:00+08:00")).param("actor", "someone")
                .param("ip", null).param("type", "SIGN_IN").param("objectType", "account").param("objectId", "someone")
                .param("planId", null).param("outcome", "FAILURE").param("detail", null).update();
        jdbc.sql(insert).param("at", OffsetDateTime.parse("2025-01-03T00:00:00Z")).param("actor", "cli:root")
                .param("ip", null).param("type", "UNIT_RENAMED").param("objectType", "unit").param("objectId", "7")
                .param("planId", null).param("outcome", "SUCCESS").param("detail", "区人社局 → 区人力社保局").update();
    }

    private static void upgradeAndVerify(DataSource dataSource, String vendor) {
        JdbcClient jdbc = JdbcClient.create(dataSource);
        flyway(dataSource, vendor, "1.6").migrate();
        writeLegacyRows(jdbc);

        flyway(dataSource, vendor, "latest").migrate();

        ChainVerdict verdict = new AuditIntegrity(jdbc).verify();
        assertThat(verdict.intact()).as(verdict.message()).isTrue();
        assertThat(verdict.rows()).isEqualTo(3);
        assertThat(jdbc.sql("select prev_hash from audit_event order by id limit 1").query(String.class).single())
                .isEqualTo(AuditRecord.GENESIS);
        assertThat(jdbc.sql("select last_event_id from audit_chain").query(Long.class).single())
                .isEqualTo(jdbc.sql("select max(id) from audit_event").query(Long.class).single());
        assertThatThrownBy(() -> jdbc.sql("""
                insert into audit_event (occurred_at, actor, event_type, outcome) values (:at, 'x', 'X', 'SUCCESS')
                """).param("at", OffsetDateTime.now()).update())
                .as("hash columns are mandatory after the upgrade").isInstanceOf(DataAccessException.class);
    }

    @Test
    void legacyRowsAreChainedOnH2() {
        DataSource h2 = new DriverManagerDataSource("jdbc:h2:mem:upgrade-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1", "sa", "");

        upgradeAndVerify(h2, "h2");
    }

    @Test
    @ExternalResource(ExternalResource.Kind.POSTGRESQL)
    void legacyRowsAreChainedOnPostgresAndThenProtected() {
        String schema = "t_up_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        DataSource admin = new DriverManagerDataSource(PostgresSchema.url(), PostgresSchema.user(), PostgresSchema.password());
        JdbcClient.create(admin).sql("create schema " + schema).update();
        try {
            DataSource postgres = new DriverManagerDataSource(PostgresSchema.url()
                    + (PostgresSchema.url().contains("?") ? "&" : "?") + "currentSchema=" + schema,
                    PostgresSchema.user(), PostgresSchema.password());

            upgradeAndVerify(postgres, "postgresql");

            assertThatThrownBy(() -> JdbcClient.create(postgres).sql("update audit_event set detail = 'x'").update())
                    .isInstanceOf(DataAccessException.class);
        } finally {
            JdbcClient.create(admin).sql("drop schema " + schema + " cascade").update();
        }
    }
}
