package org.xiezuo.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.xiezuo.importer.DocumentImports;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.Role;
import org.xiezuo.support.MutableClock;
import org.xiezuo.support.XiezuoTest;

/**
 * Personal access tokens for {@code /api/v1/**}: created on the account page and shown once, stored only
 * as a hash, acting with the account's current roles and units, expiring, revocable; the session cookie
 * is never accepted there, and every refusal is an RFC 9457 problem.
 */
@XiezuoTest
@AutoConfigureMockMvc
@Import(MutableClock.Configuration.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiTokenTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SHOWN = Pattern.compile("data-new-token>([^<]+)<");

    @Autowired MockMvc mvc;
    @Autowired AccountAdministration accounts;
    @Autowired DocumentImports imports;
    @Autowired PlanQueries queries;
    @Autowired JdbcClient jdbc;
    @Autowired MutableClock clock;

    ScopeFixture district;
    Sessions.Signed reporter;

    @BeforeAll
    void setUp() throws Exception {
        district = ScopeFixture.importFor(imports, queries, "令牌测试区");
        reporter = Sessions.create(mvc, accounts, "t-reporter", Set.of(Role.REPORTER), district.unitIds("区教育局"));
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private String newToken(int days) throws Exception {
        return newToken(reporter, days);
    }

    /** Creates a token on the account page, as a person does, and reads it from the page it is shown on. */
    private String newToken(Sessions.Signed who, int days) throws Exception {
        MockHttpServletResponse created = mvc.perform(post("/account/tokens").param("name", "统计脚本")
                .param("days", String.valueOf(days)).with(csrf()).cookie(who.cookie())).andReturn().getResponse();
        assertThat(created.getRedirectedUrl()).isEqualTo("/account");
        String page = mvc.perform(get("/account").cookie(who.cookie())).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        Matcher m = SHOWN.matcher(page);
        assertThat(m.find()).as("the new token is shown on the account page").isTrue();
        String again = mvc.perform(get("/account").cookie(who.cookie())).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        assertThat(again).as("and only once").doesNotContain(m.group(1).strip());
        return m.group(1).strip();
    }

    private MockHttpServletResponse api(String path, String token) throws Exception {
        return mvc.perform(get(path).header("Authorization", "Bearer " + token)).andReturn().getResponse();
    }

    @Test
    void aTokenCreatedOnTheAccountPageReadsTheApiWithTheAccountsScopeAndIsStoredOnlyAsAHash() throws Exception {
        String token = newToken(30);

        JsonNode plan = JSON.readTree(api("/api/v1/plans/" + district.planId(), token).getContentAsString(StandardCharsets.UTF_8));
        assertThat(plan.get("units")).extracting(u -> u.get("id").asLong()).containsExactly(district.unit("区教育局"));
        assertThat(jdbc.sql("select count(*) from security_token where token_hash = :t").param("t", token)
                .query(Long.class).single()).as("not stored in clear").isZero();
        assertThat(jdbc.sql("select token_hash from security_token").query(String.class).list())
                .allSatisfy(hash -> assertThat(hash).doesNotContain(token).hasSize(64));
        assertThat(jdbc.sql("select count(*) from audit_event where actor = 't-reporter' and event_type = 'TOKEN_CREATED'")
                .query(Long.class).single()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void lastUsedIsWrittenAtMostOncePerMinuteOfUse() throws Exception {
        String token = newToken(30);
        long id = jdbc.sql("select id from security_token order by id desc limit 1").query(Long.class).single();
        java.util.function.Supplier<java.time.OffsetDateTime> lastUsed = () -> jdbc.sql("select last_used_at from security_token where id = :id")
                .param("id", id).query((rs, n) -> rs.getObject(1, java.time.OffsetDateTime.class)).list().get(0);
        assertThat(lastUsed.get()).as("never used").isNull();

        assertThat(api("/api/v1/plans", token).getStatus()).isEqualTo(200);
        java.time.OffsetDateTime first = lastUsed.get();
        assertThat(first).as("the first use is written").isNotNull();

        clock.advance(Duration.ofSeconds(50));
        assertThat(api("/api/v1/plans", token).getStatus()).isEqualTo(200);
        assertThat(lastUsed.get()).as("within a minute: not written again").isEqualTo(first);

        clock.advance(Duration.ofSeconds(20));
        assertThat(api("/api/v1/plans", token).getStatus()).isEqualTo(200);
        assertThat(lastUsed.get()).as("over a minute after the written use: written").isAfter(first);
    }

    @Test
    void aRevokedOrExpiredOrUnknownTokenIsRefusedLikeNone() throws Exception {
        String revoked = newToken(30);
        long id = jdbc.sql("select id from security_token order by id desc limit 1").query(Long.class).single();
        assertThat(api("/api/v1/plans", revoked).getStatus()).isEqualTo(200);
        mvc.perform(post("/account/tokens/" + id + "/revoke").with(csrf()).cookie(reporter.cookie()));
        assertThat(mvc.perform(get("/account").cookie(reporter.cookie())).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8)).contains("令牌已吊销");

        String expiring = newToken(1);
        assertThat(api("/api/v1/plans", expiring).getStatus()).isEqualTo(200);
        clock.advance(Duration.ofDays(1).plusMinutes(1));

        for (String token : new String[] {revoked, expiring, "xz_not-a-real-token", ""}) {
            MockHttpServletResponse refused = api("/api/v1/plans", token);
            assertThat(refused.getStatus()).as(token).isEqualTo(401);
            assertThat(refused.getContentType()).startsWith("application/problem+json");
            assertThat(refused.getContentAsString(StandardCharsets.UTF_8)).contains("\"status\":401").containsAnyOf("令牌无效、已过期或已吊销", "个人访问令牌");
        }
    }

    @Test
    void aTokenActsWithTheAccountAsItIsNowDisablingTheAccountStopsIt() throws Exception {
        Sessions.Signed leader = Sessions.create(mvc, accounts, "t-leader", Set.of(Role.LEADER), district.unitIds("区发改局"));
        String token = newToken(leader, 30);
        assertThat(api("/api/v1/plans/" + district.planId(), token).getStatus()).isEqualTo(200);
        long id = accounts.findByUsername(Actor.cliAdministrator("t"), "t-leader").orElseThrow().id();

        accounts.grantRoles(Actor.user("sec", "安全管理员", Set.of(Role.SECURITY_ADMIN)), id,
                accounts.get(Actor.cliAdministrator("t"), id).version(), Set.of(Role.WEST_CONFIRMER));
        assertThat(api("/api/v1/plans/" + district.planId(), token).getStatus()).as("role taken away").isEqualTo(403);

        accounts.disable(Actor.cliAdministrator("t"), id);
        assertThat(api("/api/v1/plans", token).getStatus()).as("account disabled").isEqualTo(401);
    }

    @Test
    void theSessionCookieIsNotAcceptedByTheApi() throws Exception {
        MockHttpServletResponse withCookie = mvc.perform(get("/api/v1/plans").cookie(reporter.cookie())).andReturn().getResponse();

        assertThat(withCookie.getStatus()).isEqualTo(401);
        assertThat(withCookie.getHeader("Set-Cookie")).as("the API creates no session").isNull();
    }
}
