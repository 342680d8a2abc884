package org.xiezuo.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.xiezuo.ledger.DepartmentReporting;
import org.xiezuo.importer.DocumentImports;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.reporting.EvidenceSamples;
import org.xiezuo.reporting.ReportStatus;
import org.xiezuo.reporting.ReportingQueries;
import org.xiezuo.security.AccountAdministration;
import org.xiezuo.security.AccountAdministration.NewAccount;
import org.xiezuo.security.ScopeFixture;
import org.xiezuo.security.Sessions;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.Role;
import org.xiezuo.support.Browser;
import org.xiezuo.support.ExternalResource;

/**
 * The reporting journey of the progress-reporting issue in a real browser, each person in their own
 * browser with password and one-time code: the reporter of 区教育局 fills its June report (indicators
 * 13 and 3, its two tasks), attaches a PDF and submits; the unit head approves; the coordinator returns
 * it with a reason; the reporter fixes it and resubmits; the head and the coordinator approve; the
 * values are locked and the plan's actual follows. Screenshots land in target/screenshots/.
 */
@ExternalResource(ExternalResource.Kind.CHROMIUM)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class ReportingJourneyBrowserTests {

    private static final String TEMPORARY = "Tmp-Pass-2026!x";

    @LocalServerPort int port;
    @Autowired org.xiezuo.ledger.Bindings bindings;
    @Autowired AccountAdministration accounts;
    @Autowired DocumentImports imports;
    @Autowired PlanQueries planQueries;
    @Autowired ReportingQueries queries;

    @Test
    void aReportGoesFromTheReporterThroughTheUnitHeadToTheOfficeAndBack() throws Exception {
        ScopeFixture district = ScopeFixture.importFor(imports, planQueries, "浏览器填报区");
        DepartmentReporting.of(bindings, district.book(), "3"); // indicator 3 while it is not ledger-bound
        long education = district.unit("区教育局");
        PlanBook.IndicatorRow students = indicator(district, "13");
        PlanBook.IndicatorRow schools = indicator(district, "3");
        PlanBook.TaskRow first = district.book().tasks().stream().filter(t -> t.lead().id() == education && t.seq() == 1).findFirst().orElseThrow();
        PlanBook.TaskRow second = district.book().tasks().stream().filter(t -> t.lead().id() == education && t.seq() == 2).findFirst().orElseThrow();
        create("jy-tianbao", "教育局 填报员", Role.REPORTER, Set.of(education));
        create("jy-fuze", "教育局 负责人", Role.UNIT_HEAD, Set.of(education));
        create("xzb-wang", "协作办 王", Role.COORDINATOR, district.unitIds("区发改局"));
        Actor office = Actor.user("xzb-wang", "协作办 王", Set.of(Role.COORDINATOR), district.unitIds("区发改局"),
                Set.of(district.districtId()));
        long june = queries.periods(office, district.planId()).get(5).id();
        String sheet = "/periods/" + june + "/units/" + education;
        Path pdf = Files.createTempDirectory(Path.of("target"), "evidence-").resolve("结对学校名单.pdf");
        Files.write(pdf, EvidenceSamples.pdf("与万源市结对学校名单：四所学校"));

        try (Browser reporter = new Browser(port); Browser head = new Browser(port); Browser coordinator = new Browser(port)) {
            reporter.firstSignIn("jy-tianbao", TEMPORARY, Sessions.PASSWORD);
            reporter.open(sheet);
            assertThat(reporter.find("[data-report-status]").getAttribute("data-report-status")).isEqualTo("NONE");
            assertThat(reporter.count("[data-indicator-line]")).isEqualTo(2);
            assertThat(reporter.count("[data-task-line]")).isEqualTo(2);

            type(reporter, students, "12", "在读学生12人");
            type(reporter, schools, "2", "已签订结对协议");
            progress(reporter, first, "推进中", "已选派支教教师3名");
            progress(reporter, second, "推进中", "已接收学生，推进就读");
            reporter.find("#evidence-file-indicator-" + students.id()).sendKeys(pdf.toAbsolutePath().toString());
            reporter.click("#evidence-indicator-" + students.id() + " button[type=submit]");
            assertThat(reporter.find("#evidence-indicator-" + students.id() + " [data-evidence-link]").getText())
                    .isEqualTo("结对学校名单.pdf");
            reporter.screenshot("reporting-sheet-filled");
            submit(reporter);
            assertThat(status(reporter)).isEqualTo("SUBMITTED");

            head.firstSignIn("jy-fuze", TEMPORARY, Sessions.PASSWORD);
            long reportId = review(head, "部门已审核");
            assertThat(queries.report(office, reportId).report().status()).isEqualTo(ReportStatus.UNIT_APPROVED);

            coordinator.firstSignIn("xzb-wang", TEMPORARY, Sessions.PASSWORD);
            coordinator.open("/reviews");
            coordinator.click("[data-inbox-row='" + reportId + "'] a");
            coordinator.find("[data-return-reason-input]").sendKeys("请补充在读学生名单并核实人数");
            coordinator.click("[data-return]");
            new WebDriverWait(coordinator.driver(), Duration.ofSeconds(10)).until(d -> queries.report(office, reportId).report()
                    .status() == ReportStatus.RETURNED);

            reporter.open(sheet);
            assertThat(reporter.find("[data-return-reason]").getText()).contains("请补充在读学生名单并核实人数");
            type(reporter, students, "14", "在读学生14人，名单见附件");
            reporter.screenshot("reporting-sheet-returned");
            submit(reporter);
            assertThat(status(reporter)).isEqualTo("SUBMITTED");

            review(head, "部门已审核");
            coordinator.open("/reviews");
            coordinator.click("[data-inbox-row='" + reportId + "'] a");
            coordinator.click("[data-approve]");
            coordinator.driver().switchTo().alert().accept();
            new WebDriverWait(coordinator.driver(), Duration.ofSeconds(10)).until(d -> queries.report(office, reportId).report()
                    .status() == ReportStatus.APPROVED);

            // locked: the reporter sees the values read-only
            reporter.open(sheet);
            assertThat(status(reporter)).isEqualTo("APPROVED");
            reporter.find("[data-read-only]");
            assertThat(reporter.find("#value-" + students.id()).getAttribute("readonly")).isNotNull();
            assertThat(reporter.count("[data-submit]")).isZero();
            reporter.screenshot("reporting-sheet-approved");

            // the plan's actual follows the approved figures
            coordinator.open("/plans/" + district.planId() + "/reporting");
            assertThat(coordinator.find("[data-actual-row='13'] [data-actual]").getText()).isEqualTo("14");
            assertThat(coordinator.find("[data-actual-row='3'] [data-actual]").getText()).isEqualTo("2");
            assertThat(coordinator.find("[data-cell='" + june + "-" + education + "']").getAttribute("data-report-status"))
                    .isEqualTo("APPROVED");
            coordinator.screenshot("reporting-overview");
        }
        ReportingQueries.Sheet approved = queries.sheet(office, june, education);
        assertThat(approved.revisions()).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(ReportStatus.APPROVED);
            assertThat(r.unitApprovedBy()).isEqualTo("jy-fuze");
            assertThat(r.approvedBy()).isEqualTo("xzb-wang");
            assertThat(r.returnedBy()).isEqualTo("xzb-wang");
        });
        assertThat(approved.indicators()).filteredOn(e -> e.indicator().id() == students.id()).singleElement()
                .satisfies(e -> assertThat(e.evidence()).extracting(ReportingQueries.EvidenceRef::fileName).containsExactly("结对学校名单.pdf"));
    }

    private void create(String username, String name, Role role, Set<Long> units) {
        accounts.create(Actor.cliAdministrator("test"), new NewAccount(username, name, Set.of(role), units, null, null, TEMPORARY));
    }

    private static PlanBook.IndicatorRow indicator(ScopeFixture district, String code) {
        return district.book().indicators().stream().filter(i -> code.equals(i.code())).findFirst().orElseThrow();
    }

    /** Types a value and a note into an indicator line and saves it with its button; waits for 已保存. */
    private static void type(Browser browser, PlanBook.IndicatorRow indicator, String value, String note) {
        String form = "#indicator-form-" + indicator.id();
        browser.find(form + " [data-value-input]").clear();
        browser.find(form + " [data-value-input]").sendKeys(value);
        browser.find(form + " [data-note-input]").clear();
        browser.find(form + " [data-note-input]").sendKeys(note);
        saveAndWait(browser, form, "[data-value-input]", value);
    }

    private static void progress(Browser browser, PlanBook.TaskRow task, String progress, String narrative) {
        String form = "#task-" + task.id() + " form[data-line-form]";
        new Select(browser.find(form + " [data-progress-input]")).selectByVisibleText(progress);
        browser.find(form + " [data-narrative-input]").clear();
        browser.find(form + " [data-narrative-input]").sendKeys(narrative);
        saveAndWait(browser, form, "[data-narrative-input]", narrative);
    }

    /** Clicks 保存 and waits until the line answers 已保存 with the typed value kept (autosave may have come first). */
    private static void saveAndWait(Browser browser, String form, String field, String expected) {
        WebDriverWait wait = new WebDriverWait(browser.driver(), Duration.ofSeconds(15));
        browser.click(form + " [data-save]");
        wait.ignoring(StaleElementReferenceException.class).until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector(form + " [data-line-saved]")));
        wait.ignoring(StaleElementReferenceException.class).until(d -> expected.equals(
                d.findElement(By.cssSelector(form + " " + field)).getAttribute("value")));
    }

    private static void submit(Browser browser) {
        WebDriverWait wait = new WebDriverWait(browser.driver(), Duration.ofSeconds(15));
        browser.click("[data-submit]");
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        wait.ignoring(StaleElementReferenceException.class).until(d -> !"DRAFT".equals(status(browser))
                && !"RETURNED".equals(status(browser)));
    }

    private static String status(Browser browser) {
        return browser.find("[data-report-status]").getAttribute("data-report-status");
    }

    /** The unit head opens the inbox, the report, and approves it; returns the report id. */
    private static long review(Browser head, String expectedLabel) {
        head.open("/reviews");
        String id = head.find("[data-inbox-row]").getAttribute("data-inbox-row");
        head.click("[data-inbox-row='" + id + "'] a");
        head.click("[data-approve]");
        head.driver().switchTo().alert().accept();
        new WebDriverWait(head.driver(), Duration.ofSeconds(10)).until(d -> d.getPageSource().contains(expectedLabel));
        return Long.parseLong(id);
    }
}
