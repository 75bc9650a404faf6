package io.privacykit.consent;

import static org.assertj.core.api.Assertions.assertThat;

import io.privacykit.HostileInputCount;
import io.privacykit.HostileText;
import io.privacykit.jurisdiction.Regime;
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
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * The signed consent cookie under hostile input: whatever a browser sends, {@code decode} never
 * throws, and only a value this server signed, unchanged and under a configured key, is consent.
 */
@AddLifecycleHook(HostileInputCount.class)
class ConsentCookieCodecPropertyTest {

    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    static final String BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    static final Regime[] REGIMES = Regime.values();

    private final ConsentCookieCodec codec = codec(key("k1", 1), key("k2", 2));
    /** The codec of a forger who knows the key id but not the secret. */
    private final ConsentCookieCodec forger = codec(key("k1", 3));
    /** A codec whose only key is one the server does not know. */
    private final ConsentCookieCodec stranger = codec(key("k9", 9));

    /** What was done to a genuine cookie before it was sent back. */
    enum Attack { NONE, CHARACTER_CHANGED, TRUNCATED, EXTENDED, RE_SIGNED, UNKNOWN_KEY, FORGED_MAC, RANDOM }

    /** A cookie value as a browser sends it, and the genuine state it started from. */
    record Sent(Attack attack, ConsentState genuine, String value) {
    }

    static SigningKey key(String id, int fill) {
        byte[] secret = new byte[32];
        Arrays.fill(secret, (byte) fill);
        return new SigningKey(id, secret);
    }

    static ConsentCookieCodec codec(SigningKey... keys) {
        return new ConsentCookieCodec(new ConsentSettings("privacy_consent", List.of(keys), Duration.ofDays(365),
                null, true, "Lax", new byte[32]), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Property(tries = 100_000, generation = GenerationMode.RANDOMIZED)
    void onlyAnUnchangedCookieSignedHereIsConsent(@ForAll("cookies") Sent sent) {
        ConsentCookieResult result = codec.decode(sent.value());

        if (sent.attack() == Attack.NONE) {
            assertThat(result).as("round trip").isEqualTo(new ConsentCookieResult.Valid(sent.genuine()));
        } else {
            assertThat(result).as(sent.attack().name())
                    .isInstanceOfAny(ConsentCookieResult.Rejected.class, ConsentCookieResult.Absent.class);
            assertThat(result.consent()).isEmpty();
        }
        if (sent.attack() == Attack.RE_SIGNED) {
            assertThat(result).isEqualTo(new ConsentCookieResult.Rejected(RejectionReason.BAD_SIGNATURE));
        }
        if (sent.attack() == Attack.UNKNOWN_KEY) {
            assertThat(result).isEqualTo(new ConsentCookieResult.Rejected(RejectionReason.UNKNOWN_KEY));
        }
    }

    @Provide
    Arbitrary<Sent> cookies() {
        return Arbitraries.randomValue(random -> {
            ConsentState state = state(random);
            Attack attack = HostileText.oneOf(random, Attack.values());
            String genuine = codec.encode(state);
            String value = switch (attack) {
                case NONE -> random.nextInt(4) == 0 ? '"' + genuine + '"' : genuine;
                case CHARACTER_CHANGED -> changeOne(random, genuine);
                case TRUNCATED -> genuine.substring(0, 1 + random.nextInt(genuine.length() - 1));
                case EXTENDED -> genuine + HostileText.oneOf(random, "A", ".", "=", "\"", "..", genuine)
                        + HostileText.text(random, 8);
                case RE_SIGNED -> forger.encode(state);
                case UNKNOWN_KEY -> stranger.encode(state);
                case FORGED_MAC -> forgedMac(random);
                case RANDOM -> random.nextInt(50) == 0 ? HostileText.text(random, 5000) : HostileText.text(random, 300);
            };
            return new Sent(attack, state, value);
        });
    }

    /** {@code genuine} with exactly one character replaced by a different one. */
    static String changeOne(Random random, String genuine) {
        int at = random.nextInt(genuine.length());
        char replacement = random.nextBoolean() ? BASE64URL.charAt(random.nextInt(BASE64URL.length()))
                : HostileText.character(random);
        if (replacement == genuine.charAt(at)) {
            replacement = replacement == 'A' ? 'B' : 'A';
        }
        return genuine.substring(0, at) + replacement + genuine.substring(at + 1);
    }

    /** A well-formed accept-all payload, as anyone can write one, with a MAC of the right shape. */
    static String forgedMac(Random random) {
        String payload = HostileText.over(random, BASE64URL, 1, 22) + '|' + NOW.minusSeconds(random.nextInt(1000))
                .getEpochSecond() + '|' + HostileText.oneOf(random, REGIMES) + "|functionality,performance,advertising||v1";
        return HostileText.oneOf(random, "v1.k1.", "v1.k2.") + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + '.' + HostileText.over(random, BASE64URL, 43, 43);
    }

    /** A random valid state, in force now: at most 364 days old under a 365-day maximum age. */
    static ConsentState state(Random random) {
        Map<String, Boolean> choices = new LinkedHashMap<>();
        int count = random.nextInt(ConsentState.MAX_CHOICES + 1);
        for (int i = 0; i < count; i++) {
            choices.put(HostileText.over(random, "abcdefghijklmnopqrstuvwxyz", 1, 1)
                    + HostileText.over(random, "abcdefghijklmnopqrstuvwxyz0123456789-", 0, 31), random.nextBoolean());
        }
        StringBuilder version = new StringBuilder();
        int length = 1 + random.nextInt(ConsentState.MAX_POLICY_VERSION_LENGTH);
        for (int i = 0; i < length; i++) {
            char c;
            do {
                c = random.nextInt(3) == 0 ? (char) (0xa0 + random.nextInt(0xd000)) : (char) (0x21 + random.nextInt(0x5e));
            } while (Character.isISOControl(c) || Character.isSurrogate(c) || Character.isWhitespace(c));
            version.append(c);
        }
        return new ConsentState(HostileText.over(random, BASE64URL, 1, 64), choices,
                NOW.minusSeconds(random.nextLong(Duration.ofDays(364).toSeconds())), version.toString(),
                HostileText.oneOf(random, REGIMES));
    }
}
