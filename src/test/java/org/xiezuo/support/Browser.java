package org.xiezuo.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Headless Chromium driven by Selenium, with a fresh profile under target/ and screenshots for review. */
public final class Browser implements AutoCloseable {

    public static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final ChromeDriver driver;
    private final String baseUrl;

    public Browser(int port) {
        this.baseUrl = "http://localhost:" + port;
        try {
            Path profile = Files.createTempDirectory(Path.of("target"), "chromium-profile-");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(ExternalResourceCondition.CHROMIUM.toFile());
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--window-size=1360,900", "--lang=zh-CN", "--user-data-dir=" + profile.toAbsolutePath());
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(ExternalResourceCondition.CHROMEDRIVER.toFile()).usingAnyFreePort().build();
            this.driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ChromeDriver driver() { return driver; }

    public void open(String path) {
        driver.get(baseUrl + path);
    }

    public WebElement find(String css) {
        return new WebDriverWait(driver, Duration.ofSeconds(15))
                .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(css)));
    }

    /**
     * Scrolls the element to the middle of the window at once (the page's smooth scrolling would move it
     * under the pointer while clicking) and clicks it; retries while htmx replaces the element.
     */
    public void click(String css) {
        new WebDriverWait(driver, Duration.ofSeconds(15)).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .ignoring(org.openqa.selenium.ElementClickInterceptedException.class)
                .until(d -> {
                    WebElement element = d.findElement(By.cssSelector(css));
                    driver.executeScript("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", element);
                    element.click();
                    return true;
                });
    }

    public int count(String css) {
        return driver.findElements(By.cssSelector(css)).size();
    }

    public void signIn(String username, String password) {
        open("/login");
        find("#username").sendKeys(username);
        find("#password").sendKeys(password);
        find("button[type=submit]").click();
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> !d.getCurrentUrl().contains("/login"));
    }

    /**
     * The first sign-in of a new account: the temporary password, enrolling the authenticator (the secret
     * read from the page, the code computed as the app would), then choosing the new password. Returns the
     * authenticator secret for later sign-ins.
     */
    public String firstSignIn(String username, String temporary, String newPassword) {
        signIn(username, temporary);
        String secret = find("[data-totp-secret]").getText().replace(" ", "");
        screenshot("second-factor-enrolment");
        find("#code").sendKeys(org.xiezuo.security.Sessions.code(secret, 0));
        find("button[type=submit]").click();
        find("[data-recovery-codes]");
        find("a.btn-primary").click();
        find("#current").sendKeys(temporary);
        find("#next").sendKeys(newPassword);
        find("#confirmation").sendKeys(newPassword);
        find("button[type=submit]").click();
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> !d.getCurrentUrl().contains("/account/password"));
        return secret;
    }

    /** A later sign-in: password, then the one-time code of the authenticator. */
    public void signIn(String username, String password, String code) {
        open("/login");
        find("#username").sendKeys(username);
        find("#password").sendKeys(password);
        find("button[type=submit]").click();
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> d.getCurrentUrl().contains("/login/second-factor"));
        find("#code").sendKeys(code);
        find("button[type=submit]").click();
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> !d.getCurrentUrl().contains("/login"));
    }

    /** Saves a screenshot of the whole page (the window is stretched to the page height first). */
    public Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Object height = driver.executeScript("return document.documentElement.scrollHeight");
            int pageHeight = height instanceof Number n ? Math.min(n.intValue() + 40, 12000) : 900;
            Dimension original = driver.manage().window().getSize();
            driver.manage().window().setSize(new Dimension(original.getWidth(), Math.max(pageHeight, 900)));
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            driver.manage().window().setSize(original);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
