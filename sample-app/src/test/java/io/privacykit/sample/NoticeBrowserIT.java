package io.privacykit.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;

/**
 * The sample app's privacy notice in a real Chromium whose language is English, Spanish or
 * Portuguese: the page a visitor reads is in their language, headings, tables and sentences alike,
 * and a screenshot of each is kept under {@code target/notice-screenshots/}.
 */
class NoticeBrowserIT {

    static final Path SCREENSHOTS = Path.of("target", "notice-screenshots");

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

    @ParameterizedTest(name = "{0} visitor in {1} under the {2} policy")
    @CsvSource(delimiter = '|', textBlock = """
            # language | place | policy  | title                 | heading of the categories table  | a table header            | a sentence the law asks for                         | a right and its deadline
            en-US      | US-CA | us-saas | Privacy notice        | Personal information we collect | We say we collect it      | We do not respond to Do Not Track signals.          | Opt out of the sale and sharing of your personal information
            es-ES      | ES    | eu-saas | Aviso de privacidad   | Información personal que recopilamos | Declaramos recopilarla | No respondemos a las señales Do Not Track (no rastrear). | Retirar tu consentimiento en cualquier momento
            pt-BR      | BR    | eu-saas | Aviso de privacidade  | Dados pessoais que coletamos    | Declaramos coletar        | Não respondemos a sinais Do Not Track (não rastrear). | Revogar seu consentimento a qualquer momento
            """)
    void theNoticeIsReadInTheBrowsersLanguage(String language, String place, String policy, String title,
                                              String collectedHeading, String header, String dntSentence,
                                              String right) throws Exception {
        app = SampleApp.start(new SampleAppOptions(0, policy, dir.resolve("data")),
                Map.of("PRIVACY_GEO_OVERRIDES", "127.0.0.0/8=" + place));
        browser = chromium(language);
        browser.get("http://127.0.0.1:" + app.port() + "/privacy/notice");

        String lang = language.substring(0, 2);
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo(lang);
        assertThat(browser.getTitle()).isEqualTo(title);
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo(title);
        assertThat(browser.findElements(By.tagName("h2"))).extracting(e -> e.getText()).contains(collectedHeading);
        assertThat(browser.findElements(By.tagName("th"))).extracting(e -> e.getText()).contains(header);
        String text = browser.findElement(By.tagName("body")).getText();
        assertThat(text).contains(dntSentence, right);
        if (!lang.equals("en")) {
            // Nothing of the English page is left: not a heading, not a table header, not a sentence.
            assertThat(text).doesNotContain("We do not", "Personal information we", "Cookies and", "Category", "Yes");
        }

        Path screenshot = screenshot("notice-" + lang + ".png");
        assertThat(Files.size(screenshot)).isGreaterThan(10_000);
    }

    /** A headless Chromium that asks for {@code language} first, with a window wide enough for the tables. */
    WebDriver chromium(String language) throws Exception {
        return Chromium.start(dir.resolve("chromium"), language, "--window-size=1280,1000");
    }

    /**
     * The whole page as a PNG under {@link #SCREENSHOTS}: the window is made as tall as the page first,
     * with room for what the window takes from the viewport.
     */
    Path screenshot(String name) throws Exception {
        Number height = (Number) ((JavascriptExecutor) browser)
                .executeScript("return document.documentElement.scrollHeight;");
        browser.manage().window().setSize(new Dimension(1280, Math.min(16_000, height.intValue() + 200)));
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Path target = Files.createDirectories(SCREENSHOTS).resolve(name);
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }
}
