package io.privacykit.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A cookie's category: an exact name wins, then the longest prefix, then the category listed first. */
class CookieClassifierTest {

    private static final List<CookieCategory> CATEGORIES = List.of(
            new CookieCategory("necessary", true, false, List.of("JSESSIONID", "_ga_session"), List.of()),
            new CookieCategory("functionality", false, false, List.of("lang", "pref_*"), List.of()),
            new CookieCategory("performance", false, false, List.of("_ga", "_ga_*", "_gid"), List.of()),
            new CookieCategory("ab-test", false, false, List.of("_ga_exp*", "pref_x*"), List.of()),
            new CookieCategory("advertising", false, true, List.of("_gcl_*", "pref_y*"), List.of()));

    private final CookieClassifier classifier = new CookieClassifier(CATEGORIES);

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "-", textBlock = """
            JSESSIONID,     necessary
            lang,           functionality
            _ga,            performance
            _gid,           performance
            _ga_ABC123,     performance
            _ga_session,    necessary
            _ga_session2,   performance
            _ga_exp,        ab-test
            _ga_exp42,      ab-test
            _gcl_au,        advertising
            pref_theme,     functionality
            pref_x1,        ab-test
            pref_y1,        advertising
            pref_,          functionality
            _ga_,           performance
            _gax,           -
            LANG,           -
            jsessionid,     -
            _g,             -
            pref,           -
            ' ',            -
            """)
    void findsTheMostSpecificCategory(String cookie, String expected) {
        assertThat(classifier.categoryOf(cookie).map(CookieCategory::name)).isEqualTo(Optional.ofNullable(expected));
    }

    @Test
    void anExactNameInALaterCategoryBeatsAPrefixInAnEarlierOne() {
        CookieClassifier prefixFirst = new CookieClassifier(List.of(
                new CookieCategory("performance", false, false, List.of("_ga*"), List.of()),
                new CookieCategory("necessary", true, false, List.of("_ga_consent"), List.of())));

        assertThat(prefixFirst.categoryOf("_ga_consent").map(CookieCategory::name)).contains("necessary");
        assertThat(prefixFirst.categoryOf("_ga_other").map(CookieCategory::name)).contains("performance");
    }

    @Test
    void betweenEqualPrefixesTheCategoryListedFirstWins() {
        CookieClassifier tie = new CookieClassifier(List.of(
                new CookieCategory("first", false, false, List.of("x_*"), List.of()),
                new CookieCategory("second", false, false, List.of("x_*", "y"), List.of()),
                new CookieCategory("third", false, false, List.of("y"), List.of())));

        assertThat(tie.categoryOf("x_1").map(CookieCategory::name)).contains("first");
        assertThat(tie.categoryOf("y").map(CookieCategory::name)).contains("second");
    }

    @Test
    void noNameAndNoCategoriesClassifyNothing() {
        assertThat(classifier.categoryOf(null)).isEmpty();
        assertThat(classifier.categoryOf("")).isEmpty();
        assertThat(new CookieClassifier(List.of()).categoryOf("_ga")).isEmpty();
    }
}
