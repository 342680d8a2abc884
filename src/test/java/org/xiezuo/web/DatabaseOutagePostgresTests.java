package org.xiezuo.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.xiezuo.importer.DocumentImports;
import org.xiezuo.ledger.Bindings;
import org.xiezuo.ledger.DepartmentReporting;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.reporting.ReportingQueries;
import org.xiezuo.security.AccountAdministration;
import org.xiezuo.security.ScopeFixture;
import org.xiezuo.security.Sessions;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.Role;
import org.xiezuo.support.PostgresSchema;
import org.xiezuo.support.PostgresTest;

/**
 * SECURITY.md T71 on real PostgreSQL: the database goes away in the middle of a save. A restart of the
 * server cannot be staged here — the test server is shared with other test runs — so the test does to
 * the application what a restart does to it: every backend of the application's pool is terminated with
 * {@code pg_terminate_backend}, which sends each session the same FATAL error (57P01, "terminating
 * connection due to administrator command") a fast shutdown sends, and leaves the pool holding dead
 * connections. The pool's connections carry an application name of their own, so only they are hit.
 *
 * <p>To land the outage inside a save, the test holds a lock the save needs and terminates the pool while
 * the save waits for it: the report row, which every line save locks first, and the audit chain head,
 * which the save locks while it commits — then the reporter reads "系统繁忙，请稍后重试" (503) and the line
 * and the audit trail are as before; and the reporter's session row, which is written after the save has
 * committed — then the reporter reads the same, the line is fully saved with its audit row, and sending
 * the form again shows the saved value (409) instead of saving twice. Without restarting anything, the next
 * save goes through: HikariCP tests
 * a connection that has been idle for more than half a second before lending it (and keeps idle ones
 * alive, {@code spring.datasource.hikari.keepalive-time}) and replaces the dead ones.
 */
@PostgresTest
@AutoConfigureMockMvc
@DirtiesContext
class DatabaseOutagePostgresTests {

    private static final String POOL = "xiezuo-t71-" + UUID.randomUUID().toString().substring(0, 8);

    @DynamicPropertySource
    static void poolName(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.hikari.data-source-properties.ApplicationName", () -> POOL);
        registry.add("spring.datasource.hikari.maximum-pool-size", () -> "4");
    }

    @Autowired MockMvc mvc;
    @Autowired AccountAdministration accounts;
    @Autowired DocumentImports imports;
    @Autowired PlanQueries planQueries;
    @Autowired ReportingQueries queries;
    @Autowired Bindings bindings;
    @Autowired DataSource dataSource;
    @Value("${xiezuo.test.schema}") String schema;

