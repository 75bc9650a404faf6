package io.privacykit.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.privacykit.collection.Outcome;
import io.privacykit.collection.Recipient;
import io.privacykit.collection.RecipientKind;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A Californian in a real headless Chromium (Debian's chromium and chromium-driver, run with
 * -Pbrowser): the notice at collection, the 11 CCR 7015 links and the opt-out preference signal's
 * status are on the page without a click, and "Do Not Sell or Share" stops the advertising cookies
 * and the app's own sharing.
 */
class OptOutBannerBrowserIT {

    static final By NOTICE = By.cssSelector("[role=region].pk-notice");
    static final By DO_NOT_SELL = By.cssSelector("[data-pk-action=opt-out-sale]");
    static final By GPC_STATUS = By.cssSelector(".pk-gpc-status");
    static final By DIALOG = By.cssSelector("[role=dialog].pk-banner");

    // Selenium warns that it has no DevTools binding for this Chromium; the test needs none.
    static final java.util.logging.Logger SELENIUM = java.util.logging.Logger.getLogger("org.openqa.selenium");

    static {
        SELENIUM.setLevel(java.util.logging.Level.SEVERE);
    }

    @TempDir
    Path dir;
    PrivacyFilter filter;
    TestServer server;
    ChromeDriver browser;

    /** A page with the banner's tags that sets an advertising cookie, as an ad tag would. */
    static final class Page extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.addCookie(new Cookie("_fbp", "ad"));
            response.setContentType("text/html;charset=UTF-8");
            response.getWriter().print("<!doctype html><html lang=\"en\"><head><title>shop</title>"
                    + PrivacyContext.of(request).headTags() + "</head><body><h1>shop</h1></body></html>");
        }
    }

    /** The app's server-side sharing with an ad partner: done only when PrivacyKit says it may be. */
    static final class Share extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            PrivacyContext privacy = PrivacyContext.of(request);
            Outcome recorded = privacy.shared(privacy.subjectOf("shopper@example.com"), "identifiers",
                    Recipient.of(RecipientKind.ADVERTISING_PARTNER), "advertising");
            response.setContentType("text/plain");
            response.getWriter().print((privacy.mayShare() ? "shared" : "not shared") + " "
                    + (recorded instanceof Outcome.Violation v ? v.kinds() : "accepted"));
        }
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
        if (filter != null) {
            filter.destroy();
        }
    }

    void start(boolean gpc) throws Exception {
        Properties p = CollectionIT.declared(dir.resolve("store"));
        p.setProperty("privacy.collection.identifiers.recipients", "advertising_partner");
        p.setProperty("privacy.collection.identifiers.shared", "true");
        // The browser connects from loopback: place it in California.
        p.setProperty("privacy.geo.overrides", "127.0.0.0/8=US-CA");
        p.setProperty("privacy.geo.trusted-proxies", "192.0.2.1/32");
        filter = PrivacyFilter.create(TestServer.policy(p));
        server = new TestServer();
        ServletContextHandler context = new ServletContextHandler("/");
        context.addFilter(new FilterHolder(filter), "/*", EnumSet.allOf(DispatcherType.class));
        context.addServlet(new ServletHolder(new Page()), "/page");
        context.addServlet(new ServletHolder(new Share()), "/share");
        server.addContext(context);
        server.start();

        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--no-first-run", "--disable-dev-shm-usage", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium")), "--lang=en");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().implicitlyWait(Duration.ZERO);
        if (gpc) {
            // Chromium has no GPC setting: the browser sends the header through DevTools, as an extension would.
            browser.executeCdpCommand("Network.enable", Map.of());
            browser.executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", Map.of("Sec-GPC", "1")));
        }
    }

    void open(String path) {
        browser.get(server.base() + path);
    }

    WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(10));
    }

    Set<String> cookieNames() {
        Set<String> names = new TreeSet<>();
        browser.manage().getCookies().forEach(c -> names.add(c.getName()));
        return names;
    }

    String share() {
        open("/share");
        return browser.findElement(By.tagName("body")).getText();
    }

    @Test
    void aCalifornianSeesTheNoticeAndTheLinksWithoutClickingAndDoNotSellStopsSharing() throws Exception {
        start(false);
        open("/page");
        WebElement notice = waiting().until(ExpectedConditions.visibilityOfElementLocated(NOTICE));
        assertThat(notice.getText()).contains("We collect personal information");
        assertThat(notice.findElement(By.tagName("a")).getAttribute("href")).endsWith("/privacy/notice");
        assertThat(browser.findElements(DIALOG)).as("a notice, not a dialog that asks").isEmpty();
        WebElement doNotSell = browser.findElement(DO_NOT_SELL);
        assertThat(doNotSell.getText()).isEqualTo("Do Not Sell or Share My Personal Information");
        WebElement choices = browser.findElement(By.cssSelector(".pk-your-choices"));
        assertThat(choices.getText()).isEqualTo("Your Privacy Choices");
        assertThat(choices.findElements(By.cssSelector("svg.pk-icon"))).hasSize(1);
        assertThat(cookieNames()).contains("_fbp");
        assertThat(share()).isEqualTo("shared accepted");

        open("/page");
        waiting().until(ExpectedConditions.elementToBeClickable(DO_NOT_SELL)).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".pk-opted-out"),
                "You have opted out"));
        assertThat(cookieNames()).doesNotContain("_fbp").contains("privacy_consent");

        open("/page");
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".pk-opted-out")));
        assertThat(cookieNames()).doesNotContain("_fbp");
        assertThat(browser.findElements(DO_NOT_SELL)).isEmpty();
        assertThat(share()).isEqualTo("not shared [OPTED_OUT]");
    }

    @Test
    void aCalifornianWhoseBrowserSendsGpcSeesItHonouredWithoutClicking() throws Exception {
        start(true);
        open("/page");
        WebElement status = waiting().until(ExpectedConditions.visibilityOfElementLocated(GPC_STATUS));
        assertThat(status.getText()).isEqualTo("Opt-Out Preference Signal Honored");
        assertThat(browser.findElements(DIALOG)).isEmpty();
        assertThat(browser.findElement(NOTICE).isDisplayed()).isTrue();
        assertThat(cookieNames()).doesNotContain("_fbp").contains("privacy_consent");
        assertThat(share()).isEqualTo("not shared [OPTED_OUT]");
    }
}
