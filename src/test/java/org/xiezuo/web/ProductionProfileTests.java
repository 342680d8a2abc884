package org.xiezuo.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import jakarta.servlet.http.Cookie;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.mock.web.MockHttpServletResponse;
import org.xiezuo.XiezuoApplication;
import org.xiezuo.security.AccountAdministration;
import org.xiezuo.security.Sessions;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.Role;

/**
 * The production profile as served behind HTTPS (SECURITY.md T10, T43, T74, T75). It runs on the embedded
 * database here only because the test allows it explicitly; without that, the profile refuses H2.
 */
@SpringBootTest(properties = "xiezuo.allow-embedded-database=true")
@ActiveProfiles({"test", "prod"})
@AutoConfigureMockMvc
class ProductionProfileTests {

    @Autowired MockMvc mvc;
    @Autowired AccountAdministration accounts;

    private MockHttpServletResponse https(org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder request)
            throws Exception {
        return mvc.perform(request.secure(true)).andReturn().getResponse();
    }

    @Test
    void T10_theSessionCookieIsSecureHttpOnlyAndSameSiteOverHttps() throws Exception {
        accounts.create(Actor.cliAdministrator("test"), new AccountAdministration.NewAccount("t10-user", "测试",
                Set.of(Role.LEADER), Set.of(), null, null, "Tmp-Pass-2026!x"));

        MockHttpServletResponse signIn = https(post("/login").param("username", "t10-user")
                .param("password", "Tmp-Pass-2026!x").with(csrf()));

        assertThat(signIn.getRedirectedUrl()).isEqualTo("/account/second-factor");
        String header = signIn.getHeader("Set-Cookie");
        assertThat(header).startsWith("XIEZUO_SESSION=").contains("; Secure", "; HttpOnly", "; SameSite=Lax", "; Path=/");
    }

    @Test
    void T43_everyPageOverHttpsCarriesTheSecurityHeaders() throws Exception {
        Sessions.Signed leader = Sessions.create(mvc, accounts, "t43-leader", Set.of(Role.LEADER), Set.of());
        for (MockHttpServletResponse page : List.of(https(get("/login")), https(get("/plans").cookie(leader.cookie())),
                https(get("/account").cookie(leader.cookie())), https(get("/no-such-page").cookie(leader.cookie())))) {
            assertThat(page.getHeader("Strict-Transport-Security")).isEqualTo("max-age=31536000 ; includeSubDomains");
            assertThat(page.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(page.getHeader("Content-Security-Policy")).contains("frame-ancestors 'none'", "script-src 'self'")
                    .doesNotContain("unsafe-inline", "unsafe-eval");
            assertThat(page.getHeader("X-Frame-Options")).isEqualTo("DENY");
            assertThat(page.getHeader("Referrer-Policy")).isEqualTo("same-origin");
            assertThat(page.getHeader("Cache-Control")).contains("no-store");
        }
        // over plain HTTP no HSTS is sent (a browser would ignore it, and it must not pin a plain-HTTP test host)
        assertThat(mvc.perform(get("/login")).andReturn().getResponse().getHeader("Strict-Transport-Security")).isNull();
    }

    @Test
    void T74_theH2ConsoleIsNotThereForAnyoneAndTheApiExplorerIsOff() throws Exception {
        Sessions.Signed leader = Sessions.create(mvc, accounts, "t74-leader", Set.of(Role.LEADER), Set.of());
        for (String path : List.of("/h2-console", "/h2-console/", "/h2-console/login.do", "/v3/api-docs", "/swagger-ui.html")) {
            assertThat(https(get(path)).getStatus()).as("anonymous " + path).isIn(404, 302);
            assertThat(https(get(path)).getStatus() == 302 ? https(get(path)).getRedirectedUrl() : "404")
                    .as("anonymous " + path).isIn("404", "/login");
            assertThat(https(get(path).cookie(leader.cookie())).getStatus()).as("signed in " + path).isEqualTo(404);
        }
        assertThat(https(post("/h2-console/login.do").with(csrf()).cookie(leader.cookie())).getStatus()).isEqualTo(404);
    }

    @Test
    void T74_theProductionProfileRefusesToStartOnTheEmbeddedDatabase() {
        SpringApplicationBuilder prod = new SpringApplicationBuilder(XiezuoApplication.class).profiles("prod");

        assertThatThrownBy(() -> prod.run("--spring.datasource.url=jdbc:h2:mem:refused", "--server.port=0",
                "--spring.main.banner-mode=off").close())
                .hasMessageContaining("生产配置（prod）不能使用内嵌 H2 数据库")
                .hasMessageContaining("xiezuo.allow-embedded-database=true");
    }

    @Test
    void T75_onlyHealthIsExposedAndWithoutDetails() throws Exception {
        Sessions.Signed reporter = Sessions.create(mvc, accounts, "t75-leader", Set.of(Role.LEADER), Set.of());
        Cookie signed = reporter.cookie();
        for (String endpoint : List.of("env", "heapdump", "configprops", "threaddump", "loggers", "mappings", "shutdown",
                "beans", "metrics", "info", "sbom", "scheduledtasks", "sessions", "flyway", "conditions")) {
            String path = "/actuator/" + endpoint;
            MockHttpServletResponse anonymous = https(get(path));
            assertThat(anonymous.getStatus() == 404 || "/login".equals(anonymous.getRedirectedUrl()))
                    .as("anonymous " + path + " → " + anonymous.getStatus()).isTrue();
            assertThat(https(get(path).cookie(signed)).getStatus()).as("signed in " + path).isEqualTo(404);
            assertThat(https(post(path).with(csrf()).cookie(signed)).getStatus()).as("POST " + path).isIn(403, 404, 405);
        }
        MockHttpServletResponse health = https(get("/actuator/health"));
        assertThat(health.getStatus()).isEqualTo(200);
        // the status (and the names of the probe groups), no components, no details
        assertThat(health.getContentAsString(StandardCharsets.UTF_8)).contains("\"status\":\"UP\"")
                .doesNotContain("components", "details", "db", "diskSpace", "H2", "jdbc");
    }
}