    @Test
    void T71_theConnectionsDieDuringASaveTheReporterIsToldToRetryNothingIsHalfSavedAndTheNextSaveWorks() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 6);
        ScopeFixture district = ScopeFixture.importFor(imports, planQueries, "断库测试区" + tag);
        DepartmentReporting.only(bindings, district.planId());
        long education = district.unit("区教育局");
        long june = queries.periods(Actor.system(), district.planId()).get(5).id();
        PlanBook.IndicatorRow schools = district.book().indicators().stream().filter(i -> "3".equals(i.code())).findFirst().orElseThrow();
        Sessions.Signed reporter = Sessions.create(mvc, accounts, "t71-" + tag, Set.of(Role.REPORTER), Set.of(education));
        String line = "/periods/" + june + "/units/" + education + "/indicators/" + schools.id();

        assertThat(save(reporter, line, "1", 0).getStatus()).isEqualTo(302);
        long report = single("select report_id from " + schema + ".reporting_indicator_line where indicator_id = " + schools.id());
        Line before = line(schools.id());
        assertThat(before).isEqualTo(new Line("1", 1, 1));

        // 1. the outage hits while the save waits for the report row
        MockHttpServletResponse refused = saveDuringOutage(reporter, line, "2", 1,
                "select id from " + schema + ".reporting_report where id = " + report + " for update");
        assertBusy(refused);
        assertThat(line(schools.id())).as("untouched").isEqualTo(before);

        // 2. the outage hits while the save commits (it waits for the audit chain head to write its audit row)
        MockHttpServletResponse atCommit = saveDuringOutage(reporter, line, "2", 1,
                "select id from " + schema + ".audit_chain for update");
        assertBusy(atCommit);
        assertThat(line(schools.id())).as("untouched").isEqualTo(before);

        // 3. the save has committed when the outage hits the session write that ends the request: the reporter is
        //    told to retry, the line is fully saved, and the retry shows the saved value instead of saving twice
        MockHttpServletResponse afterCommit = saveDuringOutage(reporter, line, "2", 1,
                "select session_id from " + schema + ".spring_session where principal_name = '" + reporter.username() + "' for update");
        assertBusy(afterCommit);
        assertThat(line(schools.id())).as("fully saved").isEqualTo(new Line("2", 2, 2));
        Thread.sleep(700);
        MockHttpServletResponse retried = save(reporter, line, "2", 1);
        assertThat(retried.getStatus()).isEqualTo(409);
        assertThat(retried.getContentAsString(StandardCharsets.UTF_8)).contains("该记录已被他人修改").contains("保存为 2");

        // 4. no restart: the next save goes through on fresh connections, in the same session
        MockHttpServletResponse recovered = save(reporter, line, "3", 2);
        assertThat(recovered.getStatus()).as(recovered.getContentAsString(StandardCharsets.UTF_8)).isEqualTo(302);
        assertThat(line(schools.id())).isEqualTo(new Line("3", 3, 3));
        HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
        assertThat(pool.isRunning()).isTrue();
        assertThat(pool.getHikariPoolMXBean().getTotalConnections()).isPositive();
    }

    private MockHttpServletResponse save(Sessions.Signed who, String line, String value, int version) throws Exception {
        return mvc.perform(post(line).cookie(who.cookie()).param("value", value).param("version", String.valueOf(version))
                .with(csrf())).andReturn().getResponse();
    }

    /**
     * Holds {@code lockSql}'s lock in a connection of the test's own, starts the save, waits until one of the
     * pool's sessions waits for a lock, then terminates every session of the pool until the save has been
     * answered, and lets go of the lock.
     */
    private MockHttpServletResponse saveDuringOutage(Sessions.Signed who, String line, String value, int version, String lockSql)
            throws Exception {
        Thread.sleep(700); // past HikariCP's half-second in which a recently used connection is lent untested
        // pg_stat_activity is read once per transaction: the watching and killing run outside the lock's transaction
        try (Connection holder = connect(); Connection killer = connect()) {
            holder.setAutoCommit(false);
            try (Statement statement = holder.createStatement()) {
                statement.executeQuery(lockSql).close();
            }
            CompletableFuture<MockHttpServletResponse> saving = CompletableFuture.supplyAsync(() -> {
                try {
                    return save(who, line, value, version);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            waitForAWaitingSession(killer);
            List<Integer> killed = new ArrayList<>(terminatePool(killer, false));
            // a connection the pool opens afterwards and makes wait for the same lock dies too (the session
            // filter writes the session once more when the request ends), until the request has been answered
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!saving.isDone() && System.nanoTime() < deadline) {
                killed.addAll(terminatePool(killer, true));
                Thread.sleep(50);
            }
            assertThat(killed).as("sessions of the pool terminated").isNotEmpty();
            MockHttpServletResponse response = saving.get(5, TimeUnit.SECONDS);
            holder.rollback();
            return response;
        }
    }

    private static void waitForAWaitingSession(Connection connection) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try (PreparedStatement waiting = connection.prepareStatement(
                "select count(*) from pg_stat_activity where application_name = ? and wait_event_type = 'Lock'")) {
            waiting.setString(1, POOL);
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = waiting.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) > 0) return;
                }
                Thread.sleep(20);
            }
        }
        throw new AssertionError("the save never waited for the lock");
    }

    /** Terminates the pool's sessions — every one, or only those waiting for a lock. */
    private static List<Integer> terminatePool(Connection connection, boolean waitingOnly) throws Exception {
        List<Integer> pids = new ArrayList<>();
        try (PreparedStatement kill = connection.prepareStatement("select pid, pg_terminate_backend(pid) from pg_stat_activity "
                + "where application_name = ? and pid <> pg_backend_pid() and (not ? or wait_event_type = 'Lock')")) {
            kill.setString(1, POOL);
            kill.setBoolean(2, waitingOnly);
            try (ResultSet rs = kill.executeQuery()) {
                while (rs.next()) if (rs.getBoolean(2)) pids.add(rs.getInt(1));
            }
        }
        return pids;
    }

    private static void assertBusy(MockHttpServletResponse response) throws Exception {
        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeader("Retry-After")).isEqualTo("5");
        assertThat(response.getContentAsString(StandardCharsets.UTF_8)).contains("系统繁忙，请稍后重试")
                .doesNotContain("Exception", "SQL", "terminating", "org.");
    }

    private record Line(String value, int version, long savedAuditRows) {}

    private Line line(long indicatorId) throws Exception {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("select l.line_value, l.version, (select count(*) from " + schema + ".audit_event a "
                     + "where a.event_type = 'REPORT_VALUE_SAVED' and a.object_id = cast(l.report_id as varchar)) from " + schema
                     + ".reporting_indicator_line l where l.indicator_id = " + indicatorId)) {
            rs.next();
            return new Line(rs.getBigDecimal(1).stripTrailingZeros().toPlainString(), rs.getInt(2), rs.getLong(3));
        }
    }

    private long single(String sql) throws Exception {
        try (Connection connection = connect(); Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Connection connect() throws Exception {
        return DriverManager.getConnection(PostgresSchema.url(), PostgresSchema.user(), PostgresSchema.password());
    }
}
