package org.xiezuo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.flywaydb.core.api.migration.JavaMigration;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.xiezuo.assessment.Assessment;
import org.xiezuo.assessment.Assessor;
import org.xiezuo.audit.AuditIntegrity;
import org.xiezuo.audit.ChainVerdict;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.shared.Actor;
import org.xiezuo.support.BusyDistrict;
import org.xiezuo.support.ExternalResource;
import org.xiezuo.support.Instances;
import org.xiezuo.support.PostgresSchema;
import org.xiezuo.support.TableFingerprints;
import org.xiezuo.support.TableFingerprints.Fingerprint;

/**
 * SECURITY.md T72 on real PostgreSQL: an upgrade from the previous release keeps the data, an edited old
 * migration stops the start, and production refuses Flyway's {@code clean}.
 *
 * <p>"The previous release" is {@link #PREVIOUS_RELEASE}, the last migration of the release before the current
 * one — raise it when a release ships. Its data is made by the application itself: a plan worked on through the services in a schema at the current version,
 * copied table by table (the columns the old schema has, parents before children) into a schema migrated
 * only up to the previous release. Then the current application starts on that schema and migrates it.
 */
@ExternalResource(ExternalResource.Kind.POSTGRESQL)
class MigrationSafetyPostgresTests {

    private static final String[] LOCATIONS = {"classpath:db/migration", "classpath:db/vendor/postgresql"};

    /**
     * The schema of the release before this one: 5.1 (assessment); this release (issue 8: notifications,
     * reminders, supervision) adds 6.1 to 7.2 — 7.2 adds a column to the old {@code assessment_rules}, whose
     * rows must survive it.
     */
    static final MigrationVersion PREVIOUS_RELEASE = MigrationVersion.fromVersion("5.1");

    /** Tables a later migration drops on purpose: V8_1 drops the import staging table (always empty between imports, ADR 0019). */
    static final Set<String> DROPPED_SINCE = Set.of("ledger_staging");

