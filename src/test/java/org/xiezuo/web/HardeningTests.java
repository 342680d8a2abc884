package org.xiezuo.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.AbstractMockHttpServletRequestBuilder;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;
import org.xiezuo.importer.DocumentImports;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.security.AccountAdministration;
import org.xiezuo.security.ApiTokens;
import org.xiezuo.security.ScopeFixture;
import org.xiezuo.security.Sessions;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.Role;
import org.xiezuo.support.XiezuoTest;

/**
 * Web hardening on the running application (SECURITY.md T41, T42, T44, T45, T47), with real sign-ins
 * and real sessions, so the real CSRF tokens, escaping and error handling are what is tested.
 */
@XiezuoTest
@AutoConfigureMockMvc
@ExtendWith(OutputCaptureExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestPropertySource(properties = {"logging.level.org.xiezuo=DEBUG", "logging.level.org.springframework.security=DEBUG"})
class HardeningTests {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final String SCRIPT = "<img src=x onerror=alert('xss')>";

    @Autowired MockMvc mvc;
    @Autowired AccountAdministration accounts;
    @Autowired ApiTokens tokens;
    @Autowired DocumentImports imports;
    @Autowired PlanQueries queries;
    @Autowired JdbcClient jdbc;
    @Autowired ApplicationContext context;

    ScopeFixture district;
    Sessions.Signed coordinator;
    Sessions.Signed other;
    String token;

    @BeforeAll
    void setUp() throws Exception {
        district = ScopeFixture.importFor(imports, queries, "加固测试区");
        coordinator = Sessions.create(mvc, accounts, "h-coord", Set.of(Role.COORDINATOR), district.unitIds("区发改局"));
        other = Sessions.create(mvc, accounts, "h-coord-2", Set.of(Role.COORDINATOR), district.unitIds("区发改局"));
        token = tokens.create(Actor.user("h-coord", "h", Set.of(Role.COORDINATOR)), "测试", 30).secret();
    }

    private MockHttpServletResponse as(Sessions.Signed who, AbstractMockHttpServletRequestBuilder<?> request) throws Exception {
        return mvc.perform(request.cookie(who.cookie())).andReturn().getResponse();
    }

    private String html(Sessions.Signed who, AbstractMockHttpServletRequestBuilder<?> request) throws Exception {
        return as(who, request).getContentAsString(StandardCharsets.UTF_8);
    }

    private String csrfOf(Sessions.Signed who) throws Exception {
        Matcher m = CSRF.matcher(html(who, get("/plans/" + district.planId())));
        assertThat(m.find()).as("a CSRF token on the page").isTrue();
        return m.group(1);
    }

    // ---- T41 ---------------------------------------------------------------------------------------

    @Test
    void T41_scriptInTaskTextAndUnitNamesIsShownAsTextEverywhere() throws Exception {
        PlanBook.TaskRow task = district.taskOf("区民政局", "区教育局");
        String unitScript = "</script><script>alert('unit')</script>局";
        as(coordinator, post("/tasks/" + task.id()).param("plan", String.valueOf(district.planId())).param("units", "区民政局")
                .param("text", SCRIPT + "任务内容").param("version", String.valueOf(task.version())).with(csrf()));
        as(coordinator, post("/units/" + district.unit("区民政局") + "/rename").param("plan", String.valueOf(district.planId()))
                .param("name", unitScript).with(csrf()));
        assertThat(queries.task(Actor.cli("t"), task.id()).text()).startsWith(SCRIPT);

        List<String> pages = new ArrayList<>();
        pages.add(html(coordinator, get("/plans/" + district.planId())));
        pages.add(html(coordinator, get("/plans/" + district.planId()).param("tab", "units")));
        pages.add(html(coordinator, get("/plans/" + district.planId()).param("tab", "history")));
        pages.add(html(coordinator, get("/plans/" + district.planId()).param("tab", "indicators")));
        pages.add(html(coordinator, get("/plans/" + district.planId() + "/units/" + district.unit("区民政局"))));
        pages.add(html(coordinator, get("/tasks/" + task.id() + "/edit").param("plan", String.valueOf(district.planId()))));
        // an invalid form shown again with the input
        pages.add(html(coordinator, post("/plans/" + district.planId() + "/tasks").param("units", SCRIPT).param("text", SCRIPT)
                .param("version", "0").with(csrf())));
        // error pages
        pages.add(html(coordinator, get("/plans/" + URLEncoder.encode(SCRIPT, StandardCharsets.UTF_8))));
        pages.add(html(coordinator, get("/no/" + URLEncoder.encode(SCRIPT, StandardCharsets.UTF_8))));

        for (String page : pages) {
            assertThat(page).doesNotContain(SCRIPT, "<script>alert", "onerror=alert('xss')>");
        }
        assertThat(pages.get(0)).contains("&lt;img src=x onerror=alert(&#39;xss&#39;)&gt;任务内容");
        // unit names keep full-width parentheses, as printed in official documents
        assertThat(pages.get(1)).contains("&lt;/script&gt;&lt;script&gt;alert（&#39;unit&#39;）&lt;/script&gt;局");
        assertThat(pages.get(6)).contains("未找到单位");
        // and as JSON the text is data, with the API's content type (never rendered as HTML)
        MockHttpServletResponse json = mvc.perform(get("/api/v1/tasks/" + task.id()).header("Authorization", "Bearer " + token))
                .andReturn().getResponse();
        assertThat(json.getContentType()).startsWith("application/json");
        assertThat(json.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
    }

    // ---- T42 ---------------------------------------------------------------------------------------

    @Test
    void T42_aChangeWithoutTheSessionsOwnCsrfTokenIsRefusedAndChangesNothing() throws Exception {
        String othersToken = csrfOf(other);
        long plan = district.planId();
        PlanBook.TaskRow task = district.taskOf("区商务局", "区教育局");
        long drafts = jdbc.sql("select count(*) from importer_draft").query(Long.class).single();
        long denied = jdbc.sql("select count(*) from audit_event where event_type = 'AUTHZ_DENIED' and actor = 'h-coord'")
                .query(Long.class).single();

        List<MockHttpServletResponse> refused = List.of(
                as(coordinator, post("/plans/" + plan + "/archive")),
                as(coordinator, post("/plans/" + plan + "/archive").param("_csrf", othersToken)),
                as(coordinator, post("/plans/" + plan + "/archive").param("_csrf", "forged-token")),
                as(coordinator, post("/tasks/" + task.id() + "/delete").param("plan", String.valueOf(plan))),
                as(coordinator, post("/tasks/" + task.id() + "/delete").param("plan", String.valueOf(plan)).header("X-CSRF-TOKEN", othersToken)),
                as(coordinator, multipart("/imports").file(new MockMultipartFile("file", "a.txt", "text/plain",
                        "东西部协作工作任务书".getBytes(StandardCharsets.UTF_8)))));

        assertThat(refused).extracting(MockHttpServletResponse::getStatus).containsOnly(403);
        assertThat(queries.book(Actor.cli("t"), plan).plan().status().name()).isEqualTo("ACTIVE");
        assertThat(queries.task(Actor.cli("t"), task.id()).version()).isEqualTo(task.version());
        assertThat(jdbc.sql("select count(*) from importer_draft").query(Long.class).single()).isEqualTo(drafts);
        assertThat(jdbc.sql("select count(*) from audit_event where event_type = 'AUTHZ_DENIED' and actor = 'h-coord'")
                .query(Long.class).single() - denied).isEqualTo(refused.size());

        // the session's own token works: the refusals above were about the token alone
        MockHttpServletResponse own = as(coordinator, post("/tasks/" + task.id() + "/delete").param("plan", String.valueOf(plan))
                .param("_csrf", csrfOf(coordinator)));
        assertThat(own.getStatus()).isEqualTo(302);
        assertThat(jdbc.sql("select count(*) from plan_task where id = :id").param("id", task.id()).query(Long.class).single())
                .isZero();
    }

    @Test
    void T42_theApiTakesNoSessionCookieSoCsrfCannotApply() throws Exception {
        MockHttpServletResponse withCookie = as(coordinator, post("/api/v1/imports/1/cancel"));
        MockHttpServletResponse readWithCookie = as(coordinator, get("/api/v1/plans"));

        assertThat(withCookie.getStatus()).isEqualTo(401);
        assertThat(readWithCookie.getStatus()).isEqualTo(401);
        assertThat(readWithCookie.getContentType()).startsWith("application/problem+json");
        assertThat(readWithCookie.getContentAsString(StandardCharsets.UTF_8)).contains("\"status\":401", "Bearer");
    }

    // ---- T44 ---------------------------------------------------------------------------------------

    @Test
    void T44_expressionsInPathsAndParametersAreNeverEvaluated() throws Exception {
        Canary.reset();
        String expression = "__${T(org.xiezuo.web.Canary).hit()}__::x";
        String encoded = URLEncoder.encode(expression, StandardCharsets.UTF_8).replace("+", "%20");
        List<String> gets = new ArrayList<>();
        context.getBeansOfType(RequestMappingInfoHandlerMapping.class).values().forEach(mapping ->
                mapping.getHandlerMethods().keySet().forEach(info -> {
                    Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                    if (methods.isEmpty() || methods.contains(RequestMethod.GET)) gets.addAll(info.getPatternValues());
                }));
        List<String> answered = new ArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        for (String pattern : gets) {
            if (pattern.startsWith("/api/") || pattern.startsWith("/actuator") || pattern.equals("/error")) continue;
            List<String> urls = new ArrayList<>();
            if (pattern.contains("{")) {
                urls.add(pattern.replaceAll("\\{[^}]+}", encoded));
            } else {
                String base = pattern.replace("/**", "").replaceAll("/$", "");
                if (!base.isEmpty()) urls.add(base + "::x");
                urls.add(base + "/" + encoded);
            }
            for (String url : urls) {
                MockHttpServletResponse response = as(coordinator, get(url).param("tab", expression).param("plan", expression)
                        .param("page", expression));
                calls.incrementAndGet();
                if (response.getStatus() != 400 && response.getStatus() != 403 && response.getStatus() != 404) answered.add(url + " → " + response.getStatus());
            }
        }
        // the parameters the pages read, with real ids
        MockHttpServletResponse tab = as(coordinator, get("/plans/" + district.planId()).param("tab", expression));

        assertThat(calls.get()).isGreaterThan(20);
        assertThat(answered).as("answers other than 400/404").isEmpty();
        assertThat(tab.getStatus()).isEqualTo(200);
        assertThat(Canary.hits()).as("expression evaluated").isZero();
    }

    // ---- T45 ---------------------------------------------------------------------------------------

    @Test
    void T45_errorsShowAGenericChineseMessageWithACorrelationIdAndNothingInternal(CapturedOutput output) throws Exception {
        List<MockHttpServletResponse> answers = new ArrayList<>();
        jdbc.sql("alter table plan_indicator rename to plan_indicator_hidden").update();
        try {
            answers.add(as(coordinator, get("/plans/" + district.planId())));
            answers.add(mvc.perform(get("/api/v1/plans/" + district.planId()).header("Authorization", "Bearer " + token))
                    .andReturn().getResponse());
        } finally {
            jdbc.sql("alter table plan_indicator_hidden rename to plan_indicator").update();
        }
        for (MockHttpServletResponse answer : answers) {
            String body = answer.getContentAsString(StandardCharsets.UTF_8);
            assertThat(answer.getStatus()).isEqualTo(500);
            assertThat(body).contains("系统出现错误，操作未完成").containsPattern("错误编号 [0-9a-f]{8}");
            assertThat(body).doesNotContainIgnoringCase("select").doesNotContainIgnoringCase("plan_indicator")
                    .doesNotContain("Exception", "org.", "java.", "at ", "h-coord", "jdbc");
            Matcher id = Pattern.compile("错误编号 ([0-9a-f]{8})").matcher(body);
            assertThat(id.find()).isTrue();
            assertThat(output.getAll()).as("the log has the details under the same id").contains("[correlation " + id.group(1) + "]");
        }
        assertThat(answers.get(1).getContentType()).startsWith("application/problem+json");

        MockHttpServletResponse mismatch = as(coordinator, get("/plans/not-a-number"));
        MockHttpServletResponse unknown = as(coordinator, get("/no/such/page"));
        MockHttpServletResponse apiMismatch = mvc.perform(get("/api/v1/tasks/x").header("Authorization", "Bearer " + token))
                .andReturn().getResponse();
        assertThat(mismatch.getStatus()).isEqualTo(404);
        assertThat(mismatch.getContentAsString(StandardCharsets.UTF_8)).contains("请求的地址无效")
                .doesNotContain("NumberFormatException", "MethodArgumentTypeMismatch", "not-a-number");
        assertThat(unknown.getStatus()).isEqualTo(404);
        assertThat(apiMismatch.getStatus()).isEqualTo(404);
        assertThat(apiMismatch.getContentAsString(StandardCharsets.UTF_8)).contains("请求的地址无效").doesNotContain("Exception");
        // the application works again
        assertThat(as(coordinator, get("/plans/" + district.planId())).getStatus()).isEqualTo(200);
    }

    // ---- T47 ---------------------------------------------------------------------------------------

    @Test
    void T47_lineBreaksInAUserNameCannotForgeALogOrAuditLine(CapturedOutput output) throws Exception {
        String forged = "r1\r\n2025-01-01 INFO LOGIN_OK admin";
        mvc.perform(post("/login").param("username", forged).param("password", "whatever-it-is").with(csrf()));

        List<String> actors = jdbc.sql("select actor from audit_event where actor like 'r1%'").query(String.class).list();
        assertThat(actors).containsExactly("r1\\r\\n2025-01-01 INFO LOGIN_OK admin");
        assertThat(output.getAll().lines()).noneMatch(line -> line.startsWith("2025-01-01 INFO LOGIN_OK"));
    }
}
