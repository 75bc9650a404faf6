package io.privacykit.response;

import static org.assertj.core.api.Assertions.assertThat;

import io.privacykit.consent.CategoryDecision;
import io.privacykit.consent.ConsentDecision;
import io.privacykit.consent.CookieCategory;
import io.privacykit.consent.CookieClassifier;
import io.privacykit.consent.DecisionReason;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The sweep: which of a request's cookies a decision expires, and the deletions that do it. */
class CookieSiteTest {

    private static final List<CookieCategory> CATEGORIES = List.of(
            new CookieCategory("necessary", true, false, List.of("session"), List.of()),
            new CookieCategory("functionality", false, false, List.of("lang"), List.of()),
            new CookieCategory("performance", false, false, List.of("_ga", "_ga_*"), List.of()));
    private static final String CONSENT = "privacy_consent";

    /** Necessary and functionality allowed, performance awaiting consent. */
    private static final ConsentDecision NO_ANALYTICS = decision("performance");

    private static ConsentDecision decision(String... withheld) {
        Map<String, CategoryDecision> categories = new LinkedHashMap<>();
        for (CookieCategory category : CATEGORIES) {
            boolean held = List.of(withheld).contains(category.name());
            categories.put(category.name(), CategoryDecision.of(category.required() ? DecisionReason.NECESSARY
                    : held ? DecisionReason.AWAITING_CONSENT : DecisionReason.GRANTED));
        }
        return new ConsentDecision(categories, false, false, false);
    }

    private static CookieSite site(boolean reportOnly) {
        return new CookieSite(new CookieClassifier(CATEGORIES), CONSENT, reportOnly);
    }

    private static List<String> headers(CookieSite.Sweep sweep) {
        return sweep.expire().stream().map(ResponseCookie::header).toList();
    }

    @ParameterizedTest(name = "{0} on {1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            _ga                            | www.shop.example | _ga
            session lang privacy_consent   | www.shop.example | -
            session _ga _ga_X1 lang        | www.shop.example | _ga _ga_X1
            unknown _ga                    | 127.0.0.1        | _ga
            """)
    void expiresTheWithheldCookiesTheRequestCarries(String sent, String host, String expired) {
        CookieSite.Sweep sweep = site(false).sweep(List.of(sent.split(" ")), NO_ANALYTICS, host, "");

        List<String> names = sweep.expire().stream().map(ResponseCookie::name).distinct().toList();
        assertThat(names).containsExactlyElementsOf(expired == null ? List.of() : List.of(expired.split(" ")));
        assertThat(sweep.expire()).allMatch(cookie -> cookie.kind() == ResponseCookie.Kind.EXPIRE);
        assertThat(sweep.wouldExpire()).isEmpty();
    }

    @Test
    void deletesOnTheHostItsParentsAndEveryPathTheAppUsed() {
        CookieSite site = site(false);
        site.cookieSet("_ga", null, "/app/cart/view");

        assertThat(headers(site.sweep(List.of("_ga"), NO_ANALYTICS, "www.shop.example", "/app")))
                .containsExactlyElementsOf(CookieExpiry.forHost("_ga", "www.shop.example", List.of("/", "/app", "/app/cart")));
    }

    @Test
    void aPathTheAppSetsLaterIsInTheNextSweep() {
        CookieSite site = site(false);
        List<String> before = headers(site.sweep(List.of("_ga"), NO_ANALYTICS, "shop.example", ""));

        site.cookieSet("_ga", "/offers/", "/offers/today");
        List<String> after = headers(site.sweep(List.of("_ga"), NO_ANALYTICS, "shop.example", ""));

        assertThat(before).containsExactlyElementsOf(CookieExpiry.forHost("_ga", "shop.example", List.of("/")));
        assertThat(after).containsExactlyElementsOf(CookieExpiry.forHost("_ga", "shop.example", List.of("/", "/offers/")));
    }

    @Test
    void eachHostAndContextPathGetsItsOwnDeletions() {
        CookieSite site = site(false);

        List<String> shop = headers(site.sweep(List.of("_ga"), NO_ANALYTICS, "shop.example", ""));
        List<String> blog = headers(site.sweep(List.of("_ga"), NO_ANALYTICS, "blog.example", "/blog"));
        List<String> shopAgain = headers(site.sweep(List.of("_ga"), NO_ANALYTICS, "shop.example", ""));

        assertThat(shop).containsExactlyElementsOf(CookieExpiry.forHost("_ga", "shop.example", List.of("/")));
        assertThat(blog).containsExactlyElementsOf(CookieExpiry.forHost("_ga", "blog.example", List.of("/", "/blog")));
        assertThat(shopAgain).isEqualTo(shop);
    }

    @Test
    void hostsFromRequestsKeepWhatIsRememberedBounded() {
        CookieSite site = site(false);
        for (int i = 0; i < CookieSite.MAX_EXPIRIES * 3; i++) {
            String host = "h" + i + ".example";
            assertThat(headers(site.sweep(List.of("_ga"), NO_ANALYTICS, host, "")))
                    .containsExactlyElementsOf(CookieExpiry.forHost("_ga", host, List.of("/")));
        }

        assertThat(site.expiriesKept()).isBetween(1, CookieSite.MAX_EXPIRIES);
    }

    @Test
    void manyWithheldCookiesStayWithinTheHeaderBudget() {
        List<String> sent = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            sent.add("_ga_" + i);
        }

        CookieSite.Sweep sweep = site(false).sweep(sent, NO_ANALYTICS, "www.shop.example", "");

        int bytes = sweep.expire().stream().mapToInt(c -> c.header().length() + "Set-Cookie: \r\n".length()).sum();
        assertThat(bytes).isLessThanOrEqualTo(CookieSite.BUDGET_BYTES);
        // The host-only deletion of each cookie comes before any cookie's parent-domain ones.
        assertThat(sweep.expire().subList(0, 20)).allMatch(cookie -> cookie.domain() == null);
    }

    @Test
    void reportOnlyExpiresNothingAndSaysWhy() {
        CookieSite.Sweep sweep = site(true).sweep(List.of("_ga", "session"), NO_ANALYTICS, "shop.example", "");

        assertThat(sweep.expire()).isEmpty();
        assertThat(sweep.wouldExpire()).containsExactly(Map.entry("_ga", "category 'performance' not allowed"));
    }

    @Test
    void nothingWithheldIsNoSweep() {
        assertThat(site(false).sweep(List.of("_ga", "lang"), decision(), "shop.example", ""))
                .isSameAs(CookieSite.Sweep.NONE);
    }
}
