package io.privacykit.consent;

import static org.assertj.core.api.Assertions.assertThat;

import io.privacykit.jurisdiction.Regime;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** The signed consent cookie: round trip, key rotation, tampering, age, policy version and garbage. */
class ConsentCookieCodecTest {

    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final SigningKey K1 = key("k1", 1);
    static final SigningKey K2 = key("k2", 2);
    static final SigningKey K1_OTHER_SECRET = key("k1", 3);

    static SigningKey key(String id, int fill) {
        byte[] secret = new byte[32];
        Arrays.fill(secret, (byte) fill);
        return new SigningKey(id, secret);
    }

    static ConsentSettings settings(List<SigningKey> keys, Duration maxAge, String reconsentBefore) {
        return new ConsentSettings("privacykit_consent", keys, maxAge, reconsentBefore, true, "Lax", new byte[32]);
    }

    static ConsentCookieCodec codec(SigningKey... keys) {
        return new ConsentCookieCodec(settings(List.of(keys), Duration.ofDays(365), "2020-04-01"), CLOCK);
    }

    static ConsentState state(Instant givenAt, String policyVersion, Regime regime) {
        Map<String, Boolean> choices = new LinkedHashMap<>();
        choices.put("functionality", true);
        choices.put("performance", false);
        choices.put("advertising", true);
        return new ConsentState("AbC-123_xyzABC-123_xy", choices, givenAt, policyVersion, regime);
    }

    static final ConsentState REFERENCE = state(NOW.minus(Duration.ofDays(30)), "2020-04-01", Regime.GDPR);
    static final String REFERENCE_COOKIE = codec(K1).encode(REFERENCE);

    static ConsentCookieResult rejected(RejectionReason reason) {
        return new ConsentCookieResult.Rejected(reason);
    }

    /** What a genuine cookie of {@code state} decodes to when it is not in force for {@code reason}. */
    static ConsentCookieResult notInForce(ConsentState state, RejectionReason reason) {
        return reason == RejectionReason.EXPIRED || reason == RejectionReason.OUTDATED_POLICY
                ? new ConsentCookieResult.Lapsed(state, reason)
                : rejected(reason);
    }