    @Test
    void T72_anUpgradeFromThePreviousReleaseKeepsTheDataAnEditedMigrationStopsTheStartAndProductionRefusesClean() throws Exception {
        String tag = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String current = "t72c_" + tag;
        String old = "t72p_" + tag;
        execute("create schema " + current, "create schema " + old);
        try {
            // data written by the application, at the current version
            List<JavaMigration> javaMigrations;
            long planId;
            try (ConfigurableApplicationContext app = start(current, List.of("test"))) {
                planId = BusyDistrict.populate(app, "升级演练区", 40).planId();
                javaMigrations = new ArrayList<>(app.getBeansOfType(JavaMigration.class).values());
            }

            // the previous release's schema, holding that data
            MigrationVersion previous = PREVIOUS_RELEASE;
            assertThat(releasedVersions(javaMigrations)).as("the previous release is a migration").contains(previous);
            MigrationVersion latest = flyway(current, javaMigrations, null).info().current().getVersion();
            assertThat(previous).as("previous release").isLessThan(latest);
            flyway(old, javaMigrations, previous).migrate();
            assertThat(flyway(old, javaMigrations, null).info().current().getVersion()).isEqualTo(previous);
            Map<String, Long> copied = copy(current, old);
            assertThat(copied).containsKeys("plan", "plan_indicator", "audit_event", "security_account");
            assertThat(copied.values().stream().mapToLong(Long::longValue).sum()).isGreaterThan(500);
            // the previous release also wrote each entry's first unit as an attribution row; V8_1 removes those (ADR 0020)
            long firstUnits = count("select count(*) from " + old + ".ledger_entry where unit_id is not null");
            assertThat(firstUnits).as("ledger entries with a unit in the old data").isPositive();
            execute("insert into " + old + ".ledger_attribution (entry_id, unit_id) select e.id, e.unit_id from " + old
                    + ".ledger_entry e where e.unit_id is not null and not exists (select 1 from " + old
                    + ".ledger_attribution a where a.entry_id = e.id and a.unit_id = e.unit_id)");
            long attributionsBefore = count("select count(*) from " + old + ".ledger_attribution");

            Map<String, Fingerprint> before;
            Map<String, String> columnsBefore = new TreeMap<>();
            try (Connection connection = connect()) {
                before = TableFingerprints.of(connection, old);
                for (String table : before.keySet()) columnsBefore.put(table, TableFingerprints.columns(connection, old, table));
            }

            // the new release starts on it and migrates
            try (ConfigurableApplicationContext app = start(old, List.of("test"))) {
                assertThat(count("select count(*) from " + old + ".flyway_schema_history where not success")).isZero();
                assertThat(flyway(old, javaMigrations, null).info().current().getVersion()).isEqualTo(latest);

                Map<String, Fingerprint> after;
                try (Connection connection = connect()) {
                    after = TableFingerprints.of(connection, old);
                    List<String> untouched = new ArrayList<>();
                    for (String table : before.keySet()) {
                        if (table.equals("flyway_schema_history")) continue;
                        if (DROPPED_SINCE.contains(table)) {
                            assertThat(before.get(table).rows()).as("rows of " + table + " before it is dropped").isZero();
                            assertThat(after).as("table dropped: " + table).doesNotContainKey(table);
                            continue;
                        }
                        assertThat(after).as("table kept: " + table).containsKey(table);
                        if (table.equals("ledger_attribution")) {
                            assertThat(after.get(table).rows()).as("rows of ledger_attribution: the first units gone")
                                    .isEqualTo(attributionsBefore - firstUnits);
                            assertThat(count("select count(*) from " + old + ".ledger_attribution a join " + old
                                    + ".ledger_entry e on e.id = a.entry_id and e.unit_id = a.unit_id")).isZero();
                            continue;
                        }
                        assertThat(after.get(table).rows()).as("rows of " + table).isEqualTo(before.get(table).rows());
                        if (columnsBefore.get(table).equals(TableFingerprints.columns(connection, old, table))) {
                            assertThat(after.get(table)).as("untouched table " + table).isEqualTo(before.get(table));
                            untouched.add(table);
                        }
                    }
                    assertThat(untouched).contains("plan", "reporting_indicator_line", "ledger_person", "audit_event");
                }
                Set<String> kept = new java.util.TreeSet<>(before.keySet());
                kept.removeAll(DROPPED_SINCE);
                assertThat(after.keySet()).as("the new release's tables").containsAll(kept)
                        .hasSizeGreaterThan(kept.size());

                // and works on the old data
                ChainVerdict chain = app.getBean(AuditIntegrity.class).verify();
                assertThat(chain.intact()).as(chain.message()).isTrue();
                assertThat(app.getBean(PlanQueries.class).book(Actor.cli("t72"), planId).indicators()).hasSizeGreaterThan(30);
                Assessment assessment = app.getBean(Assessor.class).assess(Actor.cli("t72"), planId, LocalDate.of(2021, 12, 31), null);
                assertThat(assessment.indicators()).isNotEmpty();
            }
            Map<String, Fingerprint> upgraded;
            try (Connection connection = connect()) {
                upgraded = TableFingerprints.of(connection, old);
            }

            // an applied migration edited afterwards: the start stops with Flyway's checksum error, nothing written
            Path edited = editedMigrations(tag);
            assertThatThrownBy(() -> start(old, List.of("test"), "--spring.flyway.locations=filesystem:" + edited.resolve("migration")
                    + ",filesystem:" + edited.resolve("vendor/postgresql")).close())
                    .hasRootCauseInstanceOf(FlywayValidateException.class)
                    .rootCause().hasMessageContaining("Migration checksum mismatch for migration version 1.2");
            try (Connection connection = connect()) {
                assertThat(TableFingerprints.of(connection, old)).isEqualTo(upgraded);
            }

            // production: clean is refused, and a setting allowing it refuses the start
            Instances.Escrow keys = Instances.Escrow.generate(1);
            try (ConfigurableApplicationContext prod = start(old, List.of("prod"), keys.args())) {
                assertThatThrownBy(() -> prod.getBean(Flyway.class).clean()).isInstanceOf(FlywayException.class)
                        .hasMessageContaining("clean").hasMessageContaining("disabled");
            }
            try (Connection connection = connect()) {
                assertThat(TableFingerprints.tables(connection, old)).containsAll(upgraded.keySet());
            }
            List<String> allowing = new ArrayList<>(List.of(keys.args()));
            allowing.add("--spring.flyway.clean-disabled=false");
            assertThatThrownBy(() -> start(old, List.of("prod"), allowing.toArray(String[]::new)).close())
                    .hasMessageContaining("生产配置（prod）不允许 Flyway clean");
        } finally {
            execute("drop schema if exists " + current + " cascade", "drop schema if exists " + old + " cascade");
        }
    }

    private static ConfigurableApplicationContext start(String schema, List<String> profiles, String... args) {
        List<String> all = new ArrayList<>(List.of("--spring.flyway.schemas=" + schema));
        all.addAll(List.of(args));
        return Instances.start(url(schema), false, profiles, all.toArray(String[]::new));
    }

