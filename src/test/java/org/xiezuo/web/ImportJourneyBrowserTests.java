package org.xiezuo.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.xiezuo.importer.SeedDocuments;
import org.xiezuo.support.Browser;
import org.xiezuo.support.ExternalResource;

/**
 * The coordinator's first journey in a real browser: sign in, upload the task book as issued, review
 * the preview with its warnings, confirm, and find the plan with its 42 tasks and 38 indicator rows.
 * Screenshots land in target/screenshots/ for review.
 */
@ExternalResource(ExternalResource.Kind.CHROMIUM)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class ImportJourneyBrowserTests {

    @LocalServerPort int port;

    @Test
    void coordinatorImportsTheSeedAndSeesThePlan() throws IOException {
        Path seed = Files.createTempDirectory(Path.of("target"), "upload-").resolve("000_8dbde2f5342aad4c.txt");
        Files.write(seed, SeedDocuments.text());

        try (Browser browser = new Browser(port)) {
            browser.signIn("admin", "Test-Pass-2026!");

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
    }
}