    /** A cookie signed correctly with {@link #K1} around any payload text, to reach the checks after the signature. */
    static String signedAround(String payloadText) throws Exception {
        String signed = "v1.k1." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payloadText.getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(K1.secret(), "HmacSHA256"));
        return signed + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.US_ASCII)));
    }

    static Stream<ConsentState> states() {
        return Stream.of(
                REFERENCE,
                new ConsentState("x", Map.of(), NOW, "2026-01-01", Regime.DEFAULT),
                new ConsentState(ConsentState.newConsentId(), Map.of("advertising", false), NOW.minusSeconds(1),
                        "2022-04-01", Regime.CCPA),
                new ConsentState("a".repeat(64), Map.of("a-b-c", true), NOW, "Política 2.0 | β.1", Regime.CA_QC),
                state(NOW, "v1.10", Regime.US_STATE),
                state(NOW, "2026-01-01", Regime.UK_GDPR));
    }

    @ParameterizedTest
    @MethodSource("states")
    void roundTrip(ConsentState state) {
        String cookie = codec(K1).encode(state);

        assertThat(cookie).matches("v1\\.k1\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{43}");
        assertThat(codec(K1).decode(cookie)).isEqualTo(new ConsentCookieResult.Valid(state));
        assertThat(codec(K1).decode(cookie).consent()).contains(state);
    }

    @Test
    void theReferenceCookieIsCompact() {
        assertThat(REFERENCE_COOKIE.length()).isLessThan(200);
    }

    @Test
    void theLargestStateFitsInACookie() {
        Map<String, Boolean> choices = new LinkedHashMap<>();
        for (int i = 0; i < ConsentState.MAX_CHOICES; i++) {
            choices.put(("c" + i + "-".repeat(31)).substring(0, 32), i % 2 == 0);
        }
        ConsentState largest = new ConsentState("a".repeat(64), choices, NOW, "é".repeat(64), Regime.CA_PIPEDA);

        String cookie = codec(K1).encode(largest);

        assertThat(cookie.length()).isLessThanOrEqualTo(ConsentCookieCodec.MAX_LENGTH);
        assertThat(codec(K1).decode(cookie)).isEqualTo(new ConsentCookieResult.Valid(largest));
    }

    @Test
    void rotationTheFirstKeySignsEveryKeyVerifies() {
        ConsentCookieCodec rotated = codec(K2, K1);

        assertThat(rotated.decode(REFERENCE_COOKIE)).isEqualTo(new ConsentCookieResult.Valid(REFERENCE));
        String fresh = rotated.encode(REFERENCE);
        assertThat(fresh).startsWith("v1.k2.");
        assertThat(codec(K2).decode(fresh)).isEqualTo(new ConsentCookieResult.Valid(REFERENCE));
        assertThat(codec(K1).decode(fresh)).isEqualTo(rejected(RejectionReason.UNKNOWN_KEY));
        // Once the old key is retired, its cookies are no consent.
        assertThat(codec(K2).decode(REFERENCE_COOKIE)).isEqualTo(rejected(RejectionReason.UNKNOWN_KEY));
    }

    @Test
    void theSameKeyIdWithAnotherSecretIsABadSignature() {
        assertThat(codec(K1_OTHER_SECRET).decode(REFERENCE_COOKIE)).isEqualTo(rejected(RejectionReason.BAD_SIGNATURE));
    }

    @Test
    void tamperingWithEachSegment() {
        String[] parts = REFERENCE_COOKIE.split("\\.");
        String otherPayload = codec(K1).encode(state(NOW, "2020-04-01", Regime.CCPA)).split("\\.")[2];
        ConsentCookieCodec codec = codec(K1, K2);

        assertThat(codec.decode("v9." + parts[1] + "." + parts[2] + "." + parts[3]))
                .isEqualTo(rejected(RejectionReason.MALFORMED));
        // The format version is signed: a v1 cookie relabelled as the sequenced v2 does not verify.
        assertThat(codec.decode("v2." + parts[1] + "." + parts[2] + "." + parts[3]))
                .isEqualTo(rejected(RejectionReason.BAD_SIGNATURE));
        assertThat(codec.decode("v1.k2." + parts[2] + "." + parts[3])).isEqualTo(rejected(RejectionReason.BAD_SIGNATURE));
        assertThat(codec.decode("v1.k9." + parts[2] + "." + parts[3])).isEqualTo(rejected(RejectionReason.UNKNOWN_KEY));
        assertThat(codec.decode("v1.k1." + otherPayload + "." + parts[3])).isEqualTo(rejected(RejectionReason.BAD_SIGNATURE));
        String flippedPayload = flip(parts[2], parts[2].length() / 2);
        assertThat(codec.decode("v1.k1." + flippedPayload + "." + parts[3]))
                .isEqualTo(rejected(RejectionReason.BAD_SIGNATURE));
        assertThat(codec.decode("v1.k1." + parts[2] + "." + flip(parts[3], 0)))
                .isEqualTo(rejected(RejectionReason.BAD_SIGNATURE));
    }

    @Test
    void aReSpelledSignatureWithTheSameBytesIsRefused() {
        // The last of 43 base64 characters carries 4 bits and 2 unused ones: changing only the unused bits
        // decodes to the same MAC, and must still not verify (one canonical cookie per state).
        String sig = REFERENCE_COOKIE.substring(REFERENCE_COOKIE.lastIndexOf('.') + 1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int last = alphabet.indexOf(sig.charAt(42));
        char sameBytes = alphabet.charAt(last ^ 1);
        String respelled = REFERENCE_COOKIE.substring(0, REFERENCE_COOKIE.length() - 1) + sameBytes;
        assertThat(Base64.getUrlDecoder().decode(respelled.substring(respelled.lastIndexOf('.') + 1)))
                .isEqualTo(Base64.getUrlDecoder().decode(sig));

        assertThat(codec(K1).decode(respelled)).isEqualTo(rejected(RejectionReason.BAD_SIGNATURE));
    }

    @Test
    void everyTruncationAndEverySingleCharacterChangeIsRefused() {
        ConsentCookieCodec codec = codec(K1);
        for (int length = 1; length < REFERENCE_COOKIE.length(); length++) {
            assertThat(codec.decode(REFERENCE_COOKIE.substring(0, length)))
                    .as("truncated to %d", length).isInstanceOf(ConsentCookieResult.Rejected.class);
        }
        for (int i = 0; i < REFERENCE_COOKIE.length(); i++) {
            String changed = flip(REFERENCE_COOKIE, i);
            assertThat(codec.decode(changed)).as("changed at %d: %s", i, changed)
                    .isInstanceOf(ConsentCookieResult.Rejected.class);
        }
    }

    @ParameterizedTest(name = "given {0} ago under {1}, maxAge {2}: {3}")
    @CsvSource(textBlock = """
            # age                  | regime | configured maxAge | expected
            PT0S,                    GDPR,    P365D, VALID
            P364D,                   GDPR,    P365D, VALID
            P365D,                   GDPR,    P365D, VALID
            P365DT1S,                GDPR,    P365D, EXPIRED
            P180D,                   GDPR,    P180D, VALID
            P180DT1S,                GDPR,    P180D, EXPIRED
            P180DT1S,                UK_GDPR, P180D, EXPIRED
            P180DT1S,                US_STATE,P180D, EXPIRED
            # Civ. Code 1798.135(c)(4): a California opt-out is kept at least 12 months.
            P200D,                   CCPA,    P180D, VALID
            P365D,                   CCPA,    P180D, VALID
            P365DT1S,                CCPA,    P180D, EXPIRED
            P700D,                   CCPA,    P730D, VALID
            P731D,                   CCPA,    P730D, EXPIRED
            # Dated in the future: a few minutes of clock skew between instances are tolerated.
            -PT5M,                   GDPR,    P365D, VALID
            -PT5M1S,                 GDPR,    P365D, FUTURE_DATED
            -P3650D,                 CCPA,    P365D, FUTURE_DATED
            """)
    void age(Duration age, Regime regime, Duration maxAge, String expected) {
        ConsentCookieCodec codec = new ConsentCookieCodec(settings(List.of(K1), maxAge, null), CLOCK);
        ConsentState state = state(NOW.minus(age), "1", regime);

        ConsentCookieResult result = codec.decode(codec.encode(state));

        assertThat(result).isEqualTo(expected.equals("VALID")
                ? new ConsentCookieResult.Valid(state)
                : notInForce(state, RejectionReason.valueOf(expected)));
        assertThat(result.consent().isPresent()).isEqualTo(expected.equals("VALID"));
    }

    @Test
    void anOldCookieExpiresAsTheClockMoves() {
        ConsentCookieCodec today = codec(K1);
        ConsentState state = state(NOW, "2020-04-01", Regime.GDPR);
        String cookie = today.encode(state);
        ConsentCookieCodec nextYear = new ConsentCookieCodec(settings(List.of(K1), Duration.ofDays(365), "2020-04-01"),
                Clock.offset(CLOCK, Duration.ofDays(366)));

        assertThat(today.decode(cookie)).isInstanceOf(ConsentCookieResult.Valid.class);
        assertThat(nextYear.decode(cookie)).isEqualTo(notInForce(state, RejectionReason.EXPIRED));
    }

    /** A real clock whose time the test sets. */
    static final class SettableClock extends Clock {
        volatile Instant now = NOW;

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void aCookieSeenBeforeIsStillCheckedAgainstTheTimeOnEveryRead() {
        SettableClock clock = new SettableClock();
        ConsentCookieCodec codec = new ConsentCookieCodec(settings(List.of(K1), Duration.ofDays(365), null), clock);
        ConsentState state = state(NOW, "1", Regime.GDPR);
        String cookie = codec.encode(state);

        clock.now = NOW.minus(Duration.ofDays(1));
        assertThat(codec.decode(cookie)).isEqualTo(rejected(RejectionReason.FUTURE_DATED));
        clock.now = NOW;
        assertThat(codec.decode(cookie)).isEqualTo(new ConsentCookieResult.Valid(state));
        assertThat(codec.decode(cookie)).isEqualTo(new ConsentCookieResult.Valid(state));
        clock.now = NOW.plus(Duration.ofDays(366));
        assertThat(codec.decode(cookie)).isEqualTo(notInForce(state, RejectionReason.EXPIRED));
    }

    /**
     * A caller that remembers a valid state checks the clock against its span instead of the state:
     * inside the span inForce agrees, and the span ends no later than inForce's own boundaries, to
     * the millisecond, whatever the clock's sub-millisecond part.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Regime.class)
    void theValidSpanOfARememberedStateIsWhereInForceFindsItValid(Regime regime) {
        SettableClock clock = new SettableClock();
        ConsentCookieCodec codec = new ConsentCookieCodec(settings(List.of(K1), Duration.ofDays(183), null), clock);
        ConsentState state = state(NOW, "1", regime);
        ConsentCookieCodec.ValidSpan span = codec.validSpan(state);
        Instant from = Instant.ofEpochMilli(span.fromEpochMilli());
        Instant lastMilli = Instant.ofEpochMilli(span.untilEpochMilli() - 1);

        assertThat(from).isEqualTo(NOW.minus(Duration.ofMinutes(5)));
        assertThat(Instant.ofEpochMilli(span.untilEpochMilli())).isEqualTo(NOW.plus(codec.maxAgeFor(regime)));
        for (Instant at : List.of(from, from.plusNanos(999_999), NOW, lastMilli, lastMilli.plusNanos(999_999))) {
            clock.now = at;
            assertThat(span.contains(clock.millis())).as("%s", at).isTrue();
            assertThat(codec.inForce(state)).as("%s", at).isEqualTo(new ConsentCookieResult.Valid(state));
        }
        clock.now = from.minusNanos(1);
        assertThat(span.contains(clock.millis())).isFalse();
        assertThat(codec.inForce(state)).isEqualTo(rejected(RejectionReason.FUTURE_DATED));
        clock.now = NOW.plus(codec.maxAgeFor(regime)).plusNanos(1);
        assertThat(span.contains(clock.millis())).isFalse();
        assertThat(codec.inForce(state)).isEqualTo(notInForce(state, RejectionReason.EXPIRED));
    }

    @Test
    void aStateUnderAPolicyVersionThatRequiresAskingAgainHasNoValidSpan() {
        ConsentCookieCodec codec = new ConsentCookieCodec(settings(List.of(K1), Duration.ofDays(365), "2022-04-01"), CLOCK);

        assertThat(codec.validSpan(state(NOW, "2022-03-31", Regime.GDPR))).isEqualTo(ConsentCookieCodec.ValidSpan.EMPTY);
        assertThat(ConsentCookieCodec.ValidSpan.EMPTY.contains(NOW.toEpochMilli())).isFalse();
        assertThat(codec.validSpan(state(NOW, "2022-04-01", Regime.GDPR)).contains(NOW.toEpochMilli())).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Regime.class)
    void maxAgeForEveryRegime(Regime regime) {
        ConsentCookieCodec sixMonths = new ConsentCookieCodec(settings(List.of(K1), Duration.ofDays(183), null), CLOCK);
        ConsentCookieCodec twoYears = new ConsentCookieCodec(settings(List.of(K1), Duration.ofDays(730), null), CLOCK);

        assertThat(sixMonths.maxAgeFor(regime))
                .isEqualTo(regime == Regime.CCPA ? Duration.ofDays(365) : Duration.ofDays(183));
        assertThat(twoYears.maxAgeFor(regime)).isEqualTo(Duration.ofDays(730));
    }

    @ParameterizedTest(name = "given under {0}, re-consent before {1}: {2}")
    @CsvSource(nullValues = "NULL", textBlock = """
            2020-04-01, 2022-04-01, OUTDATED_POLICY
            2022-03-31, 2022-04-01, OUTDATED_POLICY
            2022-04-01, 2022-04-01, VALID
            2023-01-15, 2022-04-01, VALID
            1.9,        1.10,       OUTDATED_POLICY
            1.10,       1.10,       VALID
            1.10,       1.9,        VALID
            v2,         v10,        OUTDATED_POLICY
            2020-04-01, NULL,       VALID
            """)
    void policyVersion(String given, String reconsentBefore, String expected) {
        ConsentCookieCodec codec = new ConsentCookieCodec(settings(List.of(K1), Duration.ofDays(365), reconsentBefore), CLOCK);
        ConsentState state = state(NOW, given, Regime.GDPR);

        assertThat(codec.decode(codec.encode(state))).isEqualTo(expected.equals("VALID")
                ? new ConsentCookieResult.Valid(state)
                : notInForce(state, RejectionReason.valueOf(expected)));
    }

    @ParameterizedTest
    @NullAndEmptySource
    void noCookieIsAbsent(String value) {
        assertThat(codec(K1).decode(value)).isEqualTo(new ConsentCookieResult.Absent());
        assertThat(codec(K1).decode(value).consent()).isEmpty();
    }

    @Test
    void oversizedIsRefusedBeforeAnythingElse() {
        String padded = REFERENCE_COOKIE + "A".repeat(ConsentCookieCodec.MAX_LENGTH);

        assertThat(codec(K1).decode(padded)).isEqualTo(rejected(RejectionReason.OVERSIZED));
        assertThat(codec(K1).decode("x".repeat(4097))).isEqualTo(rejected(RejectionReason.OVERSIZED));
        assertThat(codec(K1).decode("x".repeat(4096))).isEqualTo(rejected(RejectionReason.MALFORMED));
        assertThat(codec(K1).decode(".".repeat(10_000))).isEqualTo(rejected(RejectionReason.OVERSIZED));
    }

    @Test
    void aQuotedCookieValueIsRead() {
        assertThat(codec(K1).decode('"' + REFERENCE_COOKIE + '"')).isEqualTo(new ConsentCookieResult.Valid(REFERENCE));
    }

    static Stream<Arguments> garbage() {
        String c = REFERENCE_COOKIE;
        String[] p = c.split("\\.");
        return Stream.of(
                Arguments.of(" ", RejectionReason.MALFORMED),
                Arguments.of("v1", RejectionReason.MALFORMED),
                Arguments.of("v1.", RejectionReason.MALFORMED),
                Arguments.of("v1...", RejectionReason.MALFORMED),
                Arguments.of("v1.k1..", RejectionReason.MALFORMED),
                Arguments.of("v1.k1.." + p[3], RejectionReason.MALFORMED),
                Arguments.of("v1..." + p[3], RejectionReason.MALFORMED),
                Arguments.of("v1.." + p[2] + "." + p[3], RejectionReason.MALFORMED),
                Arguments.of("v1.k1." + p[2] + ".", RejectionReason.MALFORMED),
                Arguments.of(c + ".", RejectionReason.MALFORMED),
                Arguments.of(c + "." + p[3], RejectionReason.MALFORMED),
                Arguments.of("." + c, RejectionReason.MALFORMED),
                Arguments.of("V1" + c.substring(2), RejectionReason.MALFORMED),
                Arguments.of(c.replace('.', '|'), RejectionReason.MALFORMED),
                Arguments.of(c + "=", RejectionReason.MALFORMED),
                Arguments.of(c + "A", RejectionReason.MALFORMED),
                Arguments.of(c.substring(0, c.length() - 1), RejectionReason.MALFORMED),
                Arguments.of("v1.k1." + p[2] + "==." + p[3], RejectionReason.MALFORMED),
                Arguments.of("v1.k1." + p[2].replace('A', '+') + "/." + p[3], RejectionReason.MALFORMED),
                Arguments.of("v1.k1." + p[2] + "." + "é".repeat(43), RejectionReason.MALFORMED),
                Arguments.of("v1.ключ." + p[2] + "." + p[3], RejectionReason.MALFORMED),
                Arguments.of("v1.k1." + p[2] + "\u0000." + p[3], RejectionReason.MALFORMED),
                Arguments.of("v1.😀." + p[2] + "." + p[3], RejectionReason.MALFORMED),
                Arguments.of("v1." + "k".repeat(17) + "." + p[2] + "." + p[3], RejectionReason.MALFORMED),
                Arguments.of("v1.k1." + "A".repeat(4000) + "." + p[3], RejectionReason.BAD_SIGNATURE),
                Arguments.of("v1.k1." + p[3] + "." + p[3], RejectionReason.BAD_SIGNATURE),
                Arguments.of("v1.k1." + p[2] + "." + "A".repeat(43), RejectionReason.BAD_SIGNATURE),
                Arguments.of("v1.k1.e30." + p[3], RejectionReason.BAD_SIGNATURE),
                Arguments.of("v1.K1." + p[2] + "." + p[3], RejectionReason.UNKNOWN_KEY),
                Arguments.of("v1.k1-old." + p[2] + "." + p[3], RejectionReason.UNKNOWN_KEY),
                Arguments.of("\"", RejectionReason.MALFORMED),
                Arguments.of("\"\"", RejectionReason.MALFORMED),
                Arguments.of("\"" + c, RejectionReason.MALFORMED),
                Arguments.of("{\"consent\":true}", RejectionReason.MALFORMED),
                Arguments.of("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl", RejectionReason.MALFORMED));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("garbage")
    void garbageIsRefusedWithoutThrowing(String value, RejectionReason reason) {
        assertThat(codec(K1).decode(value)).isEqualTo(rejected(reason));
    }

    /** Payloads only a key holder could sign (a bug or a leaked key): still refused, never thrown. */
    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
            "",
            "id|1780000000|GDPR|a|b",
            "id|1780000000|GDPR|a|b|",
            "|1780000000|GDPR|a|b|1",
            "id with space|1780000000|GDPR|a|b|1",
            "id|-1780000000|GDPR|a|b|1",
            "id||GDPR|a|b|1",
            "id|99999999999999999999|GDPR|a|b|1",
            "id|1780000000|gdpr|a|b|1",
            "id|1780000000|EU|a|b|1",
            "id|1780000000||a|b|1",
            "id|1780000000|GDPR|a,a|b|1",
            "id|1780000000|GDPR|a|a|1",
            "id|1780000000|GDPR|a,|b|1",
            "id|1780000000|GDPR|,a|b|1",
            "id|1780000000|GDPR|Advertising|b|1",
            "id|1780000000|GDPR|a|b|   ",
            "id|1780000000|GDPR|a|b|\u0007",
    })
    void signedGarbageIsMalformed(String payload) throws Exception {
        assertThat(codec(K1).decode(signedAround(payload))).isEqualTo(rejected(RejectionReason.MALFORMED));
    }

    @Test
    void aHandSignedPayloadInTheDocumentedFormatIsRead() throws Exception {
        ConsentCookieResult result = codec(K1).decode(signedAround(
                "id_1|" + NOW.getEpochSecond() + "|CCPA|functionality,performance|advertising|2020-04-01|b"));

        assertThat(result).isEqualTo(new ConsentCookieResult.Valid(new ConsentState("id_1",
                Map.of("functionality", true, "performance", true, "advertising", false), NOW, "2020-04-01|b",
                Regime.CCPA)));
    }

    @Test
    void oneCodecServesManyThreads() throws Exception {
        ConsentCookieCodec codec = codec(K1, K2);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    int valid = 0;
                    for (int i = 0; i < 500; i++) {
                        ConsentState state = state(NOW.minusSeconds(thread * 1000L + i), "2020-04-01", Regime.GDPR);
                        if (codec.decode(codec.encode(state)).equals(new ConsentCookieResult.Valid(state))) {
                            valid++;
                        }
                    }
                    return valid;
                }));
            }
            for (Future<Integer> result : results) {
                assertThat(result.get()).isEqualTo(500);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static String flip(String s, int at) {
        char c = s.charAt(at);
        char other = c == 'A' ? 'B' : c == '.' ? '_' : 'A';
        return s.substring(0, at) + other + s.substring(at + 1);
    }
}
