package io.privacykit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.privacykit.consent.ConsentCookieResult;
import io.privacykit.consent.ConsentDecision;
import io.privacykit.consent.Signals;
import io.privacykit.geo.ClientAddress;
import io.privacykit.geo.Location;
import io.privacykit.geo.LocationSource;
import io.privacykit.jurisdiction.JurisdictionResolver;
import io.privacykit.jurisdiction.JurisdictionSettings;
import java.net.InetAddress;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RememberedVisitsTest {

    private static final long NOW = 1_800_000_000_000L;
    private static final long UNTIL = NOW + 60_000;
    private static final String COOKIE = "v2.payload.signature-of-visitor-one";

    private static final String CONSENT_ID = "consent-of-visitor-one";

    /** The ledger records that reach the engine, counted per stripe of consent ids. */
    private final RecordChanges changes = new RecordChanges();
    private final RememberedVisits visits = new RememberedVisits(1024, changes);

    private static ClientAddress client(String address, boolean viaTrustedProxy) throws Exception {
        return new ClientAddress(InetAddress.getByName(address), viaTrustedProxy);
    }

    private static PrivacyEngine.Visit visit(ClientAddress client) {
        JurisdictionResolver resolver = new JurisdictionResolver(JurisdictionSettings.defaults(), Clock.systemUTC());
        return new PrivacyEngine.Visit(Optional.of(client),
                resolver.resolve(new Location("DE", null, LocationSource.DATABASE)), new ConsentCookieResult.Absent(),
                Signals.NONE, new ConsentDecision(Map.of(), false, false, false));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            # what the later request or moment is          | address      | proxy | cookie                        | gpc   | dnt   | at            | current | kept
            the same request, within the span              | 203.0.113.7  | false | v2.payload.signature-of-visitor-one | false | false | 1800000030000 | true  | true
            the same request at the span's first instant   | 203.0.113.7  | false | v2.payload.signature-of-visitor-one | false | false | 1800000000000 | true  | true
            another address                                | 203.0.113.8  | false | v2.payload.signature-of-visitor-one | false | false | 1800000030000 | true  | false
            the same address as IPv4-mapped IPv6 text      | ::ffff:203.0.113.7 | false | v2.payload.signature-of-visitor-one | false | false | 1800000030000 | true  | true
            the same address through a trusted proxy       | 203.0.113.7  | true  | v2.payload.signature-of-visitor-one | false | false | 1800000030000 | true  | false
            another cookie with the same signature         | 203.0.113.7  | false | v2.forged!!.signature-of-visitor-one | false | false | 1800000030000 | true  | false
            no cookie                                      | 203.0.113.7  | false | null                          | false | false | 1800000030000 | true  | false
            a GPC signal                                   | 203.0.113.7  | false | v2.payload.signature-of-visitor-one | true  | false | 1800000030000 | true  | false
            a DNT signal                                   | 203.0.113.7  | false | v2.payload.signature-of-visitor-one | false | true  | 1800000030000 | true  | false
            the instant the span ends                      | 203.0.113.7  | false | v2.payload.signature-of-visitor-one | false | false | 1800000060000 | true  | false
            before it was decided (the clock stepped back) | 203.0.113.7  | false | v2.payload.signature-of-visitor-one | false | false | 1799999999999 | true  | false
            after a newer ledger record of its consent     | 203.0.113.7  | false | v2.payload.signature-of-visitor-one | false | false | 1800000030000 | false | false
            """)
    void answersOnlyTheRequestItWasDecidedForWhileEverythingItWasDecidedFromHolds(
            String what, String address, boolean proxy, String cookie, boolean gpc, boolean dnt, long at,
            boolean stillCurrent, boolean kept) throws Exception {
        ClientAddress decided = client("203.0.113.7", false);
        PrivacyEngine.Visit visit = visit(decided);
        int stripe = RecordChanges.stripe(CONSENT_ID);
        visits.remember(decided, COOKIE, Signals.NONE, visit, NOW, UNTIL, stripe, changes.count(stripe));
        if (!stillCurrent) {
            changes.arrived(CONSENT_ID);
        }

        PrivacyEngine.Visit found = visits.find(client(address, proxy), cookie, Signals.fromHeaders(gpc ? "1" : null,
                dnt ? "1" : null), at);

        if (kept) {
            assertThat(found).as(what).isSameAs(visit);
        } else {
            assertThat(found).as(what).isNull();
        }
    }

    @Test
    void aRecordOfAConsentInAnotherStripeLeavesTheVisitKeptAndNoRecordEndsAVisitWithoutAConsent() throws Exception {
        ClientAddress client = client("203.0.113.7", false);
        ClientAddress other = client("203.0.113.8", false);
        PrivacyEngine.Visit withConsent = visit(client);
        PrivacyEngine.Visit without = visit(other);
        int stripe = RecordChanges.stripe(CONSENT_ID);
        visits.remember(client, COOKIE, Signals.NONE, withConsent, NOW, UNTIL, stripe, changes.count(stripe));
        visits.remember(other, null, Signals.NONE, without, NOW, UNTIL, RememberedVisits.NO_CONSENT, 0);
        String elsewhere = java.util.stream.IntStream.range(0, 10_000).mapToObj(i -> "consent-" + i)
                .filter(id -> RecordChanges.stripe(id) != stripe).findFirst().orElseThrow();

        changes.arrived(elsewhere);
        assertThat(visits.find(client, COOKIE, Signals.NONE, NOW)).isSameAs(withConsent);

        changes.arrived(CONSENT_ID);
        assertThat(visits.find(client, COOKIE, Signals.NONE, NOW)).isNull();
        assertThat(visits.find(other, null, Signals.NONE, NOW)).isSameAs(without);
    }

    @Test
    void recordsThatMayHaveArrivedUnseenEndEveryVisitWithAConsent() throws Exception {
        ClientAddress client = client("203.0.113.7", false);
        int stripe = RecordChanges.stripe(CONSENT_ID);
        visits.remember(client, COOKIE, Signals.NONE, visit(client), NOW, UNTIL, stripe, changes.count(stripe));

        changes.arrivedEverywhere();

        assertThat(visits.find(client, COOKIE, Signals.NONE, NOW)).isNull();
    }

    @Test
    void keepsAVisitWithoutACookieApartFromTheSameAddressWithOne() throws Exception {
        ClientAddress client = client("2001:db8::1", false);
        PrivacyEngine.Visit without = visit(client);
        PrivacyEngine.Visit with = visit(client);
        visits.remember(client, null, Signals.NONE, without, NOW, UNTIL, RememberedVisits.NO_CONSENT, 0);
        visits.remember(client, COOKIE, Signals.NONE, with, NOW, UNTIL, RememberedVisits.NO_CONSENT, 0);

        PrivacyEngine.Visit found = visits.find(client, null, Signals.NONE, NOW);
        // One slot per key's hash: the later visit may have taken the earlier's slot, never its answer.
        assertThat(found == null || found == without).isTrue();
        assertThat(visits.find(client, COOKIE, Signals.NONE, NOW)).isSameAs(with);
    }

    @Test
    void aFullTableAnswersEachRequestWithItsOwnVisitOrNone() throws Exception {
        RememberedVisits small = new RememberedVisits(8, changes);
        Map<String, PrivacyEngine.Visit> decided = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 200; i++) {
            ClientAddress client = client("192.0.2." + (i % 50), i % 3 == 0);
            String cookie = i % 4 == 0 ? null : "cookie-" + i;
            PrivacyEngine.Visit visit = visit(client);
            small.remember(client, cookie, Signals.NONE, visit, NOW, UNTIL, RememberedVisits.NO_CONSENT, 0);
            decided.put((i % 50) + "/" + (i % 3 == 0) + "/" + cookie, visit);
        }
        int found = 0;
        for (int i = 0; i < 200; i++) {
            String cookie = i % 4 == 0 ? null : "cookie-" + i;
            PrivacyEngine.Visit answer = small.find(client("192.0.2." + (i % 50), i % 3 == 0), cookie, Signals.NONE, NOW);
            if (answer != null) {
                found++;
                assertThat(answer).isSameAs(decided.get((i % 50) + "/" + (i % 3 == 0) + "/" + cookie));
            }
        }
        assertThat(found).as("a table of 8 slots keeps at most 8 visits").isBetween(1, 8);
    }

    @Test
    void keepsNothingWhoseSpanHasEndedAndForgetsEverythingWhenCleared() throws Exception {
        ClientAddress client = client("198.51.100.1", false);
        visits.remember(client, COOKIE, Signals.NONE, visit(client), NOW, NOW, RememberedVisits.NO_CONSENT, 0);
        assertThat(visits.find(client, COOKIE, Signals.NONE, NOW)).isNull();

        visits.remember(client, COOKIE, Signals.NONE, visit(client), NOW, UNTIL, RememberedVisits.NO_CONSENT, 0);
        assertThat(visits.find(client, COOKIE, Signals.NONE, NOW)).isNotNull();
        visits.clear();
        assertThat(visits.find(client, COOKIE, Signals.NONE, NOW)).isNull();
    }

    @Test
    void refusesATableOfNoSlots() {
        assertThatThrownBy(() -> new RememberedVisits(0, changes)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("capacity");
    }
}
