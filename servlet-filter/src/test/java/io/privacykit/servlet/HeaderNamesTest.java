package io.privacykit.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code Cache-Control} and {@code Vary} merges on a response the decision shaped. */
class HeaderNamesTest {

    @ParameterizedTest(name = "[{0}] + consent inputs -> [{1}]")
    @CsvSource(delimiter = '|', nullValues = "NONE", textBlock = """
            NONE                                  | Cookie, Sec-GPC, DNT
            Accept-Encoding                       | Accept-Encoding, Cookie, Sec-GPC, DNT
            Origin ~ cookie, accept-encoding      | Origin, cookie, accept-encoding, Sec-GPC, DNT
            DNT, Sec-Gpc                          | DNT, Sec-Gpc, Cookie
            *                                     | *
            """)
    void varyIsMergedCaseInsensitivelyNotReplaced(String existing, String merged) {
        assertThat(HeaderNames.mergeVary(existing == null ? java.util.List.of() : Arrays.asList(existing.split(" ~ ")),
                HeaderNames.CONSENT_INPUTS)).isEqualTo(merged);
    }

    @ParameterizedTest(name = "[{0}] -> [{1}]")
    @CsvSource(delimiter = '|', nullValues = "NONE", textBlock = """
            NONE                                          | private
            max-age=60                                    | max-age=60, private
            public, max-age=600                           | max-age=600, private
            max-age=600 ~ PUBLIC                          | max-age=600, private
            no-store                                      | no-store
            public, no-store                              | public, no-store
            no-cache, no-store, max-age=0, must-revalidate | no-cache, no-store, max-age=0, must-revalidate
            Private, max-age=60                           | Private, max-age=60
            max-age=60 ~ private                          | max-age=60, private
            private="Set-Cookie", max-age=5               | max-age=5, private
            no-cache="Set-Cookie, Vary", public           | no-cache="Set-Cookie, Vary", private
            no-cache="no-store"                           | no-cache="no-store", private
            """)
    void privateIsAddedWhereNeitherNoStoreNorPrivateIsAndTheAppsDirectivesStay(String existing, String merged) {
        // "~" separates several Cache-Control header lines.
        assertThat(HeaderNames.privateCacheControl(existing == null ? java.util.List.of()
                : Arrays.asList(existing.split(" ~ ")))).isEqualTo(merged);
    }
}
