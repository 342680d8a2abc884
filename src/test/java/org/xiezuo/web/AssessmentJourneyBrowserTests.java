package org.xiezuo.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.xiezuo.assessment.Assessment;
import org.xiezuo.assessment.Assessor;
import org.xiezuo.assessment.IndicatorResult;
import org.xiezuo.assessment.IndicatorStatus;
import org.xiezuo.importer.DocumentImports;
import org.xiezuo.ledger.ImportMode;
import org.xiezuo.ledger.LedgerImports;
import org.xiezuo.ledger.LedgerKind;
import org.xiezuo.ledger.LedgerSamples;
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
 * The assessment journey in a real browser (issue 6): the coordinator opens the plan overview, changes
 * the as-of date to 30 November 2021, reads the tiles against the assessment computed by the service,
 * opens indicator 5 and finds its chart drawn with the actual, the expected line and the forecast, then
 * the ranking with its heat map. Screenshots land in target/screenshots/.
 */
@ExternalResource(ExternalResource.Kind.CHROMIUM)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class AssessmentJourneyBrowserTests {

    private static final String TEMPORARY = "Tmp-Pass-2026!x";
    private static final LocalDate NOV30 = LocalDate.of(2021, 11, 30);

    @LocalServerPort int port;
    @Autowired AccountAdministration accounts;
    @Autowired DocumentImports imports;
    @Autowired PlanQueries planQueries;
    @Autowired LedgerImports ledgers;
    @Autowired Assessor assessor;

    @Test
    void theCoordinatorChangesTheDateAndOpensAnIndicatorWhoseChartShowsActualExpectedAndForecast() {
        ScopeFixture district = ScopeFixture.importFor(imports, planQueries, "浏览器考核区");
        long planId = district.planId();
        PlanBook.IndicatorRow five = district.book().indicators().stream().filter(i -> "5".equals(i.code())).findFirst().orElseThrow();
        accounts.create(Actor.cliAdministrator("test"), new NewAccount("xzb-kaohe", "协作办 考核", Set.of(Role.COORDINATOR),
                district.unitIds("区发改局"), null, null, TEMPORARY));
        Actor office = Actor.user("xzb-kaohe", "协作办 考核", Set.of(Role.COORDINATOR), district.unitIds("区发改局"),
                Set.of(district.districtId()));
        LedgerSamples.Employment book = LedgerSamples.employment(20211130L, 400, "browser-assessment");
        ledgers.importFile(office, planId, LedgerKind.EMPLOYMENT, book.file(), "就业人员.xlsx", ImportMode.STRICT);
        Assessment expected = assessor.assess(office, planId, NOV30, null);
        IndicatorResult fiveExpected = expected.indicator(five.id()).orElseThrow();
        assertThat(fiveExpected.actual()).isPositive();

        try (Browser coordinator = new Browser(port)) {
            coordinator.firstSignIn("xzb-kaohe", TEMPORARY, Sessions.PASSWORD);
            coordinator.open("/plans/" + planId);
            coordinator.click("[data-assessment-link]");
            coordinator.find("[data-tiles]");
            // today is after the 2021 assessment year: time progress 100 %
            assertThat(coordinator.find("[data-time-progress]").getText()).isEqualTo("100.00%");

            // the as-of date picker
            WebElement date = coordinator.find("[data-as-of]");
            coordinator.driver().executeScript("arguments[0].value = arguments[1]", date, NOV30.toString());
            coordinator.click("[data-as-of-submit]");
            new WebDriverWait(coordinator.driver(), Duration.ofSeconds(15))
                    .until(d -> d.getCurrentUrl().contains("asOf=2021-11-30"));
            assertThat(coordinator.find("[data-time-progress]").getText()).isEqualTo("91.51%");
            assertThat(coordinator.find("[data-as-of-line]").getText()).contains("截至 2021年11月30日");
            assertThat(coordinator.find("[data-plan-score]").getText())
                    .isEqualTo(expected.score().setScale(2, java.math.RoundingMode.HALF_UP).toPlainString());
            assertThat(coordinator.find("[data-plan-grade]").getText()).isEqualTo("等次：" + expected.grade());
            Map<IndicatorStatus, Long> counts = expected.counts();
            for (IndicatorStatus status : IndicatorStatus.values()) {
                assertThat(coordinator.find("[data-count='" + status.name() + "']").getText())
                        .as(status.label()).isEqualTo(String.valueOf(counts.get(status)));
            }
            assertThat(coordinator.count("[data-red-row]")).isEqualTo((int) Math.min(10,
                    counts.get(IndicatorStatus.BEHIND) + counts.get(IndicatorStatus.SERIOUSLY_BEHIND)));
            waitRendered(coordinator, "[data-category-chart]");
            WebElement fiveRow = coordinator.find("[data-indicator='" + five.id() + "']");
            assertThat(fiveRow.findElement(By.cssSelector("[data-actual]")).getText())
                    .isEqualTo(fiveExpected.actual().toPlainString());
            coordinator.screenshot("assessment-overview");

            // indicator 5: its chart has the three lines
            WebElement link = coordinator.find("[data-indicator='" + five.id() + "'] a");
            coordinator.driver().executeScript("arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();", link);
            coordinator.find("[data-indicator-chart]");
            assertThat(coordinator.driver().getCurrentUrl()).contains("/assessment/indicators/" + five.id()).contains("asOf=2021-11-30");
            waitRendered(coordinator, "[data-indicator-chart]");
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> series = (List<Map<String, Object>>) coordinator.driver().executeScript(
                    "var o = echarts.getInstanceByDom(document.querySelector('[data-indicator-chart]')).getOption();"
                            + "return o.series.map(function (s) { return {name: s.name, points: s.data.length}; });");
            assertThat(series).extracting(s -> s.get("name")).containsExactly("累计完成", "序时目标", "预测");
            // January to November: 30 November is a period end, so the date adds no point of its own
            assertThat(fiveExpected.series()).hasSize(11);
            assertThat(((Number) series.get(0).get("points")).intValue()).isEqualTo(11);
            assertThat(((Number) series.get(1).get("points")).intValue()).isEqualTo(13);
            assertThat(((Number) series.get(2).get("points")).intValue()).isEqualTo(2);
            assertThat(coordinator.find("[data-actual]").getText()).isEqualTo(fiveExpected.actual().toPlainString());
            assertThat(coordinator.find("[data-source]").getText()).isEqualTo("来源：台账");
            assertThat(coordinator.find("[data-status]").getText()).isEqualTo(fiveExpected.status().label());
            assertThat(coordinator.count("[data-drill-down]")).isEqualTo(1);
            coordinator.screenshot("assessment-indicator-5");

            // the ranking and the heat map
            coordinator.open("/plans/" + planId + "/assessment/ranking?asOf=2021-11-30");
            coordinator.find("[data-heat-map]");
            assertThat(coordinator.count("[data-ranking] tbody tr")).isEqualTo(expected.units().size());
            assertThat(coordinator.find("[data-ranking] tbody tr").getAttribute("data-rank")).isEqualTo("1");
            coordinator.screenshot("assessment-ranking");

            coordinator.open("/plans/" + planId + "/assessment/units/" + district.unit("区人力社保局") + "?asOf=2021-11-30");
            coordinator.find("[data-unit-indicators]");
            assertThat(coordinator.find("[data-unit-rank]").getText())
                    .isEqualTo(String.valueOf(expected.unit(district.unit("区人力社保局")).orElseThrow().rank()));
            coordinator.screenshot("assessment-unit");
        }
    }

    private static void waitRendered(Browser browser, String css) {
        new WebDriverWait(browser.driver(), Duration.ofSeconds(15)).ignoring(StaleElementReferenceException.class)
                .until(d -> "true".equals(d.findElement(By.cssSelector(css)).getAttribute("data-rendered")));
    }
}
