package io.privacykit.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.privacykit.consent.UnclassifiedCookies;
import io.privacykit.policy.CspMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The start-up warning about a session cookie the policy does not call necessary. */
class SessionCookieWarningTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            sid         | false
            _ga         | true
            lang        | true
            JSESSIONID  | false
            """)
    void warnsWhenThePolicyListsTheSessionCookieOutsideNecessary(String sessionCookie, boolean warns) {
        java.util.Optional<String> warning = PrivacyFilter.sessionCookieWarning(
                TestPolicies.policy(UnclassifiedCookies.BLOCK, CspMode.OFF), sessionCookie);

        assertThat(warning.isPresent()).as(sessionCookie).isEqualTo(warns);
        warning.ifPresent(w -> assertThat(w).contains("'" + sessionCookie + "'", "past any filter",
                "privacy.cookies.necessary"));
    }
}
