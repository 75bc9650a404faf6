package io.privacykit.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.privacykit.consent.CookieCatalogue;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What an operator is told to do with a cookie nothing classifies. */
class CookieSuggestionTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            newname        | privacy.cookies.functionality=lang,newname          | a guess from the name
            _gid           | privacy.cookies.performance=_ga,_ga_*,_gid          | the cookie catalogue: Google Analytics
            _ga_NEW        | privacy.cookies.performance=_ga,_ga_*,_ga_*         | the cookie catalogue
            _hjSessionUser_1 | privacy.cookies.functionality=lang,_hjSessionUser_*  | Hotjar
            app_session    | privacy.cookies.necessary=sid,app_session           | a guess from the name
            my_csrf        | privacy.cookies.necessary=sid,my_csrf               | a guess from the name
            promo_pixel    | privacy.cookies.advertising=_fbp,promo_pixel        | a guess from the name
            site_stats     | privacy.cookies.performance=_ga,_ga_*,site_stats    | a guess from the name
            ui_theme       | privacy.cookies.functionality=lang,ui_theme         | a guess from the name
            """)
    void theCatalogueFirstThenAGuessAndTheLineToPaste(String cookie, String line, String source) {
        CookieSuggestion suggestion = CookieSuggestion.of(cookie, TestPolicies.CATEGORIES, CookieCatalogue.standard());

        assertThat(suggestion.line()).isEqualTo(line);
        assertThat(suggestion.source()).contains(source);
    }
}
