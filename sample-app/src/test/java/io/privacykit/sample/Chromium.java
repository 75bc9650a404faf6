package io.privacykit.sample;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A headless Chromium for the sample's browser tests: Debian's {@code chromium} and
 * {@code chromium-driver} (nothing downloaded), a fresh profile, and a browser language.
 */
final class Chromium {

    // Selenium warns on every start that it has no DevTools binding for this Chromium; the tests use none.
    // Held in a field: java.util.logging keeps loggers only weakly.
    private static final Logger SELENIUM = Logger.getLogger("org.openqa.selenium");

    static {
        SELENIUM.setLevel(Level.SEVERE);
    }

    private Chromium() {
    }

    /** A browser whose profile lives in {@code profile} and that asks for {@code language} first. */
    static WebDriver start(Path profile, String language, String... arguments) throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--no-first-run", "--disable-dev-shm-usage", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + Files.createDirectories(profile), "--lang=" + language);
        options.addArguments(arguments);
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", language));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort()
                .build();
        WebDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().implicitlyWait(Duration.ZERO);
        return driver;
    }
}
