package org.xiezuo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.migration.JavaMigration;
import org.flywaydb.core.api.output.ValidateResult;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xiezuo.audit.AuditIntegrity;
import org.xiezuo.audit.ChainVerdict;
import org.xiezuo.ledger.personal.Masking;
import org.xiezuo.ledger.personal.PersonalData;
import org.xiezuo.ledger.personal.PersonalDataKeys;
import org.xiezuo.ledger.personal.PersonalDataSettings;
import org.xiezuo.ledger.personal.PersonalDataUnreadable;
import org.xiezuo.support.BusyDistrict;
import org.xiezuo.support.ExternalResource;
import org.xiezuo.support.Instances;
import org.xiezuo.support.PgTools;
import org.xiezuo.support.PgTools.Scratch;
import org.xiezuo.support.TableFingerprints;
import org.xiezuo.support.TableFingerprints.Fingerprint;

/**
 * SECURITY.md T68, the backup and restore drill of docs/deploy.md on real PostgreSQL with the real client
 * programs: a database worked on through the application (task book, reports with approvals and a return,
 * evidence, an encrypted employment ledger, their audit rows) is dumped with {@code pg_dump -Fc} while
 * reporters keep saving; the dump is restored with {@code pg_restore --single-transaction} into an empty
 * database, which then holds exactly what the dump's snapshot held, table by table; Flyway validates it;
 * the application starts on it in the production profile with nothing but the escrowed keys and reads
 * every ID; and a restore that meets a conflicting object leaves the target as it found it.
 *
 * <p>The comparison needs the very snapshot the dump saw. The test exports one
 * ({@code pg_export_snapshot()} in a repeatable-read transaction), hands it to {@code pg_dump --snapshot}
 * and computes its own counts and checksums in that same transaction, so the writers never have to stop.
 */
@ExternalResource(ExternalResource.Kind.POSTGRESQL_TOOLS)
class BackupRestorePostgresTests {

    private static final List<String> MIGRATIONS = List.of("classpath:db/migration", "classpath:db/vendor/postgresql");

