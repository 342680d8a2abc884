package org.xiezuo.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.xiezuo.importer.DocumentImports;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.security.AccountAdministration;
import org.xiezuo.security.AccountAdministration.NewAccount;
import org.xiezuo.security.ScopeFixture;
import org.xiezuo.security.Sessions;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.Role;
import org.xiezuo.support.Browser;
import org.xiezuo.support.ExternalResource;

/**
 * SECURITY.md T07 in a real browser: a coordinator types into a form, leaves it for longer than the
 * idle limit, submits, and is sent to the sign-in page with “登录超时，请重新登录”; after signing in
 * again (password and one-time code) the form offers the unsaved text back, and it saves.
 */
@ExternalResource(ExternalResource.Kind.CHROMIUM)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class SessionTimeoutBrowserTests {

    private static final String TEMPORARY = "Tmp-Pass-2026!x";

    @LocalServerPort int port;
    @Autowired AccountAdministration accounts;
    @Autowired DocumentImports imports;
    @Autowired PlanQueries queries;
    @Autowired JdbcClient jdbc;

    @Test
    void T07_afterAnIdleTimeoutTheUnsavedFormIsOfferedBackAfterSigningInAgain() {
        ScopeFixture district = ScopeFixture.importFor(imports, queries, "超时测试区");
        PlanBook.TaskRow task = district.taskOf("区教育局", "区卫健局");
        accounts.create(Actor.cliAdministrator("test"), new NewAccount("chaoshi", "协作办 赵", Set.of(Role.COORDINATOR),
                district.unitIds("区发改局"), null, null, TEMPORARY));
        String edit = "/tasks/" + task.id() + "/edit?plan=" + district.planId();
        String typed = "补充：按季度报送进展，年底前完成全部结对学校的互访。";

        try (Browser browser = new Browser(port)) {
            String secret = browser.firstSignIn("chaoshi", TEMPORARY, Sessions.PASSWORD);
            browser.open(edit);
            browser.find("#text").clear();
            browser.find("#text").sendKeys(typed);

            // 31 minutes pass without a request
            long idle = System.currentTimeMillis() - Duration.ofMinutes(31).toMillis();
            jdbc.sql("update spring_session set last_access_time = :t, expiry_time = :e where principal_name = 'chaoshi'")
                    .param("t", idle).param("e", idle + Duration.ofMinutes(30).toMillis()).update();
            browser.find("form[data-draft] button[type=submit]").click();

            new WebDriverWait(browser.driver(), Duration.ofSeconds(15)).until(d -> d.getCurrentUrl().contains("/login"));
            assertThat(browser.driver().getCurrentUrl()).endsWith("/login?timeout");
            assertThat(browser.find("[role=status]").getText()).contains("登录超时，请重新登录");
            browser.screenshot("session-timeout");
            assertThat(queries.task(Actor.cli("t"), task.id()).text()).as("nothing saved").isEqualTo(task.text());

            browser.signIn("chaoshi", Sessions.PASSWORD, Sessions.code(secret, 1));
            browser.open(edit);
            assertThat(browser.find("[data-draft-notice]").getText()).contains("此表单有上次未保存的内容");
            assertThat(browser.find("#text").getAttribute("value")).isEqualTo(task.text());
            browser.screenshot("draft-offered");
            browser.find("[data-draft-notice] button.btn-primary").click();
            assertThat(browser.find("#text").getAttribute("value")).isEqualTo(typed);

            browser.find("form[data-draft] button[type=submit]").click();
            new WebDriverWait(browser.driver(), Duration.ofSeconds(15)).until(d -> d.getCurrentUrl().matches(".*/plans/\\d+.*"));
            assertThat(queries.task(Actor.cli("t"), task.id()).text()).isEqualTo(typed);

            // saved: the form no longer offers anything
            browser.open(edit);
            browser.find("#text");
            assertThat(browser.count("[data-draft-notice]")).isZero();
        }
    }
}
