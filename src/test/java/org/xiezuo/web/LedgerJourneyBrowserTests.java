package org.xiezuo.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.xiezuo.importer.DocumentImports;
import org.xiezuo.ledger.Derivation;
import org.xiezuo.ledger.LedgerSamples;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.plan.PlanQueries;
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
 * The ledger journey in a real browser: the coordinator imports a generated employment workbook of about
 * 200 rows on the import page (progress bar, then the counts), goes from the December reporting sheet's
 * indicator 5 to its records, sees the figure equal to the derived value and only masked IDs, opens a
 * record and reveals its ID with a reason; the reveal is an audit row. Screenshots land in
 * target/screenshots/.
 */
@ExternalResource(ExternalResource.Kind.CHROMIUM)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class LedgerJourneyBrowserTests {

    private static final String TEMPORARY = "Tmp-Pass-2026!x";

    @LocalServerPort int port;
    @Autowired AccountAdministration accounts;
    @Autowired DocumentImports imports;
    @Autowired PlanQueries planQueries;
    @Autowired ReportingQueries reporting;
    @Autowired Derivation derivation;
    @Autowired JdbcClient jdbc;

    @Test
    void theCoordinatorImportsDrillsDownFromAFigureAndRevealsAnIdWithAReason() throws Exception {
        ScopeFixture district = ScopeFixture.importFor(imports, planQueries, "浏览器台账区");
        long planId = district.planId();
        long labour = district.unit("区人力社保局");
        PlanBook.IndicatorRow five = district.book().indicators().stream().filter(i -> "5".equals(i.code())).findFirst().orElseThrow();
        accounts.create(Actor.cliAdministrator("test"), new NewAccount("xzb-taizhang", "协作办 台账", Set.of(Role.COORDINATOR),
                district.unitIds("区发改局"), null, null, TEMPORARY));
        Actor office = Actor.user("xzb-taizhang", "协作办 台账", Set.of(Role.COORDINATOR), district.unitIds("区发改局"),
                Set.of(district.districtId()));
        List<ReportingQueries.PeriodRow> periods = reporting.periods(office, planId);
        ReportingQueries.PeriodRow december = periods.get(periods.size() - 1);
        LedgerSamples.Employment book = LedgerSamples.employment(20211231L, 180, "browser-employment");
        assertThat(book.rows()).isBetween(180, 260);

        try (Browser coordinator = new Browser(port)) {
            coordinator.firstSignIn("xzb-taizhang", TEMPORARY, Sessions.PASSWORD);
            coordinator.open("/plans/" + planId);
            coordinator.click("[data-ledger-link]");
            coordinator.find("[data-ledger-counts]");
            coordinator.click("[data-kind='employment'] a[href$='/import']");

            // the import: the file, strict mode, the result in place of the progress bar
            coordinator.find("[data-import-file]").sendKeys(book.file().toAbsolutePath().toString());
            assertThat(coordinator.find("#mode-STRICT").isSelected()).isTrue();
            coordinator.click("[data-import-submit]");
            WebElement outcome = new WebDriverWait(coordinator.driver(), Duration.ofSeconds(60))
                    .ignoring(StaleElementReferenceException.class)
                    .until(d -> d.findElement(By.cssSelector("[data-import-outcome]")));
            assertThat(coordinator.driver().getCurrentUrl()).endsWith("/import");
            assertThat(coordinator.find("[data-import-form]").getAttribute("data-import-sent")).as("sent by ledger.js").isEqualTo("background");
            assertThat(outcome.findElement(By.cssSelector("[data-count-accepted]")).getText()).isEqualTo(String.valueOf(book.records()));
            assertThat(outcome.findElement(By.cssSelector("[data-count-duplicates]")).getText()).isEqualTo(String.valueOf(book.duplicates()));
            assertThat(outcome.findElement(By.cssSelector("[data-count-rejected]")).getText()).isEqualTo("0");
            assertThat(coordinator.find("[data-import-progress]").getAttribute("class")).contains("d-none");
            coordinator.screenshot("ledger-import-result");

            // from the December sheet's indicator 5 to the records behind its figure
            coordinator.open("/periods/" + december.id() + "/units/" + labour);
            coordinator.click("[data-indicator-id='" + five.id() + "'] [data-ledger-records-link]");
            coordinator.find("[data-figure]");
            LocalDate asOf = december.endsOn();
            BigDecimal derived = derivation.asOf(planId, asOf).get(five.id());
            assertThat(coordinator.find("main").getAttribute("data-as-of")).isEqualTo(asOf.toString());
            assertThat(new BigDecimal(coordinator.find("[data-figure]").getText())).isEqualByComparingTo(derived);
            assertThat(derived).isPositive();
            List<WebElement> ids = coordinator.driver().findElements(By.cssSelector("[data-record] [data-column='idNumber']"));
            assertThat(ids).isNotEmpty().allSatisfy(id -> assertThat(id.getText()).matches("\\d{3}\\*{11}[\\dX]{4}"));
            assertThat(coordinator.driver().getPageSource()).doesNotContainPattern("\\d{17}[\\dX]");
            coordinator.screenshot("ledger-drill-down");

            // one record, its ID revealed with a reason
            String masked = ids.get(0).getText();
            coordinator.click("[data-record] [data-record-link]");
            coordinator.find("[data-entry-details]");
            String entryId = coordinator.find("main").getAttribute("data-entry");
            assertThat(coordinator.find("[data-masked='idNumber']").getText()).isEqualTo(masked);
            coordinator.find("[data-reveal-form='ID'] [data-reveal-reason]").sendKeys("核对就业人员身份信息");
            coordinator.click("[data-reveal-form='ID'] [data-reveal]");
            String full = new WebDriverWait(coordinator.driver(), Duration.ofSeconds(15)).ignoring(StaleElementReferenceException.class)
                    .until(d -> d.findElement(By.cssSelector("[data-revealed='ID'] [data-revealed-value]")).getText());
            assertThat(full).hasSize(18).matches("\\d{17}[\\dX]").startsWith(masked.substring(0, 3)).endsWith(masked.substring(14));
            assertThat(coordinator.driver().getCurrentUrl()).doesNotContain(full);
            coordinator.screenshot("ledger-reveal");

            // the listing, the overview with the batch, the bindings
            coordinator.open("/plans/" + planId + "/ledgers/employment");
            assertThat(coordinator.count("[data-record]")).isEqualTo(50);
            coordinator.screenshot("ledger-list");
            coordinator.open("/plans/" + planId + "/ledgers");
            assertThat(coordinator.find("[data-kind='employment'] [data-kind-count]").getText()).isEqualTo(String.valueOf(book.records()));
            coordinator.find("[data-batch] [data-rollback]");
            coordinator.screenshot("ledger-overview");
            coordinator.click("[data-bindings-link]");
            coordinator.find("[data-binding-row='5'][data-bound='true']");
            coordinator.screenshot("ledger-bindings");

            assertThat(jdbc.sql("""
                    select count(*) from audit_event where event_type = 'PI_REVEALED' and actor = 'xzb-taizhang'
                       and object_id = :id and detail like '%核对就业人员身份信息%' and detail not like :full""")
                    .param("id", entryId).param("full", "%" + full + "%").query(Long.class).single()).isEqualTo(1);
        }
    }
}