    @Test
    void T68_aDumpTakenDuringWritesRestoresInOneTransactionAsItsSnapshotAndTheApplicationRunsOnItWithTheEscrowedKeys()
            throws Exception {
        Path work = Files.createDirectories(Path.of("target", "t68-" + UUID.randomUUID().toString().substring(0, 8)));
        Path escrowFile = Instances.Escrow.generate(7).write(work.resolve("escrow/xiezuo-keys.env"));
        Path dump = work.resolve("xiezuo.dump");
        try (Scratch source = Scratch.create("t68_src"); Scratch restored = Scratch.create("t68_dst");
             Scratch conflicting = Scratch.create("t68_clash"); Scratch piecemeal = Scratch.create("t68_piece")) {
            Instances.Escrow escrow = Instances.Escrow.read(escrowFile);

            // the source: worked on through the application, then reporters keep saving
            Map<String, Fingerprint> snapshot;
            List<JavaMigration> javaMigrations;
            BusyDistrict district;
            long duringDump;
            try (ConfigurableApplicationContext app = Instances.start(source.url(), false, List.of("test"), escrow.args())) {
                district = BusyDistrict.populate(app, "备份演练区", 120);
                javaMigrations = new ArrayList<>(app.getBeansOfType(JavaMigration.class).values());
                BusyDistrict.Writers writers = district.startWriting(3);
                writers.awaitMore(5);

                try (Connection snapshotHolder = source.connect()) {
                    snapshotHolder.setAutoCommit(false);
                    snapshotHolder.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                    String snapshotId = single(snapshotHolder, "select pg_export_snapshot()");
                    long before = writers.committed();
                    PgTools.Result dumped = PgTools.run("pg_dump", "-Fc", "--snapshot=" + snapshotId, "-f", dump.toString(), source.name());
                    assertThat(dumped.ok()).as(dumped.err()).isTrue();
                    snapshot = TableFingerprints.of(snapshotHolder, "public");
                    writers.awaitMore(3);
                    duringDump = writers.committed() - before;
                    snapshotHolder.commit();
                }
                writers.stop();
            }
            assertThat(duringDump).as("saves committed while the dump ran and was checked").isPositive();
            assertThat(snapshot).containsKeys("audit_event", "reporting_report", "reporting_indicator_line", "reporting_evidence_content",
                    "ledger_person", "ledger_entry", "plan_indicator", "flyway_schema_history", "spring_session");
            assertThat(snapshot.get("ledger_person").rows()).isEqualTo(120);
            assertThat(snapshot.get("reporting_evidence").rows()).isEqualTo(2);
            Map<String, Fingerprint> live = fingerprints(source);
            assertThat(live.get("audit_event").rows()).as("the source moved on after the snapshot")
                    .isGreaterThan(snapshot.get("audit_event").rows());

            // restore into an empty database: all or nothing, and then exactly the snapshot
            PgTools.Result restore = PgTools.run("pg_restore", "--single-transaction", "--exit-on-error", "-d", restored.name(),
                    dump.toString());
            assertThat(restore.ok()).as(restore.err()).isTrue();
            assertThat(restore.err()).isBlank();
            Map<String, Fingerprint> copy = fingerprints(restored);
            assertThat(copy.keySet()).isEqualTo(snapshot.keySet());
            for (String table : snapshot.keySet()) {
                assertThat(copy.get(table)).as(table).isEqualTo(snapshot.get(table));
            }

            ValidateResult validation = Flyway.configure().dataSource(restored.url(), pgUser(), pgPassword())
                    .locations(MIGRATIONS.toArray(String[]::new)).javaMigrations(javaMigrations.toArray(JavaMigration[]::new))
                    .load().validateWithResult();
            assertThat(validation.validationSuccessful).as(String.valueOf(validation.invalidMigrations)).isTrue();

            // the application starts on the copy in production, with the escrowed keys and nothing else
            try (ConfigurableApplicationContext booted = Instances.start(restored.url(), true, List.of("prod"),
                    Instances.Escrow.read(escrowFile).args())) {
                int port = Integer.parseInt(booted.getEnvironment().getProperty("local.server.port"));
                HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(health.statusCode()).isEqualTo(200);
                assertThat(health.body()).contains("\"status\":\"UP\"");

                ChainVerdict chain = booted.getBean(AuditIntegrity.class).verify();
                assertThat(chain.intact()).as(chain.message()).isTrue();
                assertThat(chain.rows()).isEqualTo(snapshot.get("audit_event").rows());

                PersonalData personal = booted.getBean(PersonalData.class);
                JdbcClient jdbc = booted.getBean(JdbcClient.class);
                List<Person> persons = jdbc.sql("select id_key, id_cipher, id_mask, id_hash from ledger_person where plan_id = :plan")
                        .param("plan", district.planId())
                        .query((rs, n) -> new Person(rs.getInt(1), rs.getBytes(2), rs.getString(3), rs.getBytes(4))).list();
                Set<String> opened = new HashSet<>();
                for (Person person : persons) {
                    assertThat(person.keyId()).isEqualTo(7);
                    String id = personal.open(person.keyId(), person.cipher());
                    assertThat(Masking.id(id)).isEqualTo(person.mask());
                    assertThat(personal.blindIndex(id)).as("the escrowed index key finds the person").isEqualTo(person.hash());
                    opened.add(id);
                }
                assertThat(opened).isEqualTo(new HashSet<>(district.ids));

                PersonalData wrongKey = new PersonalData(PersonalDataKeys.configured(PersonalDataSettings.configured(
                        Map.of(7, Instances.Escrow.generate(7).key()), 7, Instances.Escrow.generate(7).indexKey())));
                assertThatThrownBy(() -> wrongKey.open(7, persons.get(0).cipher()))
                        .as("without the escrowed key the dump's IDs stay closed").isInstanceOf(PersonalDataUnreadable.class);
            }

            // a target with a conflicting object: the single transaction aborts and leaves nothing of the dump
            conflicting.execute("create table unit (clash integer)");
            PgTools.Result refused = PgTools.run("pg_restore", "--single-transaction", "--exit-on-error", "-d", conflicting.name(),
                    dump.toString());
            assertThat(refused.exitCode()).isNotZero();
            assertThat(refused.err()).contains("relation \"unit\" already exists");
            assertThat(tables(conflicting)).containsExactly("unit");
            assertThat(count(conflicting, "select count(*) from pg_proc p join pg_namespace n on n.oid = p.pronamespace "
                    + "where n.nspname = 'public'")).as("no function of the dump").isZero();
            assertThat(count(conflicting, "select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace "
                    + "where n.nspname = 'public' and c.relkind = 'S'")).as("no sequence of the dump").isZero();

            // the control: without --single-transaction the same conflict leaves a half-restored database
            piecemeal.execute("create table unit (clash integer)");
            PgTools.Result halfway = PgTools.run("pg_restore", "--exit-on-error", "-d", piecemeal.name(), dump.toString());
            assertThat(halfway.exitCode()).isNotZero();
            assertThat(tables(piecemeal)).as("objects restored before the conflict stay behind").hasSizeGreaterThan(1);
        }
    }

    private record Person(int keyId, byte[] cipher, String mask, byte[] hash) {}

    private static Map<String, Fingerprint> fingerprints(Scratch database) throws Exception {
        try (Connection connection = database.connect()) {
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            Map<String, Fingerprint> tables = TableFingerprints.of(connection, "public");
            connection.commit();
            return tables;
        }
    }

    private static List<String> tables(Scratch database) throws Exception {
        try (Connection connection = database.connect()) {
            return TableFingerprints.tables(connection, "public");
        }
    }

    private static long count(Scratch database, String sql) throws Exception {
        try (Connection connection = database.connect()) {
            return Long.parseLong(single(connection, sql));
        }
    }

    private static String single(Connection connection, String sql) throws Exception {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static String pgUser() { return org.xiezuo.support.PostgresSchema.user(); }

    private static String pgPassword() { return org.xiezuo.support.PostgresSchema.password(); }
}
