package org.xiezuo.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.xiezuo.importer.SeedDocuments;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.security.AccountAdministration;
import org.xiezuo.security.AccountAdministration.NewAccount;
import org.xiezuo.security.Sessions;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.Role;
import org.xiezuo.support.Browser;
import org.xiezuo.support.ExternalResource;

/**
 * The journeys of the first people in a real browser. The coordinator signs in with password and
 * one-time code (enrolling the authenticator on the way), uploads the task book as issued, reviews the
 * preview with its warnings, confirms, and finds the plan with its 42 tasks and 38 indicator rows. A
 * reporter of 区教育局 then signs in and sees only the work of its own unit. Screenshots land in
 * target/screenshots/ for review.
 */
@ExternalResource(ExternalResource.Kind.CHROMIUM)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class ImportJourneyBrowserTests {

    private static final String TEMPORARY = "Tmp-Pass-2026!x";

    @LocalServerPort int port;
    @Autowired AccountAdministration accounts;
    @Autowired PlanQueries queries;

    @Test
    void coordinatorImportsTheSeedAndAReporterSeesOnlyItsUnit() throws IOException {
        Path seed = Files.createTempDirectory(Path.of("target"), "upload-").resolve("000_8dbde2f5342aad4c.txt");
        Files.write(seed, SeedDocuments.text());
        accounts.create(Actor.cliAdministrator("test"), new NewAccount("xiebanshi", "协作办 王", Set.of(Role.COORDINATOR),
                Set.of(), null, null, TEMPORARY));

        long planId;
        try (Browser browser = new Browser(port)) {
            browser.firstSignIn("xiebanshi", TEMPORARY, Sessions.PASSWORD);
            assertThat(browser.find("[data-current-user]").getText()).contains("xiebanshi");

            browser.open("/imports/new");
            browser.find("#file").sendKeys(seed.toAbsolutePath().toString());
            browser.find("form[data-upload-form] button[type=submit]").click();

            browser.find("[data-warnings]");
            assertThat(browser.count("[data-warning]")).isEqualTo(8);
            assertThat(browser.find("[data-warnings]").getText()).contains("孤立片段「作动态和鲜活信息。」", "区人社局");
            assertThat(browser.count("[data-preview-task]")).isEqualTo(42);
            assertThat(browser.count("tr[data-draft-indicator]")).isEqualTo(38);
            assertThat(browser.count("tr.doubt")).isGreaterThanOrEqualTo(4);
            assertThat(browser.find("[data-doc-number]").getText()).isEqualTo("舟普政办〔2021〕71号");
            assertThat(browser.count("[data-problems]")).isZero();
            browser.screenshot("import-preview");

            browser.find("[data-confirm-import]").click();
            new WebDriverWait(browser.driver(), Duration.ofSeconds(20)).until(d -> d.getCurrentUrl().matches(".*/plans/\\d+.*"));
            planId = Long.parseLong(browser.driver().getCurrentUrl().replaceAll(".*/plans/(\\d+).*", "$1"));

            assertThat(browser.find("[data-plan-title]").getText()).isEqualTo("2021年普陀-万源东西部协作工作任务书");
            assertThat(browser.find("[data-task-count]").getText()).isEqualTo("42");
            assertThat(browser.find("[data-indicator-count]").getText()).isEqualTo("38");
            assertThat(browser.count("[data-task-id]")).isEqualTo(42);
            assertThat(browser.count("section[data-unit]")).isEqualTo(24);
            browser.screenshot("plan");

            browser.find("a[href$='tab=indicators']").click();
            new WebDriverWait(browser.driver(), Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().contains("tab=indicators"));
            browser.find("table[data-official-table]");
            assertThat(browser.count("tr[data-indicator-id]")).isEqualTo(38);
            assertThat(browser.count("tr.category")).isEqualTo(4);
            assertThat(browser.find("td.stats-only").getAttribute("rowspan")).isEqualTo("2");
            browser.screenshot("plan-indicators");
        }

        PlanBook book = queries.book(Actor.system(), planId);
        long education = book.units().stream().filter(u -> u.name().equals("区教育局")).findFirst().orElseThrow().id();
        long health = book.units().stream().filter(u -> u.name().equals("区卫健局")).findFirst().orElseThrow().id();
        accounts.create(Actor.cliAdministrator("test"), new NewAccount("jiaoyu", "教育局 李", Set.of(Role.REPORTER),
                Set.of(education), null, null, TEMPORARY));
        try (Browser browser = new Browser(port)) {
            browser.firstSignIn("jiaoyu", TEMPORARY, Sessions.PASSWORD);
            browser.open("/plans/" + planId);
            assertThat(browser.find("[data-plan-title]").getText()).isEqualTo("2021年普陀-万源东西部协作工作任务书");
            assertThat(browser.count("section[data-unit]")).isEqualTo(1);
            assertThat(browser.find("section[data-unit]").getAttribute("data-unit")).isEqualTo("区教育局");
            assertThat(browser.count("[data-task-id]")).isEqualTo(2);
            assertThat(browser.count("a[href*='/edit']")).isZero();
            assertThat(browser.count("a[href$='/imports/new']")).isZero();
            browser.screenshot("reporter-plan");

            browser.open("/plans/" + planId + "/units/" + health);
            assertThat(browser.find("h1").getText()).isEqualTo("未找到");
        }
    }
}
