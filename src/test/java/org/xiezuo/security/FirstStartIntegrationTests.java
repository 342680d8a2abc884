package org.xiezuo.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.servlet.http.Cookie;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.plan.Plans;
import org.xiezuo.shared.Actor;

/**
 * The first start on an empty database: one administrator account with a random password printed
 * once, which must be changed at first sign-in; with {@code xiezuo.demo=true} the bundled task book is
 * there as a labelled demo plan of its own district.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(properties = {"xiezuo.admin.password=", "xiezuo.admin.username=chief", "xiezuo.demo=true"})
@ActiveProfiles("test")
@AutoConfigureMockMvc
class FirstStartIntegrationTests {

    private static final Pattern PRINTED = Pattern.compile("初始密码：(\\S+)");

    @Autowired MockMvc mvc;
    @Autowired JdbcClient jdbc;
    @Autowired Plans plans;
    @Autowired PlanQueries queries;

    @Test
    void theRandomInitialPasswordIsPrintedOnceAndMustBeChangedAtFirstSignIn(CapturedOutput output) throws Exception {
        String console = output.getAll();
        Matcher printed = PRINTED.matcher(console);
        if (!printed.find()) {
            throw new AssertionError("the initial password was not printed on the console");
        }
        String password = printed.group(1);
        assertThat(printed.find()).as("printed once").isFalse();
        assertThat(jdbc.sql("select count(*) from security_account").query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select must_change_password from security_account where username = 'chief'")
                .query(Boolean.class).single()).isTrue();
        assertThat(jdbc.sql("select password_hash from security_account").query(String.class).single())
                .startsWith("{argon2}").doesNotContain(password);

        Cookie session = mvc.perform(formLogin().user("chief").password(password))
                .andExpect(redirectedUrl("/account/second-factor")).andReturn().getResponse().getCookie("XIEZUO_SESSION");
        // nothing else is reachable before the second factor is set up and the password changed
        mvc.perform(get("/account").cookie(session)).andExpect(redirectedUrl("/account/second-factor"));
        String enrolment = mvc.perform(get("/account/second-factor").cookie(session)).andReturn().getResponse()
                .getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
        Matcher shown = Pattern.compile("data-totp-secret>([A-Z2-7 ]+)<").matcher(enrolment);
        assertThat(shown.find()).isTrue();
        String secret = shown.group(1).replace(" ", "");
        var enrolled = mvc.perform(post("/account/second-factor").cookie(session).with(csrf())
                .param("code", Sessions.code(secret, 0))).andExpect(status().isOk()).andReturn().getResponse();
        assertThat(enrolled.getContentAsString(java.nio.charset.StandardCharsets.UTF_8)).contains("data-recovery-codes");
        session = enrolled.getCookie("XIEZUO_SESSION") != null ? enrolled.getCookie("XIEZUO_SESSION") : session;
        mvc.perform(get("/account").cookie(session)).andExpect(redirectedUrl("/account/password"));

        mvc.perform(post("/account/password").cookie(session).with(csrf()).param("current", password)
                .param("next", "short").param("confirmation", "short")).andExpect(status().isOk());
        var changed = mvc.perform(post("/account/password").cookie(session).with(csrf()).param("current", password)
                        .param("next", "Pu-Tuo-Wan-Yuan-99").param("confirmation", "Pu-Tuo-Wan-Yuan-99"))
                .andExpect(redirectedUrl("/")).andReturn().getResponse();
        session = changed.getCookie("XIEZUO_SESSION") != null ? changed.getCookie("XIEZUO_SESSION") : session;
        mvc.perform(get("/account").cookie(session)).andExpect(status().isOk());
        assertThat(jdbc.sql("select must_change_password from security_account where username = 'chief'")
                .query(Boolean.class).single()).isFalse();
    }

    @Test
    void theDemoPlanIsImportedOnceAndClearlyLabelled() {
        var demos = plans.findDemos();

        assertThat(demos).hasSize(1);
        var book = queries.book(Actor.system(), demos.get(0).id());
        assertThat(book.plan().demo()).isTrue();
        assertThat(book.plan().district()).isEqualTo("舟山市普陀区（演示）");
        assertThat(book.tasks()).hasSize(42);
        assertThat(book.indicators()).hasSize(38);
    }
}
