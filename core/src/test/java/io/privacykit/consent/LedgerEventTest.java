package io.privacykit.consent;

import static io.privacykit.consent.LedgerFixtures.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What a ledger record's event keeps, and what it refuses to keep. */
class LedgerEventTest {

    private static final ConsentEvent E = event("c-1");

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/pricing                              | /pricing",
            "/pricing?email=a@example.com          | /pricing",
            "/pricing#plans                        | /pricing",
            "/a?x=1#y                              | /a",
            "/a#y?x=1                              | /a",
            "https://shop.example/cart?id=7        | /cart",
            "https://shop.example                  | /",
            "/redirect?to=https://other.example/x  | /redirect",
            "?only=query                           | ",
    })
    void thePageIsKeptAsAPathOnly(String given, String kept) {
        assertThat(withPageAndAgent(given, null).page()).isEqualTo(kept);
    }

    @Test
    void longPagesAndUserAgentsAreTruncated() {
        ConsentEvent e = withPageAndAgent("/" + "p".repeat(2000), "u".repeat(2000));

        assertThat(e.page()).hasSize(ConsentEvent.MAX_TEXT);
        assertThat(e.userAgent()).hasSize(ConsentEvent.MAX_TEXT);
    }

    @Test
    void truncationNeverSplitsACharacter() {
        String agent = "u".repeat(ConsentEvent.MAX_TEXT - 1) + "\uD83D\uDE00"; // an emoji across the limit

        assertThat(withPageAndAgent(null, agent).userAgent()).isEqualTo("u".repeat(ConsentEvent.MAX_TEXT - 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"203.0.113.7", "2001:db8::1", "::ffff:203.0.113.7"})
    void aRawAddressIsNeverAcceptedAsTheIpHash(String address) {
        assertThatThrownBy(() -> new ConsentEvent("c", E.at(), "v", E.regime(), E.law(), E.locationSource(),
                null, null, Map.of(), E.method(), null, address, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an IP address");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", " "})
    void aConsentIdIsRequired(String consentId) {
        assertThatThrownBy(() -> new ConsentEvent(consentId, E.at(), "v", E.regime(), E.law(),
                E.locationSource(), null, null, Map.of(), E.method(), null, null, null, null))
                .isInstanceOf(consentId == null ? NullPointerException.class : IllegalArgumentException.class);
    }

    @Test
    void choicesAreAnInsertionOrderedCopy() {
        Map<String, Boolean> given = new LinkedHashMap<>();
        given.put("necessary", true);
        given.put("advertising", false);
        given.put("functionality", true);
        ConsentEvent e = new ConsentEvent("c", E.at(), "v", E.regime(), E.law(), E.locationSource(), null, null,
                given, E.method(), null, null, null, null);
        given.put("performance", true);

        assertThat(e.choices()).containsExactly(Map.entry("necessary", true), Map.entry("advertising", false),
                Map.entry("functionality", true));
        assertThatThrownBy(() -> e.choices().put("performance", true))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void timeIsKeptToTheMicrosecondAsEveryDatabaseStoresIt() {
        ConsentEvent e = new ConsentEvent("c", Instant.parse("2024-05-01T10:15:30.123456789Z"), "v", E.regime(),
                E.law(), E.locationSource(), null, null, Map.of(), E.method(), null, null, null, null);

        assertThat(e.at()).isEqualTo(Instant.parse("2024-05-01T10:15:30.123456Z"));
    }

    private static ConsentEvent withPageAndAgent(String page, String userAgent) {
        return new ConsentEvent(E.consentId(), E.at(), E.policyVersion(), E.regime(), E.law(), E.locationSource(),
                E.country(), E.region(), E.choices(), E.method(), page, E.ipHash(), userAgent, E.subjectId());
    }
}
