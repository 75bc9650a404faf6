package io.privacykit.sample;

import static io.privacykit.sample.SampleHttp.CALIFORNIA;
import static io.privacykit.sample.SampleHttp.GERMANY;
import static io.privacykit.sample.SampleHttp.cookiesSet;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The sample app's "About you" page over real HTTP: a visitor declares where they live and how
 * old they are, and PrivacyKit decides from that. A declared residence beats the address's
 * location, on that page and every later one; an age below a regime's threshold withholds
 * advertising (the sale/sharing category of the US reference policy) where the law says so.
 */
class DeclaredResidenceAndAgeIT {

    @TempDir
    static Path dataDir;
    static SampleApp app;

    @BeforeAll
    static void start() throws Exception {
        app = SampleApp.start(new SampleAppOptions(0, "us-saas", dataDir), Map.of());
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    /** A browser with its own cookie jar (consent, session), placed at {@code address} by its proxy. */
    static final class Browser extends SampleBrowser {

        Browser(String address) {
            super(app, address);
        }

        /** Declares on the About you page; the answer must be the page. */
        HttpResponse<String> declare(String residence, String age) throws Exception {
            HttpResponse<String> page = postForm(AboutYouServlet.PATH,
                    "residence=" + URLEncoder.encode(residence, StandardCharsets.UTF_8) + "&age=" + age);
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            return page;
        }
    }

    @ParameterizedTest(name = "from {0} declaring {1} -> {2}")
    @CsvSource({
        GERMANY + ",    US-CA, CCPA,     US-CA",
        GERMANY + ",    US-MD, US_STATE, US-MD",
        CALIFORNIA + ", DE,    GDPR,     DE",
        CALIFORNIA + ", GB,    UK_GDPR,  GB",
    })
    void aDeclaredResidenceBeatsTheAddress(String address, String residence, String regime, String place) throws Exception {
        Browser browser = new Browser(address);
        HttpResponse<String> page = browser.declare(residence, "");

        assertThat(attribute(page, "regime", "data-regime")).isEqualTo(regime);
        assertThat(attribute(page, "regime", "data-source")).isEqualTo("override");
        assertThat(attribute(page, "regime", "data-place")).isEqualTo(place);
        // Recorded in the consent ledger: the response carries the consent cookie of that record.
        assertThat(cookiesSet(page)).contains("privacy_consent");
        // Every later page of this visitor is decided under the declared residence, not the address.
        HttpResponse<String> home = browser.get("/");
        assertThat(home.body()).contains("data-regime=\"" + regime + "\"");
    }

    @Test
    void aGermanAddressDeclaringCaliforniaGetsTheOptOutRegimesCookiesWithoutAChoice() throws Exception {
        assertThat(cookiesSet(new Browser(GERMANY).get(AboutYouServlet.PATH))).doesNotContain("_ga", "_fbp", "lang");

        HttpResponse<String> page = new Browser(GERMANY).declare("US-CA", "30");

        assertThat(cookiesSet(page)).contains("lang", "_ga", "_fbp");
        assertThat(allowed(page, "advertising")).isTrue();
    }

    @ParameterizedTest(name = "{0}, age {1}: targeted advertising {2}, advertising allowed {3}")
    @CsvSource({
        // Cal. Civ. Code 1798.120(c): 13-15 opt in themselves, under 13 a parent; the US policy serves 13 and up.
        "US-CA, 30, allowed,           true",
        "US-CA, 16, allowed,           true",
        "US-CA, 15, consent-self,      false",
        "US-CA, 14, consent-self,      false",
        "US-CA, 12, below-minimum-age, false",
        // Md. Com. Law 14-4607: no sale or targeted advertising under 18, consent or not.
        "US-MD, 17, banned,            false",
        "US-MD, 18, allowed,           true",
        // Conn. Gen. Stat. 42-529a as amended by SB 1295 (2025), from 2026-07-01: likewise under 18.
        "US-CT, 17, banned,            false",
        // Virginia: only a known child under 13 is protected (parental consent), below the policy's minimum age.
        "US-VA, 13, allowed,           true",
    })
    void anAgeBelowTheRegimesThresholdWithholdsAdvertising(String residence, int age, String outcome, boolean advertising)
            throws Exception {
        HttpResponse<String> page = new Browser(GERMANY).declare(residence, Integer.toString(age));

        assertThat(attribute(page, "minors", null)).isNotNull();
        assertThat(outcome(page, "targeted-advertising")).isEqualTo(outcome);
        assertThat(allowed(page, "advertising")).isEqualTo(advertising);
        assertThat(cookiesSet(page).contains("_fbp")).isEqualTo(advertising);
        assertThat(attribute(page, "may-sell", "data-may-sell")).isEqualTo(Boolean.toString(advertising));
    }

    @Test
    void aMinorsProfilingRuleLeavesAnalyticsAlone() throws Exception {
        // Colorado, C.R.S. 6-1-1308.5: under 18, targeted advertising and profiling need the minor's opt-in.
        HttpResponse<String> page = new Browser(GERMANY).declare("US-CO", "16");

        assertThat(outcome(page, "profiling")).isEqualTo("consent-self");
        assertThat(outcome(page, "targeted-advertising")).isEqualTo("consent-self");
        // Profiling maps onto no cookie category (docs/jurisdictions.md): measurement stays, advertising waits.
        assertThat(allowed(page, "performance")).isTrue();
        assertThat(allowed(page, "advertising")).isFalse();
        assertThat(cookiesSet(page)).contains("_ga").doesNotContain("_fbp");
    }

    @Test
    void aCalifornianOf14GetsAdvertisingOnlyAfterOptingIn() throws Exception {
        Browser browser = new Browser(CALIFORNIA);
        HttpResponse<String> adult = new Browser(CALIFORNIA).get(AboutYouServlet.PATH);
        assertThat(allowed(adult, "advertising")).isTrue();

        HttpResponse<String> declared = browser.declare("", "14");
        assertThat(attribute(declared, "regime", "data-source")).isNotEqualTo("override");
        assertThat(allowed(declared, "advertising")).isFalse();
        assertThat(cookiesSet(declared)).contains("_ga").doesNotContain("_fbp");

        // The minor's own opt-in (the banner's "accept") is the consent 1798.120(c) asks for.
        assertThat(browser.postForm("/privacy/consent", "accept=all").statusCode()).isEqualTo(200);
        HttpResponse<String> optedIn = browser.get(AboutYouServlet.PATH);
        assertThat(outcome(optedIn, "targeted-advertising")).isEqualTo("consent-self");
        assertThat(allowed(optedIn, "advertising")).isTrue();
        assertThat(cookiesSet(optedIn)).contains("_fbp");
    }

    @Test
    void aCalifornianOf14WhoRefusesIsAskedAgainAfterTwelveMonths() throws Exception {
        Browser browser = new Browser(CALIFORNIA);
        browser.declare("US-CA", "14");
        Instant before = Instant.now();
        assertThat(browser.postForm("/privacy/consent", "reject=all").statusCode()).isEqualTo(200);

        HttpResponse<String> page = browser.get(AboutYouServlet.PATH);

        Instant askAgain = Instant.parse(attribute(page, "ask-again", "data-from"));
        // 1798.135(c)(4): at least 12 months after the refusal.
        assertThat(askAgain).isAfterOrEqualTo(before.atOffset(ZoneOffset.UTC).plusMonths(12).toInstant()
                .minusSeconds(60));
        assertThat(askAgain).isBefore(Instant.now().atOffset(ZoneOffset.UTC).plusMonths(12).plusDays(1).toInstant());
    }

    @Test
    void anAdultDeclaringAnAgeIsNeverAskedToWait() throws Exception {
        Browser browser = new Browser(CALIFORNIA);
        browser.declare("US-CA", "40");
        assertThat(browser.postForm("/privacy/consent", "reject=all").statusCode()).isEqualTo(200);

        assertThat(browser.get(AboutYouServlet.PATH).body()).doesNotContain("id=\"ask-again\"");
    }

    @ParameterizedTest(name = "residence ''{0}'', age ''{1}'' -> 400 mentioning {2}")
    @CsvSource(value = {
        "California | 30  | residence",
        "US-CA      | old | age must be a whole number",
        "US-CA      | 151 | age must be a whole number",
        "           |     | declare a residence",
    }, delimiter = '|')
    void badDeclarationsAreRefusedAndChangeNothing(String residence, String age, String message) throws Exception {
        Browser browser = new Browser(GERMANY);
        HttpResponse<String> refused = browser.postForm(AboutYouServlet.PATH,
                "residence=" + (residence == null ? "" : URLEncoder.encode(residence, StandardCharsets.UTF_8))
                        + "&age=" + (age == null ? "" : age));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).containsIgnoringCase(message).doesNotContain("Exception");
        HttpResponse<String> after = browser.get(AboutYouServlet.PATH);
        assertThat(attribute(after, "regime", "data-regime")).isEqualTo("GDPR");
        assertThat(after.body()).doesNotContain("id=\"minors\"");
    }

