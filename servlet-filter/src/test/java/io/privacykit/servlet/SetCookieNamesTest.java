package io.privacykit.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SetCookieNamesTest {

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            _ga=GA1.2.3; Path=/; Max-Age=63072000     | _ga
            ' lang = en ; HttpOnly'                   | lang
            _ga_XYZ=                                  | _ga_XYZ
            sid=a=b=c                                 | sid
            =value                                    | -
            novalue                                   | -
            'two words=1'                             | -
            'quote"d=1'                               | -
            'semi;colon=1'                            | -
            ''                                        | -
            ';=1'                                     | -
            'é=1'                                     | -
            """)
    void readsTheNameOrNothing(String header, String name) {
        assertThat(SetCookieNames.nameOf(header).orElse(null)).isEqualTo(name);
    }

    @ParameterizedTest(name = "{0} + {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            ''                               | Cookie, Sec-GPC, DNT | Cookie, Sec-GPC, DNT
            Accept-Encoding                  | Cookie, Sec-GPC, DNT | Accept-Encoding, Cookie, Sec-GPC, DNT
            'accept-encoding, cookie'        | Cookie, Sec-GPC, DNT | accept-encoding, cookie, Sec-GPC, DNT
            '*'                              | Cookie, Sec-GPC, DNT | *
            'Origin,,  Cookie '              | Cookie, Sec-GPC, DNT | Origin, Cookie, Sec-GPC, DNT
            """)
    void varyKeepsWhatWasThereAndAddsEachFieldOnce(String existing, String added, String merged) {
        assertThat(HeaderNames.mergeVary(List.of(existing), List.of(added.split(",\\s*")))).isEqualTo(merged);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            es-ES;es                | es
            pt-BR                   | pt
            fr-FR;pt                | pt
            de-DE;fr                | en
            ''                      | en
            """)
    void theBannerLanguageIsTheFirstItSpeaks(String preferred, String language) {
        List<Locale> locales = preferred.isEmpty() ? List.of() : List.of(preferred.split(";")).stream()
                .map(Locale::forLanguageTag).toList();
        assertThat(BannerAssets.language(java.util.Collections.enumeration(locales))).isEqualTo(language);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            _ga=v; Path=/examples/                  | /examples/
            _ga=v; path=/a; Secure                  | /a
            _ga=v;Path = /a ;HttpOnly               | /a
            _ga=v; Path=/a; Path=/b                 | /b
            _ga=v; Path=relative                    | -
            _ga=v; Domain=example.com               | -
            _ga=v                                   | -
            _ga=a=b; XPath=/x                       | -
            """)
    void thePathAttributeIsTheLastOneThatStartsWithASlash(String header, String path) {
        assertThat(SetCookieNames.pathOf(header)).isEqualTo(path);
    }
}
