package org.xiezuo.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.xiezuo.importer.DocumentImports;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.security.AccountAdministration;
import org.xiezuo.security.ScopeFixture;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.BusinessRuleViolation;
import org.xiezuo.shared.NotFound;
import org.xiezuo.shared.Role;
import org.xiezuo.support.MutableClock;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpServer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The three channels against real receivers in this JVM — an SMTP server (GreenMail) and an HTTP server
 * playing a DingTalk robot that checks nothing, so the test checks the signature itself — with the
 * dedupe by reason, retries with back-off, a failing channel that holds up no other, channel choices,
 * recipients by unit, role and district, and the in-app list. Runs on H2 and PostgreSQL.
 */
abstract class NotificationContract {

    static final String SECRET = "SEC-xiezuo-test-secret";
    static final GreenMail SMTP = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    static final Robot ROBOT = new Robot();
    static final JsonMapper JSON = JsonMapper.builder().build();

    static {
        SMTP.start();
    }

    @DynamicPropertySource
    static void channels(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP.getSmtp().getPort());
        registry.add("xiezuo.notification.email.from", () -> "xiezuo@test.local");
        registry.add("xiezuo.notification.base-url", () -> "https://xiezuo.test/");
        registry.add("xiezuo.notification.webhook.url", () -> "http://127.0.0.1:" + ROBOT.port() + "/robot/send?access_token=T0KEN");
        registry.add("xiezuo.notification.webhook.format", () -> "DINGTALK");
        registry.add("xiezuo.notification.webhook.secret", () -> SECRET);
        registry.add("xiezuo.notification.webhook.timeout", () -> "PT3S");
    }

    /** A local HTTP receiver: records each POST, answers with the status set (200 with errcode 0 by default). */
    static final class Robot {
        record Call(String query, String body, Instant at) {}

        final List<Call> calls = new CopyOnWriteArrayList<>();
        final AtomicInteger status = new AtomicInteger(200);
        private final HttpServer server;

        Robot() {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/robot/send", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                calls.add(new Call(exchange.getRequestURI().getRawQuery(), body, Instant.now()));
                byte[] answer = (status.get() == 200 ? "{\"errcode\":0,\"errmsg\":\"ok\"}" : "boom").getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status.get(), answer.length);
                exchange.getResponseBody().write(answer);
                exchange.close();
            });
            server.start();
        }

        int port() { return server.getAddress().getPort(); }

        List<Call> callsFor(String displayName) {
            return calls.stream().filter(c -> c.body().contains("致" + displayName + "：")).toList();
        }
    }

    @Autowired Notifications notifications;
    @Autowired NotificationPreferences preferences;
    @Autowired Inbox inbox;
    @Autowired Dispatcher dispatcher;
    @Autowired AccountAdministration accounts;
    @Autowired DocumentImports imports;
    @Autowired PlanQueries planQueries;
    @Autowired JdbcClient jdbc;
    @Autowired MutableClock clock;
    @Autowired PlatformTransactionManager transactions;

    String tag;
    Actor withEmail;
    Actor withoutEmail;

    @BeforeEach
    void people() throws Exception {
        SMTP.purgeEmailFromAllMailboxes();
        ROBOT.calls.clear();
        ROBOT.status.set(200);
        tag = UUID.randomUUID().toString().substring(0, 8);
        withEmail = leader("zhang-" + tag, "张" + tag, "zhang-" + tag + "@test.local");
        withoutEmail = leader("li-" + tag, "李" + tag, null);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    Actor leader(String username, String name, String email) {
        accounts.create(Actor.cliAdministrator("test"), new AccountAdministration.NewAccount(username, name, Set.of(Role.LEADER),
                Set.of(), null, email, null));
        return Actor.user(username, name, Set.of(Role.LEADER));
    }

    Notice notice(String reason) {
        return new Notice(reason + ":" + tag, "催报提醒：2025年3月进度报告", "请于4月5日前提交。\n区教育局", "/plans/1", null);
    }

    List<Map<String, Object>> outbox(String reason) {
        return jdbc.sql("select recipient, channel, status, attempts, next_attempt_at, last_error from notification_outbox "
                        + "where reason = :r order by recipient, channel").param("r", reason + ":" + tag).query().listOfRows();
    }

    List<Map<String, Object>> deliveries(String reason, Channel channel) {
        return jdbc.sql("select recipient, attempt, attempted_at, delivered, error from notification_delivery "
                        + "where reason = :r and channel = :c order by id").param("r", reason + ":" + tag)
                .param("c", channel.name()).query().listOfRows();
    }

    List<MimeMessage> mailsTo(Actor actor) throws Exception {
        List<MimeMessage> mails = new ArrayList<>();
        for (MimeMessage m : SMTP.getReceivedMessages()) {
            if (m.getAllRecipients()[0].toString().equals(actor.name() + "@test.local")) mails.add(m);
        }
        return mails;
    }

    static Instant instant(Object value) {
        return value instanceof OffsetDateTime o ? o.toInstant() : ((java.sql.Timestamp) value).toInstant();
    }

    @Test
    void eachChannelDeliversOnceAndTheSameReasonIsNeverSentTwice() throws Exception {
        notifications.notifyAccounts(List.of(withEmail.name(), withoutEmail.name(), "nobody-" + tag), notice("once"));
        notifications.notifyAccounts(List.of(withEmail.name(), withoutEmail.name()), notice("once"));

        assertThat(outbox("once")).extracting(r -> r.get("recipient") + "/" + r.get("channel")).containsExactly(
                "li-" + tag + "/IN_APP", "li-" + tag + "/WEBHOOK",
                "zhang-" + tag + "/EMAIL", "zhang-" + tag + "/IN_APP", "zhang-" + tag + "/WEBHOOK");
        assertThat(inbox.unread(withEmail)).as("nothing before the dispatcher runs").isZero();

        dispatcher.dispatch();
        dispatcher.dispatch();
        notifications.notifyAccounts(List.of(withEmail.name()), notice("once"));
        dispatcher.dispatch();

        // e-mail: one message, UTF-8, to the account's address, with the absolute link
        List<MimeMessage> mails = mailsTo(withEmail);
        assertThat(mails).hasSize(1);
        assertThat(mails.get(0).getSubject()).isEqualTo("【协作】催报提醒：2025年3月进度报告");
        assertThat(mails.get(0).getFrom()[0].toString()).isEqualTo("xiezuo@test.local");
        assertThat(mails.get(0).getContent().toString()).contains("张" + tag, "请于4月5日前提交。", "https://xiezuo.test/plans/1");
        assertThat(SMTP.getReceivedMessages()).hasSize(1);

        // webhook: one DingTalk text message per recipient, signed as DingTalk documents it
        assertThat(ROBOT.callsFor("张" + tag)).hasSize(1);
        assertThat(ROBOT.callsFor("李" + tag)).hasSize(1);
        for (Robot.Call call : ROBOT.calls) {
            JsonNode body = JSON.readTree(call.body());
            assertThat(body.get("msgtype").asString()).isEqualTo("text");
            assertThat(body.get("text").get("content").asString()).startsWith("【协作】致").contains("催报提醒", "https://xiezuo.test/plans/1")
                    .doesNotContain("@test.local");
            Map<String, String> query = query(call.query());
            assertThat(query.get("access_token")).isEqualTo("T0KEN");
            long timestamp = Long.parseLong(query.get("timestamp"));
            assertThat(Math.abs(timestamp - clock.millis())).isLessThan(60_000);
            assertThat(query.get("sign")).as("HmacSHA256(secret, timestamp + \\n + secret), Base64, URL-encoded")
                    .isEqualTo(independentSignature(timestamp));
        }

        // in-app: one each
        assertThat(inbox.list(withEmail, false, 0, 10).items()).extracting(Inbox.Item::title).containsExactly("催报提醒：2025年3月进度报告");
        assertThat(inbox.list(withoutEmail, false, 0, 10).items()).hasSize(1);
        assertThat(outbox("once")).allSatisfy(r -> assertThat(r.get("status")).isEqualTo("SENT"));
        for (Channel channel : Channel.values()) {
            assertThat(deliveries("once", channel)).allSatisfy(d -> assertThat(d.get("delivered")).isEqualTo(true));
        }
        assertThat(jdbc.sql("select count(*) from notification_delivery where reason = :r").param("r", "once:" + tag)
                .query(Long.class).single()).isEqualTo(5);
    }

    /** The query string decoded, except {@code sign}, which is compared URL-encoded as sent. */
    static Map<String, String> query(String raw) {
        Map<String, String> values = new java.util.HashMap<>();
        for (String pair : raw.split("&")) {
            String[] kv = pair.split("=", 2);
            values.put(kv[0], kv[0].equals("sign") ? kv[1] : URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return values;
    }

    /** The DingTalk signature computed here, apart from the application's code. */
    static String independentSignature(long timestamp) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String base64 = Base64.getEncoder().encodeToString(mac.doFinal((timestamp + "\n" + SECRET).getBytes(StandardCharsets.UTF_8)));
        return java.net.URLEncoder.encode(base64, StandardCharsets.UTF_8);
    }

    @Test
    void aFailingWebhookIsRetriedWithBackOffAndHoldsUpNeitherEmailNorInAppNorTheCaller() throws Exception {
        ROBOT.status.set(500);
        clock.setTo(Instant.parse("2025-04-02T01:00:00Z"));
        Instant t0 = clock.instant();
        long started = System.nanoTime();
        new TransactionTemplate(transactions).executeWithoutResult(s ->
                notifications.notifyAccounts(List.of(withEmail.name(), withoutEmail.name()), notice("down")));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the caller only writes rows").isLessThan(Duration.ofSeconds(2));
        assertThat(ROBOT.calls).isEmpty();

        dispatcher.dispatch();
        assertThat(mailsTo(withEmail)).as("e-mail is not held up").hasSize(1);
        assertThat(inbox.unread(withEmail) + inbox.unread(withoutEmail)).as("in-app is not held up").isEqualTo(2);
        List<Map<String, Object>> failed = deliveries("down", Channel.WEBHOOK);
        assertThat(failed).as("the channel's turn ends at its first failure").hasSize(1);
        assertThat(failed.get(0).get("delivered")).isEqualTo(false);
        assertThat(failed.get(0).get("error").toString()).contains("HTTP 500").doesNotContain("T0KEN");
        String first = failed.get(0).get("recipient").toString();
        Map<String, Object> row = outbox("down").stream().filter(r -> r.get("recipient").equals(first) && r.get("channel").equals("WEBHOOK"))
                .findFirst().orElseThrow();
        assertThat(row.get("status")).isEqualTo("PENDING");
        assertThat(Duration.between(t0.plus(Duration.ofMinutes(1)), instant(row.get("next_attempt_at"))).abs())
                .as("next attempt one minute after the failure").isLessThan(Duration.ofSeconds(5));

        // before its back-off the failed message is not tried again (the other recipient's may be)
        dispatcher.dispatch();
        assertThat(deliveries("down", Channel.WEBHOOK)).filteredOn(d -> d.get("recipient").equals(first)).hasSize(1);

        clock.setTo(t0.plus(Duration.ofMinutes(1)).plusSeconds(5));
        dispatcher.dispatch();
        dispatcher.dispatch();
        assertThat(deliveries("down", Channel.WEBHOOK)).filteredOn(d -> d.get("recipient").equals(first)).hasSize(2);

        ROBOT.status.set(200);
        clock.setTo(t0.plus(Duration.ofMinutes(3)).plusSeconds(15)); // 1 min, then 2 min of back-off
        dispatcher.dispatch();
        dispatcher.dispatch();
        List<Map<String, Object>> attempts = deliveries("down", Channel.WEBHOOK).stream()
                .filter(d -> d.get("recipient").equals(first)).toList();
        assertThat(attempts).extracting(d -> d.get("attempt") + ":" + d.get("delivered")).containsExactly("1:false", "2:false", "3:true");
        assertThat(Duration.between(instant(attempts.get(0).get("attempted_at")), instant(attempts.get(1).get("attempted_at"))))
                .isGreaterThanOrEqualTo(Duration.ofMinutes(1));
        assertThat(Duration.between(instant(attempts.get(1).get("attempted_at")), instant(attempts.get(2).get("attempted_at"))))
                .isGreaterThanOrEqualTo(Duration.ofMinutes(2));
        assertThat(outbox("down")).allSatisfy(r -> assertThat(r.get("status")).isEqualTo("SENT"));
        assertThat(deliveries("down", Channel.WEBHOOK)).filteredOn(d -> d.get("delivered").equals(true)).hasSize(2);
    }

    @Test
    void afterTheLastAttemptAMessageIsFailedAndNotTriedAgain() {
        ROBOT.status.set(503);
        preferences.choose(withEmail, Map.of(Channel.EMAIL, false));
        clock.setTo(Instant.parse("2025-04-02T01:00:00Z"));
        notifications.notifyAccounts(List.of(withEmail.name()), notice("dead"));
        for (int round = 0; round < 10; round++) {
            dispatcher.dispatch();
            clock.advance(Duration.ofHours(6).plusMinutes(1));
        }
        assertThat(deliveries("dead", Channel.WEBHOOK)).hasSize(8).allSatisfy(d -> assertThat(d.get("delivered")).isEqualTo(false));
        assertThat(outbox("dead")).filteredOn(r -> r.get("channel").equals("WEBHOOK")).singleElement()
                .satisfies(r -> {
                    assertThat(r.get("status")).isEqualTo("FAILED");
                    assertThat(r.get("attempts")).isEqualTo(8);
                    assertThat(r.get("last_error").toString()).contains("HTTP 503");
                });
        assertThat(inbox.unread(withEmail)).isEqualTo(1);
    }

    @Test
    void accountsChooseTheirChannelsButInAppStaysOnAndAChangeIsAudited() throws Exception {
        assertThat(preferences.of(withoutEmail)).filteredOn(c -> c.channel() == Channel.EMAIL).singleElement()
                .satisfies(c -> assertThat(c.available()).isFalse());
        preferences.choose(withEmail, Map.of(Channel.EMAIL, false));
        assertThatThrownBy(() -> preferences.choose(withEmail, Map.of(Channel.IN_APP, false))).isInstanceOf(BusinessRuleViolation.class)
                .hasMessage("站内通知不能关闭");
        assertThat(jdbc.sql("select detail from audit_event where event_type = 'NOTIFICATION_PREFERENCES_CHANGED' and actor = :a")
                .param("a", withEmail.name()).query(String.class).list()).containsExactly("电子邮件：开 → 关");

        notifications.notifyAccounts(List.of(withEmail.name()), notice("chosen"));
        assertThat(outbox("chosen")).extracting(r -> r.get("channel")).containsExactly("IN_APP", "WEBHOOK");

        // switched off while a message waits: it is cancelled, not sent
        preferences.choose(withEmail, Map.of(Channel.EMAIL, true));
        notifications.notifyAccounts(List.of(withEmail.name()), notice("switched"));
        preferences.choose(withEmail, Map.of(Channel.EMAIL, false, Channel.WEBHOOK, false));
        dispatcher.dispatch();
        assertThat(mailsTo(withEmail)).isEmpty();
        assertThat(outbox("switched")).filteredOn(r -> !r.get("channel").equals("IN_APP"))
                .allSatisfy(r -> {
                    assertThat(r.get("status")).isEqualTo("CANCELLED");
                    assertThat(r.get("last_error")).isEqualTo("本人已关闭此渠道");
                });
    }

    @Test
    void unitsAreReachedThroughTheirRolesAndADistrictThroughItsCoordinators() {
        ScopeFixture district = ScopeFixture.importFor(imports, planQueries, "通知测试区" + tag);
        long education = district.unit("区教育局");
        long health = district.unit("区卫健局");
        long office = district.unit("区发改局");
        List<String> made = new ArrayList<>();
        for (Object[] spec : new Object[][] {{"r", Role.REPORTER, education}, {"h", Role.UNIT_HEAD, education},
                {"x", Role.REPORTER, health}, {"l", Role.LEADER, office}, {"c", Role.COORDINATOR, office}, {"d", Role.REPORTER, education}}) {
            String name = spec[0] + "-" + tag;
            long id = accounts.create(Actor.cliAdministrator("test"), new AccountAdministration.NewAccount(name, name,
                    Set.of((Role) spec[1]), Set.of((Long) spec[2]), null, null, null)).id();
            if (spec[0].equals("d")) accounts.disable(Actor.cliAdministrator("test"), id);
            made.add(name);
        }
        notifications.notifyUnits(district.districtId(), List.of(education), Set.of(Role.REPORTER, Role.UNIT_HEAD), notice("unit"));
        notifications.notifyDistrict(district.districtId(), Set.of(Role.COORDINATOR), notice("district"));

        assertThat(outbox("unit")).extracting(r -> r.get("recipient")).containsOnly("h-" + tag, "r-" + tag);
        assertThat(outbox("district")).extracting(r -> r.get("recipient")).contains("c-" + tag)
                .doesNotContain("l-" + tag, "r-" + tag, "x-" + tag);
        dispatcher.dispatch();
        assertThat(inbox.unread(Actor.user("r-" + tag, "r", Set.of(Role.REPORTER)))).isEqualTo(1);
        assertThat(inbox.unread(Actor.user("d-" + tag, "d", Set.of(Role.REPORTER)))).as("disabled").isZero();
        assertThat(made).hasSize(6);
    }

    @Test
    void theListIsOnesOwnAndMarkingAsReadChangesOnlyOnesOwn() {
        notifications.notifyAccounts(List.of(withEmail.name(), withoutEmail.name()), notice("a"));
        notifications.notifyAccounts(List.of(withEmail.name()), notice("b"));
        dispatcher.dispatch();
        assertThat(inbox.unread(withEmail)).isEqualTo(2);
        long othersId = inbox.list(withoutEmail, false, 0, 10).items().get(0).id();
        assertThatThrownBy(() -> inbox.markRead(withEmail, othersId)).isInstanceOf(NotFound.class);
        assertThat(inbox.unread(withoutEmail)).isEqualTo(1);

        Inbox.Item newest = inbox.list(withEmail, false, 0, 10).items().get(0);
        assertThat(inbox.markRead(withEmail, newest.id())).contains("/plans/1");
        assertThat(inbox.unread(withEmail)).isEqualTo(1);
        assertThat(inbox.list(withEmail, true, 0, 10).items()).hasSize(1);
        assertThat(inbox.markAllRead(withEmail)).isEqualTo(1);
        assertThat(inbox.unread(withEmail)).isZero();
        assertThat(inbox.list(withEmail, false, 0, 1).total()).isEqualTo(2);
    }

    @Test
    void aNoticeRolledBackWithItsCallerSendsNothingAndLinksStayInsideXiezuo() {
        assertThatThrownBy(() -> new TransactionTemplate(transactions).executeWithoutResult(s -> {
            notifications.notifyAccounts(List.of(withEmail.name()), notice("rolled-back"));
            throw new IllegalStateException("the caller fails");
        })).hasMessage("the caller fails");
        assertThat(outbox("rolled-back")).isEmpty();

        for (String link : List.of("https://evil.example/x", "//evil.example/x", "/\\evil.example", "javascript:alert(1)")) {
            assertThatThrownBy(() -> new Notice("r", "t", "b", link, null)).as(link).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(new Notice("r", "标题\n第二行", "b", "/notifications", 1L).title()).isEqualTo("标题 第二行");
    }
}