    /** The value of {@code name} on the element with {@code id} (with a null name: the id's presence). */
    static String attribute(HttpResponse<String> page, String id, String name) {
        Matcher element = Pattern.compile("<[a-z]+ id=\"" + Pattern.quote(id) + "\"([^>]*)>").matcher(page.body());
        if (!element.find()) {
            return null;
        }
        if (name == null) {
            return id;
        }
        Matcher value = Pattern.compile(Pattern.quote(name) + "=\"([^\"]*)\"").matcher(element.group(1));
        assertThat(value.find()).as(name + " on #" + id + " in " + page.body()).isTrue();
        return value.group(1);
    }

    static boolean allowed(HttpResponse<String> page, String category) {
        Matcher row = Pattern.compile("data-category=\"" + Pattern.quote(category) + "\" data-allowed=\"(yes|no)\"")
                .matcher(page.body());
        assertThat(row.find()).as("category " + category + " in " + page.body()).isTrue();
        return "yes".equals(row.group(1));
    }

    static String outcome(HttpResponse<String> page, String purpose) {
        Matcher row = Pattern.compile("data-purpose=\"" + Pattern.quote(purpose) + "\" data-outcome=\"([a-z-]+)\"")
                .matcher(page.body());
        assertThat(row.find()).as("purpose " + purpose + " in " + page.body()).isTrue();
        return row.group(1);
    }
}