    private static String url(String schema) {
        String base = PostgresSchema.url();
        return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    private static Flyway flyway(String schema, List<JavaMigration> javaMigrations, MigrationVersion target) {
        var configuration = Flyway.configure().dataSource(url(schema), PostgresSchema.user(), PostgresSchema.password())
                .schemas(schema).locations(LOCATIONS).javaMigrations(javaMigrations.toArray(JavaMigration[]::new));
        if (target != null) configuration.target(target);
        return configuration.load();
    }

    /** The versions of every migration there is. */
    private static List<MigrationVersion> releasedVersions(List<JavaMigration> javaMigrations) throws Exception {
        String scratch = "t72v_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        execute("create schema " + scratch);
        try {
            List<MigrationVersion> versions = new ArrayList<>();
            for (MigrationInfo info : flyway(scratch, javaMigrations, null).info().pending()) versions.add(info.getVersion());
            return versions;
        } finally {
            execute("drop schema if exists " + scratch + " cascade");
        }
    }

    /**
     * Copies every table of {@code to} (but Flyway's history) from {@code from}: the rows the migrations put
     * there are replaced, the columns {@code to} has are copied, parents before children, and identity
     * sequences are moved past the copied ids. Answers the rows copied per table.
     */
    private static Map<String, Long> copy(String from, String to) throws Exception {
        Map<String, Long> copied = new TreeMap<>();
        try (Connection connection = connect()) {
            connection.setAutoCommit(false);
            List<String> tables = new ArrayList<>(TableFingerprints.tables(connection, to));
            tables.remove("flyway_schema_history");
            tables.retainAll(TableFingerprints.tables(connection, from)); // not the ones a later migration dropped
            List<String> order = parentsFirst(connection, to, tables);
            try (Statement statement = connection.createStatement()) {
                List<String> childrenFirst = new ArrayList<>(order);
                java.util.Collections.reverse(childrenFirst);
                for (String table : childrenFirst) statement.executeUpdate("delete from " + to + "." + table);
                for (String table : order) {
                    String columns = String.join(", ", columnNames(connection, to, table));
                    copied.put(table, (long) statement.executeUpdate("insert into " + to + "." + table + " (" + columns + ") select "
                            + columns + " from " + from + "." + table));
                }
            }
            try (PreparedStatement identities = connection.prepareStatement("""
                    select c.table_name, c.column_name from information_schema.columns c
                    where c.table_schema = ? and c.is_identity = 'YES'""")) {
                identities.setString(1, to);
                try (ResultSet rs = identities.executeQuery(); Statement statement = connection.createStatement()) {
                    List<String[]> columns = new ArrayList<>();
                    while (rs.next()) columns.add(new String[] {rs.getString(1), rs.getString(2)});
                    for (String[] c : columns) {
                        statement.execute("select setval(pg_get_serial_sequence('" + to + "." + c[0] + "', '" + c[1] + "'), "
                                + "coalesce((select max(" + c[1] + ") from " + to + "." + c[0] + "), 0) + 1, false)");
                    }
                }
            }
            connection.commit();
        }
        return copied;
    }

    private static List<String> columnNames(Connection connection, String schema, String table) throws Exception {
        List<String> names = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "select column_name from information_schema.columns where table_schema = ? and table_name = ? order by ordinal_position")) {
            statement.setString(1, schema);
            statement.setString(2, table);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) names.add(rs.getString(1));
            }
        }
        return names;
    }

    /** The tables ordered so that every table comes after the tables its foreign keys point to. */
    private static List<String> parentsFirst(Connection connection, String schema, List<String> tables) throws Exception {
        Map<String, Set<String>> parents = new HashMap<>();
        for (String table : tables) parents.put(table, new LinkedHashSet<>());
        try (PreparedStatement statement = connection.prepareStatement("""
                select child.relname, parent.relname from pg_constraint k
                join pg_class child on child.oid = k.conrelid join pg_class parent on parent.oid = k.confrelid
                join pg_namespace n on n.oid = child.relnamespace
                where k.contype = 'f' and n.nspname = ?""")) {
            statement.setString(1, schema);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    if (!rs.getString(1).equals(rs.getString(2)) && parents.containsKey(rs.getString(1))) {
                        parents.get(rs.getString(1)).add(rs.getString(2));
                    }
                }
            }
        }
        List<String> order = new ArrayList<>();
        while (order.size() < tables.size()) {
            boolean progress = false;
            for (String table : tables) {
                if (!order.contains(table) && order.containsAll(parents.get(table))) {
                    order.add(table);
                    progress = true;
                }
            }
            if (!progress) throw new IllegalStateException("foreign keys form a cycle among " + tables);
        }
        return order;
    }

    /** The migrations as released, with one applied migration (1.2) edited afterwards. */
    private static Path editedMigrations(String tag) throws Exception {
        Path root = Files.createDirectories(Path.of("target", "t72-" + tag).toAbsolutePath());
        PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
        for (String folder : List.of("migration", "vendor/postgresql")) {
            Path target = Files.createDirectories(root.resolve(folder));
            for (Resource resource : resolver.getResources("classpath:db/" + folder + "/*.sql")) {
                String text = resource.getContentAsString(StandardCharsets.UTF_8);
                if ("V1_2__unit.sql".equals(resource.getFilename())) {
                    text = text + "\n-- 发布后改动：为单位名称加了一个索引\ncreate index unit_name_edited on unit (name);\n";
                }
                Files.writeString(target.resolve(resource.getFilename()), text, StandardCharsets.UTF_8);
            }
        }
        return root;
    }

    private static long count(String sql) throws Exception {
        try (Connection connection = connect(); Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void execute(String... sql) throws Exception {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            for (String s : sql) statement.execute(s);
        }
    }

    private static Connection connect() throws Exception {
        return DriverManager.getConnection(PostgresSchema.url(), PostgresSchema.user(), PostgresSchema.password());
    }
}
