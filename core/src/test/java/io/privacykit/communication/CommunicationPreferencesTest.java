package io.privacykit.communication;

import static org.assertj.core.api.Assertions.assertThat;

import io.privacykit.collection.SubjectId;
import io.privacykit.jurisdiction.ConsentModel;
import io.privacykit.jurisdiction.Regime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CommunicationPreferencesTest {

    private static final byte[] KEY = new byte[32];
    private static final SubjectId ANA = new SubjectId("0123456789abcdef0123456789abcdef");
    private static final SubjectId BEN = new SubjectId("fedcba9876543210fedcba9876543210");

    private final InMemoryCommunicationStore store = new InMemoryCommunicationStore();
    private final CommunicationPreferences preferences = CommunicationPreferences.builder(store)
            .unsubscribeKey(KEY)
            .clock(Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC))
            .build();

    @ParameterizedTest(name = "{0} {1}: {2}")
    @CsvSource({
        "GDPR,      EMAIL, OPT_IN",
        "GDPR,      SMS,   OPT_IN",
        "UK_GDPR,   EMAIL, OPT_IN",
        "CH_FADP,   EMAIL, OPT_IN",
        "LGPD,      EMAIL, OPT_IN",
        "CA_PIPEDA, EMAIL, OPT_IN",
        "CA_QC,     SMS,   OPT_IN",
        "AR_PDPA,   EMAIL, OPT_OUT",
        "AR_PDPA,   SMS,   OPT_OUT",
        "CCPA,      EMAIL, OPT_OUT",
        "CCPA,      SMS,   OPT_IN",
        "US_STATE,  EMAIL, OPT_OUT",
        "US_STATE,  SMS,   OPT_IN",
        "DEFAULT,   EMAIL, OPT_IN",
    })
    void marketingNeedsAnOptInOrAllowsAnOptOutByRegimeAndChannel(Regime regime, Channel channel, ConsentModel model) {
        assertThat(MarketingRules.modelFor(regime, channel)).isEqualTo(model);
    }

    @ParameterizedTest(name = "{0}, nothing said: e-mail marketing allowed = {1}")
    @CsvSource({"GDPR, false", "LGPD, false", "UK_GDPR, false", "CCPA, true", "AR_PDPA, true", "DEFAULT, false"})
    void withNothingSaidTheRegimeDecides(Regime regime, boolean allowed) {
        preferences.assignRegime(ANA, regime);

        assertThat(preferences.canSend(ANA, MessageKind.MARKETING, Channel.EMAIL).allowed()).isEqualTo(allowed);
    }

    @Test
    void serviceMessagesAreAlwaysAllowedEvenAfterAnOptOut() {
        preferences.optOut(ANA, Channel.EMAIL, Regime.GDPR, "settings");

        assertThat(preferences.canSend(ANA, MessageKind.SERVICE, Channel.EMAIL).allowed()).isTrue();
        assertThat(preferences.canSend(BEN, MessageKind.SERVICE, Channel.SMS).allowed()).isTrue();
    }

    @Test
    void anUnknownPersonGetsNoMarketing() {
        assertThat(preferences.canSend(BEN, MessageKind.MARKETING, Channel.EMAIL))
                .isInstanceOf(SendDecision.Refused.class);
    }

    @Test
    void theLatestChoiceOnAChannelWinsAndChannelsAreSeparate() {
        preferences.optIn(ANA, Channel.EMAIL, Regime.GDPR, "newsletter-form");
        assertThat(preferences.canSend(ANA, MessageKind.MARKETING, Channel.EMAIL).allowed()).isTrue();
        assertThat(preferences.canSend(ANA, MessageKind.MARKETING, Channel.SMS).allowed()).isFalse();

        preferences.optOut(ANA, Channel.EMAIL, Regime.GDPR, "settings");
        assertThat(preferences.canSend(ANA, MessageKind.MARKETING, Channel.EMAIL).reason())
                .startsWith("opted out via settings");
        assertThat(preferences.history(ANA)).extracting(PreferenceChange::status)
                .containsExactly(PreferenceStatus.OPTED_IN, PreferenceStatus.OPTED_OUT);
    }

    @Test
    void anOptOutBeatsARegimeThatAllowsMarketing() {
        preferences.assignRegime(ANA, Regime.CCPA);
        preferences.optOut(ANA, Channel.EMAIL, Regime.CCPA, "settings");

        assertThat(preferences.canSend(ANA, MessageKind.MARKETING, Channel.EMAIL).allowed()).isFalse();
    }

    @Test
    void anUnsubscribeLinkOptsItsPersonOutOfItsChannelOnce() {
        preferences.optIn(ANA, Channel.EMAIL, Regime.LGPD, "newsletter-form");
        String token = preferences.unsubscribeToken(ANA, Channel.EMAIL);

        assertThat(preferences.unsubscribe(token)).contains(new Unsubscribe(ANA, Channel.EMAIL));
        assertThat(preferences.unsubscribe(token)).isPresent();

        assertThat(preferences.canSend(ANA, MessageKind.MARKETING, Channel.EMAIL).allowed()).isFalse();
        assertThat(preferences.history(ANA)).extracting(PreferenceChange::source)
                .containsExactly("newsletter-form", CommunicationPreferences.UNSUBSCRIBE_LINK);
        assertThat(preferences.history(ANA).get(1).regime()).isEqualTo(Regime.LGPD);
    }

    @Test
    void aForgedOrAlteredTokenChangesNothing() {
        preferences.assignRegime(ANA, Regime.CCPA);
        String genuine = preferences.unsubscribeToken(ANA, Channel.EMAIL);
        String payload = genuine.substring(0, genuine.indexOf('.'));
        byte[] other = Base64.getUrlDecoder().decode(payload);
        other[0] ^= 1;
        String otherPerson = Base64.getUrlEncoder().withoutPadding().encodeToString(other)
                + genuine.substring(genuine.indexOf('.'));
        String underAnotherKey = CommunicationPreferences.builder(store).unsubscribeKey(filled(7)).build()
                .unsubscribeToken(ANA, Channel.EMAIL);

        for (String forged : new String[] {otherPerson, underAnotherKey, genuine + "x", "", ".", "a.b", genuine.replace('.', ','),
            "A".repeat(500)}) {
            assertThat(preferences.unsubscribe(forged)).as(forged).isEmpty();
        }
        assertThat(preferences.history(ANA)).isEmpty();
        assertThat(preferences.canSend(ANA, MessageKind.MARKETING, Channel.EMAIL).allowed()).isTrue();
    }

    @Test
    void erasureKeepsOnlyStandingOptOuts() {
        preferences.optIn(ANA, Channel.EMAIL, Regime.GDPR, "newsletter-form");
        preferences.optOut(ANA, Channel.EMAIL, Regime.GDPR, "settings");
        preferences.optIn(ANA, Channel.SMS, Regime.GDPR, "settings");

        assertThat(preferences.erase(ANA)).isEqualTo(3);

        assertThat(preferences.history(ANA)).singleElement().satisfies(kept -> {
            assertThat(kept.channel()).isEqualTo(Channel.EMAIL);
            assertThat(kept.status()).isEqualTo(PreferenceStatus.OPTED_OUT);
        });
        assertThat(preferences.canSend(ANA, MessageKind.MARKETING, Channel.EMAIL).allowed()).isFalse();
        assertThat(preferences.canSend(ANA, MessageKind.MARKETING, Channel.SMS).allowed()).isFalse();
    }

    private static byte[] filled(int value) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) value);
        return key;
    }
}
