package io.privacykit.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The shipped catalogue, and a classifier's order: the policy, then framework cookies, then the catalogue. */
class CookieCatalogueTest {

    /** The standard four, with a policy that names only a few cookies. */
    private static final List<CookieCategory> POLICY = List.of(
            new CookieCategory("necessary", true, false, List.of("sid"), List.of()),
            new CookieCategory("functionality", false, false, List.of("lang"), List.of()),
            new CookieCategory("performance", false, false, List.of("_fbp"), List.of()),
            new CookieCategory("advertising", false, true, List.of("_hj*"), List.of()));

    private static final CookieClassifier FULL = new CookieClassifier(POLICY, FrameworkCookies.names("MYSESSION"),
            CookieCatalogue.standard());

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "-", textBlock = """
            _gid,                   performance
            _ga,                    performance
            _ga_ABC123,             performance
            _gcl_au,                advertising
            XSRF-TOKEN,             necessary
            __Host-XSRF-TOKEN,      necessary
            __Secure-SESSION,       necessary
            SESSION,                necessary
            remember-me,            necessary
            MYSESSION,              necessary
            __Host-MYSESSION,       necessary
            JSESSIONID,             functionality
            JSESSIONIDSSO,          functionality
            sid,                    necessary
            _fbp,                   performance
            _hjid,                  advertising
            newname,                -
            """)
    void thePolicyWinsThenFrameworkCookiesThenTheCatalogue(String cookie, String category) {
        // JSESSIONID is the catalogue's "Functional" J2EE prefix; here the container calls its cookie MYSESSION.
        assertThat(FULL.categoryOf(cookie).map(CookieCategory::name)).isEqualTo(Optional.ofNullable(category));
    }

    @Test
    void theContainersDefaultSessionCookieIsNecessaryThoughTheCatalogueCallsItFunctional() {
        CookieClassifier classifier = new CookieClassifier(POLICY, FrameworkCookies.names(null), CookieCatalogue.standard());

        assertThat(classifier.categoryOf("JSESSIONID").map(CookieCategory::name)).contains("necessary");
        assertThat(classifier.categoryOf("__Secure-JSESSIONID").map(CookieCategory::name)).contains("necessary");
    }

    @Test
    void withoutTheCatalogueOnlyThePolicyAndFrameworkCookiesClassify() {
        CookieClassifier classifier = new CookieClassifier(POLICY, FrameworkCookies.names(null), null);

        assertThat(classifier.categoryOf("_gid")).isEmpty();
        assertThat(classifier.categoryOf("JSESSIONID").map(CookieCategory::name)).contains("necessary");
    }

    @Test
    void theCatalogueKnowsWellKnownTrackersAndItsWildcardsArePrefixes() {
        CookieCatalogue catalogue = CookieCatalogue.standard();

        assertThat(catalogue.find("_gid")).map(CookieCatalogue.Entry::category).contains("performance");
        assertThat(catalogue.find("_hjid")).map(CookieCatalogue.Entry::platform).contains("Hotjar");
        assertThat(catalogue.find("_ga_XYZ")).map(CookieCatalogue.Entry::pattern).contains("_ga_*");
        assertThat(catalogue.find("_fbp")).map(CookieCatalogue.Entry::category).contains("advertising");
        assertThat(catalogue.entries()).hasSizeGreaterThan(1000)
                .allSatisfy(e -> assertThat(List.of("necessary", "functionality", "performance", "advertising"))
                        .contains(e.category()))
                .filteredOn(CookieCatalogue.Entry::prefix).allSatisfy(e -> assertThat(e.name()).hasSizeGreaterThan(2));
        assertThat(catalogue.find("no-such-cookie-anywhere")).isEmpty();
    }

    @Test
    void aMalformedLineIsRefused() {
        assertThatThrownBy(() -> CookieCatalogue.read(new ByteArrayInputStream(
                "# header\n_ga\t0\n".getBytes(StandardCharsets.UTF_8)))).hasMessageContaining("malformed");
    }
}
