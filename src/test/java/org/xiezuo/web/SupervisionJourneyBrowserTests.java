package org.xiezuo.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.ActiveProfiles;
import org.xiezuo.importer.DocumentImports;
import org.xiezuo.ledger.Bindings;
import org.xiezuo.ledger.DepartmentReporting;
import org.xiezuo.notification.Deliveries;
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
 * The supervision loop in real browsers (issue 8): the coordinator starts an order from a lagging
 * indicator and issues it; the education office's reporter sees the bell, opens the notification and
 * answers; the coordinator closes it (销号); the unit page lists it; the .docx notice downloads, opens and
 * carries the order's number. Screenshots land in target/screenshots/.
 */
@ExternalResource(ExternalResource.Kind.CHROMIUM)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class SupervisionJourneyBrowserTests {

    private static final String TEMPORARY = "Tmp-Pass-2026!x";

    @LocalServerPort int port;
    @Autowired AccountAdministration accounts;
    @Autowired DocumentImports imports;
    @Autowired PlanQueries planQueries;
    @Autowired Bindings bindings;
    @Autowired ApplicationContext context;

    @Test
    void theCoordinatorIssuesTheUnitAnswersTheCoordinatorClosesAndTheNoticeCarriesTheNumber() throws Exception {
        ScopeFixture district = ScopeFixture.importFor(imports, planQueries, "浏览器督办区");
        long planId = district.planId();
        DepartmentReporting.of(bindings, district.book(), "3");
        long education = district.unit("区教育局");
        PlanBook.IndicatorRow schools = district.book().indicators().stream().filter(i -> "3".equals(i.code())).findFirst().orElseThrow();
        accounts.create(Actor.cliAdministrator("test"), new NewAccount("xzb-duban", "协作办 督办", Set.of(Role.COORDINATOR),
                district.unitIds("区发改局"), null, null, TEMPORARY));
        accounts.create(Actor.cliAdministrator("test"), new NewAccount("jy-duban", "教育局 填报员", Set.of(Role.REPORTER),
                Set.of(education), null, null, TEMPORARY));

        try (Browser coordinator = new Browser(port); Browser reporter = new Browser(port)) {
            coordinator.firstSignIn("xzb-duban", TEMPORARY, Sessions.PASSWORD);
            coordinator.open("/plans/" + planId + "/assessment/indicators/" + schools.id() + "?asOf=2021-11-30");
            coordinator.click("[data-supervise]");
            assertThat(coordinator.find("[data-matter]").getAttribute("value")).isEqualTo("“参与结对的东部学校数”进度滞后");
            assertThat(coordinator.find("[data-unit-choice='" + education + "']").isSelected()).isTrue();
            coordinator.driver().executeScript("document.getElementById('responseDeadline').value = arguments[0]",
                    LocalDate.now().plusDays(7).toString());
            coordinator.click("[data-save-draft]");
            coordinator.find("[data-issue]");
            assertThat(coordinator.find("[data-order-number]").getText()).isEqualTo("督办单（草稿）");
            coordinator.click("[data-issue]");
            String number = new WebDriverWait(coordinator.driver(), Duration.ofSeconds(15)).ignoring(StaleElementReferenceException.class)
                    .until(d -> {
                        String text = d.findElement(By.cssSelector("[data-order-number]")).getText();
                        return text.endsWith("号") ? text : null;
                    });
            assertThat(number).matches(".协督〔2021〕1号");
            String orderUrl = coordinator.driver().getCurrentUrl();
            coordinator.screenshot("supervision-issued");

            // the reporter: the bell, the notification, the answer
            Deliveries.deliverNow(context);
            reporter.firstSignIn("jy-duban", TEMPORARY, Sessions.PASSWORD);
            reporter.open("/plans");
            assertThat(Integer.parseInt(reporter.find("[data-notification-bell]").getAttribute("data-unread-count"))).isPositive();
            reporter.click("[data-notification-bell]");
            reporter.find("[data-notification-list]");
            assertThat(reporter.find("[data-notification-list]").getText()).contains("收到督办单 " + number);
            reporter.click("[data-notification-open]");
            reporter.find("[data-answer-form]");
            assertThat(reporter.driver().getCurrentUrl()).isEqualTo(orderUrl);
            reporter.find("[data-measures-input]").sendKeys("已与万源市两所学校签订结对协议");
            reporter.driver().executeScript("document.querySelector('[data-expected-input]').value = arguments[0]",
                    LocalDate.now().plusDays(30).toString());
            reporter.click("[data-answer]");
            new WebDriverWait(reporter.driver(), Duration.ofSeconds(15)).ignoring(StaleElementReferenceException.class)
                    .until(d -> "ANSWERED".equals(d.findElement(By.cssSelector("[data-part]")).getAttribute("data-part-state")));
            reporter.screenshot("supervision-answered");

            // the coordinator closes it
            coordinator.open(orderUrl.substring(orderUrl.indexOf("/supervision")));
            coordinator.click("[data-close]");
            new WebDriverWait(coordinator.driver(), Duration.ofSeconds(15)).ignoring(StaleElementReferenceException.class)
                    .until(d -> "CLOSED".equals(d.findElement(By.cssSelector("main")).getAttribute("data-order-status")));
            assertThat(coordinator.find("[data-part]").getAttribute("data-part-state")).isEqualTo("CLOSED");
            assertThat(coordinator.find("[data-measures]").getText()).isEqualTo("已与万源市两所学校签订结对协议");
            coordinator.screenshot("supervision-closed");

            // the unit page lists it
            coordinator.open("/plans/" + planId + "/assessment/units/" + education + "?asOf=2021-11-30");
            coordinator.find("[data-unit-orders]");
            assertThat(coordinator.find("[data-unit-orders]").getText()).contains(number).contains("已销号");
            coordinator.screenshot("supervision-unit-page");

            // the notice
            String cookies = coordinator.driver().manage().getCookies().stream().map(c -> c.getName() + "=" + c.getValue())
                    .collect(Collectors.joining("; "));
            String orderId = orderUrl.substring(orderUrl.lastIndexOf('/') + 1);
            HttpResponse<byte[]> notice = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/supervision/orders/" + orderId + "/notice.docx")).header("Cookie", cookies).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(notice.statusCode()).isEqualTo(200);
            assertThat(notice.headers().firstValue("Content-Disposition").orElse("")).contains("attachment");
            try (XWPFDocument doc = new XWPFDocument(new ByteArrayInputStream(notice.body()))) {
                assertThat(doc.getParagraphs().stream().map(XWPFParagraph::getText)).contains(number);
                assertThat(doc.getParagraphs().stream().map(XWPFParagraph::getText).collect(Collectors.joining("\n")))
                        .contains("参与结对的东部学校数").contains("区教育局：");
            }
        }
    }
}
