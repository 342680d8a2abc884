package org.xiezuo.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.xiezuo.importer.DocumentImports;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.security.AccountAdministration;
import org.xiezuo.security.ScopeFixture;
import org.xiezuo.security.Sessions;
import org.xiezuo.shared.Role;
import org.xiezuo.support.StatementLog;

/**
 * What one page costs the database, on the real server (embedded Tomcat, Spring Session JDBC): the plan
 * overview of a signed-in coordinator reads its session once and writes it once, reads the account once
 * (the sign-in guard and the authorisation share it), and opens no transaction — a dozen round trips
 * were 21 before (docs/benchmarks.md, W4); and a plan's ledger-derived values cost three statements (W2).
 * Counts of what is sent, never times. On H2
 * ({@link PageRoundTripsTests}) and PostgreSQL ({@link PageRoundTripsPostgresTests}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@AutoConfigureMockMvc
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Import(PageRoundTripsContract.Recording.class)
abstract class PageRoundTripsContract {

    @TestConfiguration(proxyBeanMethods = false)
    static class Recording {
        @Bean
        static BeanPostProcessor statementLog() {
            return StatementLog.installer();
        }
    }

    @LocalServerPort int port;
    @Autowired MockMvc mvc;
    @Autowired AccountAdministration accounts;
    @Autowired DocumentImports imports;
    @Autowired PlanQueries plans;
    @Autowired org.xiezuo.reporting.DerivedValues derived;

    final HttpClient http = HttpClient.newHttpClient();
    ScopeFixture district;
    String cookie;

    @BeforeAll
    void signedIn() throws Exception {
        district = ScopeFixture.importFor(imports, plans, "往返测试区");
        Sessions.Signed coordinator = Sessions.create(mvc, accounts, "rt-xzb", Set.of(Role.COORDINATOR), Set.of());
        cookie = "XIEZUO_SESSION=" + coordinator.cookie().getValue();
    }

    /** The request thread's statements of one GET, once its session write (the last thing it sends) is seen. */
    List<StatementLog.Entry> statementsOf(String path) throws Exception {
        get(path); // the first view renders and caches; the second is the one every later viewer pays
        StatementLog.clear();
        HttpResponse<String> page = get(path);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("时序进度");
        List<StatementLog.Entry> sent = List.of();
        for (int i = 0; i < 100; i++) {
            sent = StatementLog.of("http-nio-");
            if (sent.stream().anyMatch(e -> e.is("update spring_session"))) break;
            Thread.sleep(20);
        }
        Thread.sleep(50);
        return StatementLog.of("http-nio-");
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Cookie", cookie).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Test
    void theOverviewReadsItsSessionOnceWritesItOnceAndOpensNoTransaction() throws Exception {
        List<StatementLog.Entry> sent = statementsOf("/plans/" + district.planId() + "/assessment");
        String trace = sent.stream().map(e -> e.sql().replaceAll("\\s+", " "))
                .map(t -> t.substring(0, Math.min(t.length(), 70))).toList().toString();

        assertThat(sent).as("session reads" + " in " + trace).filteredOn(e -> e.is("select") && e.mentions("from spring_session")).hasSize(1);
        assertThat(sent).as("session writes" + " in " + trace).filteredOn(e -> e.mentions("spring_session")).hasSize(2);
        assertThat(sent).as("account reads" + " in " + trace).filteredOn(e -> e.is("select") && e.mentions("from security_account a")
                && e.mentions("display_name")).hasSize(1);
        assertThat(sent).as("transactions" + " in " + trace).filteredOn(e -> e.is("BEGIN") || e.is("COMMIT") || e.is("ROLLBACK")).isEmpty();
        // session read, account, unread notifications, reports awaiting review, plan header, audit stamps, session write
        assertThat(sent).as(trace).hasSizeLessThanOrEqualTo(7);
    }

    @Test
    void aPlansLedgerValuesAreDerivedInThreeStatements() {
        derived.asOf(district.planId(), java.time.LocalDate.of(2021, 12, 31));
        StatementLog.clear();
        var values = derived.asOf(district.planId(), java.time.LocalDate.of(2021, 12, 31));
        assertThat(values).as("the seed's default bindings").isNotEmpty();
        List<StatementLog.Entry> sent = StatementLog.of(Thread.currentThread().getName());
        String trace = sent.stream().map(e -> e.sql().replaceAll("\\s+", " ")).map(t -> t.substring(0, Math.min(t.length(), 70))).toList().toString();
        // PERFORMANCE.md W2, at most five round trips: the plan's header, its indicators' units, the values; one commit
        assertThat(sent).as(trace).filteredOn(e -> !e.is("BEGIN") && !e.is("COMMIT") && !e.is("ROLLBACK")).hasSize(3);
        assertThat(sent).as(trace).filteredOn(e -> e.is("COMMIT") || e.is("ROLLBACK")).hasSizeLessThanOrEqualTo(1);
    }
}
