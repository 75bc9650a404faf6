package io.privacykit.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.privacykit.consent.ConsentCookieCodec;
import io.privacykit.consent.ConsentCookieResult;
import io.privacykit.consent.ConsentSettings;
import io.privacykit.consent.ConsentState;
import io.privacykit.consent.RejectionReason;
import io.privacykit.consent.SigningKey;
import io.privacykit.geo.Cidr;
import io.privacykit.geo.ClientAddress;
import io.privacykit.geo.ClientAddressResolver;
import io.privacykit.geo.ForwardedHeader;
import io.privacykit.geo.IpLiteral;
import io.privacykit.geo.RequestHeaders;
import io.privacykit.jurisdiction.Regime;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fixed corpus of attacks on core's parsers (docs/reliability.md, "Hostile input"): forged,
 * truncated and re-signed consent cookies, forwarding headers spoofed by untrusted peers,
 * addresses that would be a DNS query, and a configuration with every value bad.
 */
class AttackCorpusTest {

    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    static final SigningKey SERVER_KEY = key("k1", 1);

    static SigningKey key(String id, int fill) {
        byte[] secret = new byte[32];
        Arrays.fill(secret, (byte) fill);
        return new SigningKey(id, secret);
    }

    static ConsentCookieCodec codec(SigningKey key) {
        return new ConsentCookieCodec(new ConsentSettings("privacy_consent", List.of(key), Duration.ofDays(365),
                null, true, "Lax", new byte[32]), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    static ConsentState rejectAll() {
        Map<String, Boolean> choices = new LinkedHashMap<>();
        choices.put("functionality", false);
        choices.put("performance", false);
        choices.put("advertising", false);
        return new ConsentState("visitor-1", choices, NOW.minusSeconds(60), "2020-04-01", Regime.GDPR);
    }

    /** What an attacker does to a genuine reject-all cookie to turn it into consent. */
    enum CookieAttack {
        /** Swaps the payload for an accept-all one and keeps the MAC. */
        PAYLOAD_SWAPPED,
        /** Signs an accept-all with a guessed secret under the server's key id. */
        RE_SIGNED_WITH_GUESSED_SECRET,
        /** Cuts the MAC short. */
        TRUNCATED_MAC,
        /** Drops the MAC. */
        NO_MAC,
        /** Re-encodes the MAC with padding and the standard alphabet. */
        RE_SPELLED_MAC,
        /** Names a key the server does not have. */
        UNKNOWN_KEY_ID,
        /** Claims a format version the server does not speak. */
        OTHER_VERSION,
        /** Pads the value past the size a browser keeps. */
        OVERSIZED
    }

    @ParameterizedTest
    @EnumSource(CookieAttack.class)
    void aForgedTruncatedOrReSignedConsentCookieIsNoConsent(CookieAttack attack) {
        ConsentCookieCodec server = codec(SERVER_KEY);
        String genuine = server.encode(rejectAll());
        String[] parts = genuine.split("\\.");
        Map<String, Boolean> all = new LinkedHashMap<>();
        rejectAll().choices().keySet().forEach(category -> all.put(category, true));
        ConsentState acceptAll = new ConsentState("visitor-1", all, NOW.minusSeconds(60), "2020-04-01", Regime.GDPR);
        String acceptAllPayload = codec(SERVER_KEY).encode(acceptAll).split("\\.")[2];
        String forged = switch (attack) {
            case PAYLOAD_SWAPPED -> parts[0] + '.' + parts[1] + '.' + acceptAllPayload + '.' + parts[3];
            case RE_SIGNED_WITH_GUESSED_SECRET -> codec(key("k1", 0)).encode(acceptAll);
            case TRUNCATED_MAC -> genuine.substring(0, genuine.length() - 1);
            case NO_MAC -> parts[0] + '.' + parts[1] + '.' + parts[2];
            case RE_SPELLED_MAC -> parts[0] + '.' + parts[1] + '.' + parts[2] + '.'
                    + Base64.getEncoder().encodeToString(Base64.getUrlDecoder().decode(parts[3]));
            case UNKNOWN_KEY_ID -> codec(key("k2", 1)).encode(acceptAll);
            case OTHER_VERSION -> "v2" + genuine.substring(2);
            case OVERSIZED -> genuine + "A".repeat(ConsentCookieCodec.MAX_LENGTH);
        };

        ConsentCookieResult result = server.decode(forged);

        assertThat(result).isInstanceOf(ConsentCookieResult.Rejected.class);
        assertThat(result.consent()).isEmpty();
        assertThat(server.decode(genuine)).isEqualTo(new ConsentCookieResult.Valid(rejectAll()));
    }

    @Test
    void aPayloadAnyoneCanWriteIsNoConsentWithoutTheKey() {
        String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("x|" + NOW.getEpochSecond() + "|GDPR|functionality,performance,advertising||2020-04-01")
                        .getBytes(StandardCharsets.UTF_8));

        assertThat(codec(SERVER_KEY).decode("v1.k1." + payload + "." + "A".repeat(43)))
                .isEqualTo(new ConsentCookieResult.Rejected(RejectionReason.BAD_SIGNATURE));
    }

    @ParameterizedTest
    @EnumSource(ForwardedHeader.class)
    void forwardingHeadersFromAnUntrustedPeerAreIgnored(ForwardedHeader header) throws Exception {
        ClientAddressResolver resolver = new ClientAddressResolver(List.of(Cidr.parse("10.0.0.0/8")), header);
        RequestHeaders spoofed = RequestHeaders.of(Map.of(
                "X-Forwarded-For", List.of("10.0.0.1, 193.99.144.80", "127.0.0.1"),
                "Forwarded", List.of("for=10.0.0.1, for=\"[::1]\"", "for=193.99.144.80")));

        assertThat(resolver.resolve("203.0.113.9", spoofed))
                .contains(new ClientAddress(InetAddress.getByName("203.0.113.9"), false));
    }

    /**
     * Texts that {@link InetAddress#getByName} would hand to the system resolver rather than parse:
     * a parser that passes them on makes every request with such a hop a DNS query.
     */
    @ParameterizedTest
    @ValueSource(strings = {".:", "...:", ".1:2", ".:.:", ".::1", "..::", ".0:0:0:0:0:0:0:1"})
    void textShapedLikeNoLiteralIsNeverLookedUp(String text) {
        assertThat(IpLiteral.parse(text)).isEmpty();
        ClientAddressResolver resolver = new ClientAddressResolver(List.of(Cidr.parse("10.0.0.0/8")));
        assertThat(resolver.resolve(text, RequestHeaders.none())).isEmpty();
    }

    @Test
    void aConfigurationWithEveryValueBadNamesEveryBadKeyAtOnce() {
        Properties props = PolicyFixture.minimal();
        PolicyLoaderPropertyTest.BAD.forEach((key, values) -> props.setProperty(key, values.get(0)));

        PolicyException e = catchThrowableOfType(PolicyException.class, () -> PolicyLoader.fromProperties(props, Map.of()));

        assertThat(e).isNotNull();
        for (String key : PolicyLoaderPropertyTest.BAD.keySet()) {
            assertThat(e.problems()).as(key).anySatisfy(problem -> assertThat(problem).contains(key));
        }
        assertThat(e.getMessage()).doesNotContain("c2hvcnQ=");
    }
}
