package org.xiezuo.security.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.xiezuo.security.AccountAdministration;
import org.xiezuo.security.AccountAdministration.NewAccount;
import org.xiezuo.security.Sessions;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.Role;
import org.xiezuo.support.Browser;
import org.xiezuo.support.ExternalResource;
import org.xiezuo.unit.Organisation;

/**
 * The administrators' pages in a real browser, with the page's own script: the system administrator
 * creates a reporter with the form (checkboxes grouped by district), reads the temporary password once,
 * disables the account through the confirmation prompt (dismissing it first changes nothing), and sees
 * a wrong workbook's problems; the security administrator reads the rules in force and grants a role.
 * Screenshots land in target/screenshots/ for review.
 */
@ExternalResource(ExternalResource.Kind.CHROMIUM)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class AccountAdministrationBrowserTests {

    private static final String TEMPORARY = "Tmp-Pass-2026!x";

    @LocalServerPort int port;
    @Autowired AccountAdministration accounts;
    @Autowired Organisation organisation;

    @Test
    void theAdministratorsManageAccountsThroughThePages() throws Exception {
        AccountFixtures.Place place = AccountFixtures.place(organisation, "区教育局", "区卫健局", "区人力社保局");
        accounts.create(Actor.cliAdministrator("test"), new NewAccount("xitong", "系统管理员 赵", Set.of(Role.ADMIN),
                Set.of(), null, null, TEMPORARY));
        accounts.create(Actor.cliAdministrator("test"), new NewAccount("anquan", "安全管理员 钱", Set.of(Role.SECURITY_ADMIN),
                Set.of(), null, null, TEMPORARY));

        try (Browser browser = new Browser(port)) {
            firstSignIn(browser, "xitong");
            browser.open("/admin/accounts/new");
            browser.find("#username").sendKeys("jiaoyu.li");
            browser.find("#displayName").sendKeys("教育局 李");
            browser.find("#phone").sendKeys("13800138000");
            click(browser, "#role-REPORTER");
            click(browser, "#unit-" + place.unit("区教育局"));
            browser.screenshot("admin-account-new");
            click(browser, "form[data-account-form] button[type=submit]");

            String password = browser.find("[data-temporary-password]").getText();
            assertThat(password).hasSizeGreaterThanOrEqualTo(16);
            assertThat(browser.find("[data-units]").getText()).isEqualTo("区教育局");
            browser.screenshot("admin-account-created");
            browser.driver().navigate().refresh();
            browser.find("[data-roles]");
            assertThat(browser.count("[data-temporary-password]")).as("shown once").isZero();

            click(browser, "[data-actions] form[action$='/disable'] button");
            new WebDriverWait(browser.driver(), Duration.ofSeconds(5)).until(ExpectedConditions.alertIsPresent());
            assertThat(browser.driver().switchTo().alert().getText()).contains("停用后", "确定停用吗");
            browser.driver().switchTo().alert().dismiss();
            assertThat(browser.find("[data-state]").getText()).isEqualTo("启用");
            click(browser, "[data-actions] form[action$='/disable'] button");
            new WebDriverWait(browser.driver(), Duration.ofSeconds(5)).until(ExpectedConditions.alertIsPresent());
            browser.driver().switchTo().alert().accept();
            new WebDriverWait(browser.driver(), Duration.ofSeconds(10))
                    .until(d -> d.findElement(By.cssSelector("[data-state]")).getText().equals("停用"));
            browser.screenshot("admin-account-disabled");

            browser.open("/admin/accounts");
            assertThat(browser.find("tr[data-account='jiaoyu.li']").getText()).contains("停用", "填报员", "区教育局", "未设置");
            browser.screenshot("admin-accounts");

            Path wrong = Files.createTempDirectory(Path.of("target"), "accounts-").resolve("账号.xlsx");
            Files.write(wrong, AccountFixtures.workbook(List.of(
                    Arrays.asList("用户名", "姓名", "单位", "角色"),
                    Arrays.asList("wang.x", "王某", "区不存在局", "局长"))));
            browser.open("/admin/accounts/import");
            browser.find("#file").sendKeys(wrong.toAbsolutePath().toString());
            click(browser, "form[action$='/admin/accounts/import'] button[type=submit]");
            new WebDriverWait(browser.driver(), Duration.ofSeconds(5)).until(ExpectedConditions.alertIsPresent());
            browser.driver().switchTo().alert().accept();
            browser.find("[data-import-problems]");
            assertThat(browser.count("[data-problem]")).isEqualTo(2);
            browser.screenshot("admin-accounts-import-problems");

            browser.open("/admin/units");
            browser.find("#district-" + place.districtId());
            browser.screenshot("admin-units");
        }

        try (Browser browser = new Browser(port)) {
            firstSignIn(browser, "anquan");
            browser.open("/admin/security");
            assertThat(browser.find("[data-rule='max-failures']").getText()).isEqualTo("5次");
            browser.screenshot("security-settings");

            long reporter = accounts.findByUsername(Actor.cliAdministrator("test"), "jiaoyu.li").orElseThrow().id();
            browser.open("/admin/accounts/" + reporter);
            click(browser, "#role-LEADER");
            click(browser, "form[data-roles-form] button[type=submit]");
            new WebDriverWait(browser.driver(), Duration.ofSeconds(5)).until(ExpectedConditions.alertIsPresent());
            browser.driver().switchTo().alert().accept();
            new WebDriverWait(browser.driver(), Duration.ofSeconds(10))
                    .until(d -> d.findElement(By.cssSelector("[data-roles]")).getText().equals("填报员、领导"));
            assertThat(browser.count("form[data-details-form]")).as("details are the system administrator's").isZero();
            browser.screenshot("security-account");
        }
    }

    /** Clicks an element after scrolling it, at once (Bootstrap scrolls smoothly), to the middle of the window. */
    private static void click(Browser browser, String css) {
        var element = browser.find(css);
        browser.driver().executeScript("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", element);
        element.click();
    }

    /** Password, then enrolling the authenticator (secret read from the page), then a new password. */
    private static void firstSignIn(Browser browser, String username) {
        browser.signIn(username, TEMPORARY);
        String secret = browser.find("[data-totp-secret]").getText().replace(" ", "");
        browser.find("#code").sendKeys(Sessions.code(secret, 0));
        click(browser, "button[type=submit]");
        browser.find("[data-recovery-codes]");
        click(browser, "a.btn-primary");
        browser.find("#current").sendKeys(TEMPORARY);
        browser.find("#next").sendKeys(Sessions.PASSWORD);
        browser.find("#confirmation").sendKeys(Sessions.PASSWORD);
        click(browser, "button[type=submit]");
        new WebDriverWait(browser.driver(), Duration.ofSeconds(15)).until(d -> !d.getCurrentUrl().contains("/account/password"));
    }
}
