package io.privacykit.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The sample app in a real Chromium (Debian's chromium and chromium-driver, nothing downloaded):
 * the banner asks only where the law needs a choice, refusing is as easy as accepting, it works
 * from the keyboard, speaks the visitor's language, and client-side tags wait for consent while
 * the server withholds the cookies.
 */
class SampleAppBrowserIT {

    static final By BANNER = By.cssSelector("[role=dialog].pk-banner");
    static final By ACCEPT = By.cssSelector("[data-pk-action=accept]");
    static final By REJECT = By.cssSelector("[data-pk-action=reject]");

    @TempDir
    Path dir;
    SampleApp app;
    WebDriver browser;

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (app != null) {
            app.close();
        }
    }

    /** Starts the app with the browser's loopback address placed in {@code place}, and a browser. */
    void start(String place, String language) throws Exception {
        app = SampleApp.start(new SampleAppOptions(0, "us-saas", dir.resolve("data")),
                Map.of("PRIVACY_GEO_OVERRIDES", "127.0.0.0/8=" + place));
        browser = Chromium.start(dir.resolve("chromium"), language);
    }

    void open() {
        browser.get("http://127.0.0.1:" + app.port() + "/");
    }

    WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(10));
    }

    Set<String> cookieNames() {
        Set<String> names = new TreeSet<>();
        for (Cookie cookie : browser.manage().getCookies()) {
            names.add(cookie.getName());
        }
        return names;
    }

    String analytics() {
        return browser.findElement(By.id("analytics-status")).getText();
    }

    @Test
    void anEeaVisitorIsAskedAndNothingRunsUntilTheyAcceptFromTheKeyboard() throws Exception {
        start("DE", "en");
        open();
        WebElement banner = waiting().until(ExpectedConditions.visibilityOfElementLocated(BANNER));
        assertThat(banner.getText()).contains("Your privacy choices");
        assertThat(cookieNames()).containsExactly("session");
        assertThat(analytics()).isEqualTo("waiting");

        WebElement accept = banner.findElement(ACCEPT);
        WebElement reject = banner.findElement(REJECT);
        // "Reject all" exactly as prominent as "Accept all".
        assertThat(reject.getTagName()).isEqualTo(accept.getTagName());
        assertThat(reject.getAttribute("class")).isEqualTo(accept.getAttribute("class"));
        assertThat(reject.getSize().getHeight()).isEqualTo(accept.getSize().getHeight());
        assertThat(reject.getCssValue("background-color")).isEqualTo(accept.getCssValue("background-color"));
        assertThat(reject.getCssValue("font-size")).isEqualTo(accept.getCssValue("font-size"));

        accept.sendKeys(Keys.ENTER);
        waiting().until(ExpectedConditions.invisibilityOfElementLocated(BANNER));
        waiting().until(ExpectedConditions.textToBe(By.id("analytics-status"), "loaded"));
        assertThat(cookieNames()).contains("privacy_consent");

        open();
        assertThat(cookieNames()).contains("session", "lang", "_ga", "_fbp", "privacy_consent");
        assertThat(browser.findElements(BANNER)).isEmpty();
        waiting().until(ExpectedConditions.textToBe(By.id("analytics-status"), "loaded"));
        assertThat(browser.findElement(By.id("ad-tag")).getText()).contains("included");
    }

    @Test
    void aChoiceCanBeReopenedAndWithdrawnAndTheServerExpiresTheCookies() throws Exception {
        start("DE", "en");
        open();
        waiting().until(ExpectedConditions.visibilityOfElementLocated(BANNER)).findElement(ACCEPT).click();
        waiting().until(ExpectedConditions.invisibilityOfElementLocated(BANNER));
        open();
        assertThat(cookieNames()).contains("_ga", "_fbp");

        browser.findElement(By.cssSelector("[data-privacy-choices]")).click();
        waiting().until(ExpectedConditions.visibilityOfElementLocated(BANNER)).findElement(REJECT).click();
        waiting().until(ExpectedConditions.invisibilityOfElementLocated(BANNER));

        open();
        assertThat(cookieNames()).doesNotContain("lang", "_ga", "_fbp").contains("session", "privacy_consent");
        assertThat(analytics()).isEqualTo("waiting");
        assertThat(browser.findElement(By.id("ad-tag")).getText()).contains("left out");
    }

    @Test
    void aCaliforniaVisitorIsNotAskedAndTagsRunUntilTheyOptOut() throws Exception {
        start("US-CA", "en");
        open();
        waiting().until(ExpectedConditions.textToBe(By.id("analytics-status"), "loaded"));
        assertThat(browser.findElements(BANNER)).isEmpty();
        assertThat(cookieNames()).contains("session", "lang", "_ga", "_fbp");
        assertThat(browser.findElement(By.cssSelector("#jurisdiction")).getAttribute("data-regime")).isEqualTo("CCPA");
    }

    @Test
    void theBannerSpeaksTheVisitorsLanguage() throws Exception {
        start("ES", "es");
        open();
        WebElement banner = waiting().until(ExpectedConditions.visibilityOfElementLocated(BANNER));
        assertThat(banner.getText()).contains("Tus opciones de privacidad");
        assertThat(List.of(banner.findElement(ACCEPT).getText(), banner.findElement(REJECT).getText()))
                .containsExactly("Aceptar todas", "Rechazar todas");
    }
}
