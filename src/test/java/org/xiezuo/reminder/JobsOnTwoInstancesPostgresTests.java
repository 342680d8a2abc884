package org.xiezuo.reminder;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xiezuo.XiezuoApplication;
import org.xiezuo.importer.DocumentImports;
import org.xiezuo.notification.Deliveries;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.plan.Planning;
import org.xiezuo.reporting.ReportingQueries;
import org.xiezuo.security.AccountAdministration;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.Role;
import org.xiezuo.support.ExternalResource;
import org.xiezuo.support.MutableClock;
import org.xiezuo.support.PostgresSchema;

/**
 * Two instances of the whole application — two Spring contexts with their own web servers, schedulers,
 * connection pools and clocks — on one PostgreSQL schema (SECURITY.md T66, T67; issue 8): a session
 * started on one is valid on the other; the reminder job fired on both at the same moment runs once and
 * sends one set of reminders, delivered once by dispatchers running on both; an instance that dies
 * holding the job's lock keeps the other out until {@code lock_until}, after which the other runs and
 * adds nothing twice.
 */
@ExternalResource(ExternalResource.Kind.POSTGRESQL)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JobsOnTwoInstancesPostgresTests {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");
    private static final String PASSWORD = "Xz-Two-Instances-2026!";

    private final String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    private ConfigurableApplicationContext a;
    private ConfigurableApplicationContext b;
    private JdbcClient jdbc;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    /** Keeps the test classes (other tests' configurations and controllers) out of the contexts' component scan. */
    static final class WithoutTestClasses extends TypeExcludeFilter {
        @Override
        public boolean match(MetadataReader reader, MetadataReaderFactory factory) throws java.io.IOException {
            return reader.getResource().getURL().toString().contains("/test-classes/");
        }

        @Override
        public boolean equals(Object other) { return other instanceof WithoutTestClasses; }

        @Override
        public int hashCode() { return 1; }
    }

    @BeforeAll
    void startTwoInstances() throws Exception {
        sql("create schema " + schema);
        a = start("instance-a");
        b = start("instance-b");
        jdbc = a.getBean(JdbcClient.class);
    }

    @AfterAll
    void stop() throws Exception {
        if (b != null) b.close();
        if (a != null && a.isActive()) a.close();
        sql("drop schema if exists " + schema + " cascade");
    }

    private ConfigurableApplicationContext start(String name) {
        String url = PostgresSchema.url() + (PostgresSchema.url().contains("?") ? "&" : "?") + "currentSchema=" + schema;
        Map<String, Object> properties = Map.of(
                "spring.datasource.url", url,
                "spring.datasource.username", PostgresSchema.user(),
                "spring.datasource.password", PostgresSchema.password(),
                "spring.flyway.schemas", schema,
                "server.port", "0",
                "xiezuo.instance-name", name,
                // the leader of the session test signs in with the password alone (as RelaxedSecondFactorTests)
                "xiezuo.security.second-factor-roles", "ADMIN,SECURITY_ADMIN,AUDITOR,COORDINATOR,UNIT_HEAD,REPORTER,WEST_CONFIRMER");
        // first in line, above application-test.properties (as PostgresSchema does for a test context)
        return new SpringApplicationBuilder(XiezuoApplication.class, MutableClock.Configuration.class)
                .profiles("test")
                .initializers(context -> {
                    context.getBeanFactory().registerSingleton("withoutTestClasses", new WithoutTestClasses());
                    context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("instance-" + name, properties));
                })
                .run();
    }

    private void sql(String statement) throws Exception {
        try (Connection c = DriverManager.getConnection(PostgresSchema.url(), PostgresSchema.user(), PostgresSchema.password());
             Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    // ---- sessions --------------------------------------------------------------------------------

    private String base(ConfigurableApplicationContext instance) {
        return "http://127.0.0.1:" + instance.getEnvironment().getProperty("local.server.port");
    }

    private HttpResponse<String> get(ConfigurableApplicationContext instance, String path, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base(instance) + path)).GET();
        if (cookie != null) request.header("Cookie", cookie);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> post(ConfigurableApplicationContext instance, String path, String cookie, Map<String, String> form)
            throws Exception {
        String body = form.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base(instance) + path))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body));
        if (cookie != null) request.header("Cookie", cookie);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static String csrf(HttpResponse<String> page) {
        Matcher m = CSRF.matcher(page.body());
        assertThat(m.find()).as("a CSRF token on the page").isTrue();
        return m.group(1);
    }

    /** The session cookie the response sets, or the one sent before. */
    private static String cookie(HttpResponse<String> response, String previous) {
        return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("XIEZUO_SESSION="))
                .map(c -> c.substring(0, c.indexOf(';'))).filter(c -> !c.equals("XIEZUO_SESSION=")).findFirst().orElse(previous);
    }

    @Test
    @Order(1)
    void T66_aSessionStartedOnOneInstanceIsValidOnTheOther() throws Exception {
        a.getBean(AccountAdministration.class).create(Actor.cliAdministrator("test"), new AccountAdministration.NewAccount(
                "two-leader", "两实例领导", Set.of(Role.LEADER), Set.of(), null, null, "Tmp-Pass-2026!x"));

        // the password on A …
        HttpResponse<String> loginPage = get(a, "/login", null);
        String session = cookie(loginPage, null);
        HttpResponse<String> signedIn = post(a, "/login", session, Map.of("username", "two-leader", "password", "Tmp-Pass-2026!x",
                "_csrf", csrf(loginPage)));
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location").orElseThrow()).endsWith("/account/password");
        session = cookie(signedIn, session);

        // … the forced password change on B, in the same session …
        HttpResponse<String> passwordPage = get(b, "/account/password", session);
        assertThat(passwordPage.statusCode()).as("B knows the session A started").isEqualTo(200);
        HttpResponse<String> changed = post(b, "/account/password", session, Map.of("current", "Tmp-Pass-2026!x", "next", PASSWORD,
                "confirmation", PASSWORD, "_csrf", csrf(passwordPage)));
        assertThat(changed.statusCode()).isEqualTo(302);
        assertThat(changed.headers().firstValue("Location").orElseThrow()).doesNotContain("/login");
        session = cookie(changed, session);

        // … and the signed-in session works on both
        for (ConfigurableApplicationContext instance : List.of(a, b)) {
            HttpResponse<String> account = get(instance, "/account", session);
            assertThat(account.statusCode()).isEqualTo(200);
            assertThat(account.body()).contains("data-current-user", "two-leader", "data-notification-bell");
        }
        assertThat(get(b, "/account", null).statusCode()).as("without the cookie: signed out").isEqualTo(302);

        // signing out on B ends the session on A too
        HttpResponse<String> account = get(b, "/account", session);
        HttpResponse<String> out = post(b, "/logout", session, Map.of("_csrf", csrf(account)));
        assertThat(out.statusCode()).isEqualTo(302);
        HttpResponse<String> after = get(a, "/account", session);
        assertThat(after.statusCode()).isEqualTo(302);
        assertThat(after.headers().firstValue("Location").orElseThrow()).contains("/login");
    }

    // ---- the reminder job ------------------------------------------------------------------------

    private ReminderWorld world;

    private void setClocks(String chinaTime) {
        for (ConfigurableApplicationContext instance : List.of(a, b)) {
            if (instance.isActive()) instance.getBean(MutableClock.class).setTo(OffsetDateTime.parse(chinaTime).toInstant());
        }
    }

    /** Fires the scheduled method of both instances at the same moment (behind a barrier). */
    private void fireBoth() throws Exception {
        CyclicBarrier barrier = new CyclicBarrier(2);
        List<CompletableFuture<Void>> runs = List.of(a, b).stream().map(instance -> CompletableFuture.runAsync(() -> {
            try {
                barrier.await(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            instance.getBean(ReminderJob.class).runOnSchedule();
        })).toList();
        CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
    }

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    @Test
    @Order(2)
    void T66_theReminderJobFiredOnBothInstancesAtOnceSendsOneSetOfReminders() throws Exception {
        MutableClock clockA = a.getBean(MutableClock.class);
        world = ReminderWorld.create(clockA, a.getBean(DocumentImports.class), a.getBean(PlanQueries.class), a.getBean(Planning.class),
                a.getBean(ReportingQueries.class), a.getBean(AccountAdministration.class), a.getBean(org.xiezuo.ledger.Bindings.class));
        int units = a.getBean(ReportingQueries.class).overview(world.coordinator(), world.planId()).units().size();

        setClocks("2025-04-02T09:00:00+08:00"); // three days before the March deadline, on both instances
        fireBoth();

        assertThat(count("select count(*) from reminder_run")).as("the body ran once").isEqualTo(1);
        String ran = jdbc.sql("select instance from reminder_run").query(String.class).single();
        assertThat(ran).isIn("instance-a", "instance-b");
        assertThat(jdbc.sql("select locked_by from shedlock where name = 'reminder.run'").query(String.class).list())
                .as("one locked_by, the instance that ran").containsExactly(ran);
        assertThat(count("select count(*) from reminder_log where kind = 'BEFORE'")).as("one reminder per unit").isEqualTo(units);
        assertThat(count("select count(distinct reason) from reminder_log")).isEqualTo(count("select count(*) from reminder_log"));
        long outbox = count("select count(*) from notification_outbox");
        assertThat(outbox).as("in-app only here (no SMTP, no webhook): the four accounts bound to units").isEqualTo(4);

        // both instances' dispatchers at once: every message delivered exactly once
        CyclicBarrier barrier = new CyclicBarrier(2);
        List<CompletableFuture<Integer>> rounds = List.of(a, b).stream().map(instance -> CompletableFuture.supplyAsync(() -> {
            try {
                barrier.await(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return Deliveries.deliverNow(instance);
        })).toList();
        int delivered = 0;
        for (CompletableFuture<Integer> round : rounds) delivered += round.get(60, TimeUnit.SECONDS);
        assertThat(delivered).isEqualTo((int) outbox);
        assertThat(count("select count(*) from notification_message")).isEqualTo(outbox);
        assertThat(count("select count(*) from notification_delivery")).isEqualTo(outbox);
        assertThat(count("select count(*) from notification_outbox where status = 'SENT'")).isEqualTo(outbox);

        // fired again on both a minute later: the lock is still held (lockAtLeastFor), nothing runs
        setClocks("2025-04-02T09:01:00+08:00");
        fireBoth();
        assertThat(count("select count(*) from reminder_run")).isEqualTo(1);
        assertThat(count("select count(*) from notification_outbox")).isEqualTo(outbox);
    }

    @Test
    @Order(3)
    void T67_anInstanceThatDiesHoldingTheLockKeepsTheOtherOutUntilLockUntilAndNothingIsDoneTwice() throws Exception {
        assertThat(world).as("runs after the T66 job test").isNotNull();
        // A runs the D-1 reminders, then dies before releasing its lock: what a killed JVM leaves is the
        // lock row (ShedLock keeps nothing else), held for lockAtMostFor — here 6 more seconds
        setClocks("2025-04-04T09:00:00+08:00");
        Reminders.Run onA = a.getBean(Reminders.class).run("instance-a");
        assertThat(onA.reminded()).isPositive();
        jdbc.sql("""
                update shedlock set locked_by = 'instance-a', locked_at = timezone('utc', current_timestamp),
                       lock_until = timezone('utc', current_timestamp) + interval '6 seconds' where name = 'reminder.run'
                """).update();
        jdbc = b.getBean(JdbcClient.class);
        a.close();
        long runs = count("select count(*) from reminder_run");
        long logged = count("select count(*) from reminder_log");
        long outbox = count("select count(*) from notification_outbox");

        // B's schedule fires before lock_until: it does not run
        b.getBean(ReminderJob.class).runOnSchedule();
        assertThat(count("select count(*) from reminder_run")).isEqualTo(runs);
        assertThat(jdbc.sql("select locked_by from shedlock where name = 'reminder.run'").query(String.class).single())
                .isEqualTo("instance-a");

        // after lock_until it runs, and finds every reminder of the day already done
        while (count("select count(*) from shedlock where name = 'reminder.run' and lock_until > timezone('utc', current_timestamp)") > 0) {
            Thread.sleep(200);
        }
        b.getBean(ReminderJob.class).runOnSchedule();
        assertThat(count("select count(*) from reminder_run")).isEqualTo(runs + 1);
        assertThat(jdbc.sql("select instance from reminder_run order by id desc limit 1").query(String.class).single())
                .isEqualTo("instance-b");
        assertThat(jdbc.sql("select locked_by from shedlock where name = 'reminder.run'").query(String.class).single())
                .isEqualTo("instance-b");
        assertThat(jdbc.sql("select reminded from reminder_run order by id desc limit 1").query(Integer.class).single()).isZero();
        assertThat(count("select count(*) from reminder_log")).isEqualTo(logged);
        assertThat(count("select count(*) from notification_outbox")).isEqualTo(outbox);
    }
}
