package io.privacykit.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code Cache-Control} merge that keeps a response the decision shaped out of shared caches. */
class HeaderNamesTest {

    @ParameterizedTest(name = "[{0}] -> [{1}]")
    @CsvSource(delimiter = '|', nullValues = "NONE", textBlock = """
            NONE                                   | private
            public, max-age=600                    | private, max-age=600
            max-age=600 ~ PUBLIC                   | private, max-age=600
            no-store                               | no-store
            public, no-store                       | no-store
            Private, max-age=60                    | Private, max-age=60
            private="Set-Cookie", max-age=5        | private, max-age=5
            no-cache="Set-Cookie, Vary", public    | private, no-cache="Set-Cookie, Vary"
            """)
    void publicGivesWayToPrivateAndNoStoreOrPrivateStay(String existing, String merged) {
        // "~" separates several Cache-Control header lines.
        assertThat(HeaderNames.privateCacheControl(existing == null ? java.util.List.of()
                : Arrays.asList(existing.split(" ~ ")))).isEqualTo(merged);
    }
}
