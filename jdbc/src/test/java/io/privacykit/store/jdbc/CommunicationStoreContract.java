package io.privacykit.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.privacykit.collection.SubjectId;
import io.privacykit.communication.Channel;
import io.privacykit.communication.CommunicationPreferences;
import io.privacykit.communication.CommunicationStore;
import io.privacykit.communication.CommunicationStoreProvider;
import io.privacykit.communication.MessageKind;
import io.privacykit.communication.PreferenceChange;
import io.privacykit.communication.PreferenceStatus;
import io.privacykit.internal.Providers;
import io.privacykit.jurisdiction.Regime;
import io.privacykit.store.StoreSettings;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every database behind {@link JdbcCommunicationStore} must do. */
abstract class CommunicationStoreContract {

    private static final SubjectId ANA = new SubjectId("0123456789abcdef0123456789abcdef");
    private static final SubjectId BEN = new SubjectId("fedcba9876543210fedcba9876543210");
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    private JdbcPrivacyStore privacyStore;
    private CommunicationStore store;
    private CommunicationPreferences preferences;

    protected abstract StoreSettings freshDatabase() throws Exception;

    @BeforeEach
    void open() throws Exception {
        privacyStore = JdbcPrivacyStore.open(freshDatabase());
        store = Providers.first(CommunicationStoreProvider.class).orElseThrow().beside(privacyStore).orElseThrow();
        preferences = CommunicationPreferences.builder(store).unsubscribeKey(new byte[32])
                .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
    }

    @AfterEach
    void close() {
        privacyStore.close();
    }

    @Test
    void changesAreKeptInOrderWithEverythingThatWasSaid() {
        preferences.optIn(ANA, Channel.EMAIL, Regime.GDPR, "newsletter-form");
        preferences.optOut(ANA, Channel.EMAIL, Regime.GDPR, "settings");
        preferences.optIn(BEN, Channel.SMS, Regime.CCPA, "signup-form");

        assertThat(store.history(ANA)).containsExactly(
                new PreferenceChange(ANA, Channel.EMAIL, PreferenceStatus.OPTED_IN, Regime.GDPR, "newsletter-form", NOW),
                new PreferenceChange(ANA, Channel.EMAIL, PreferenceStatus.OPTED_OUT, Regime.GDPR, "settings", NOW));
        assertThat(store.latest(ANA, Channel.EMAIL)).map(PreferenceChange::status).contains(PreferenceStatus.OPTED_OUT);
        assertThat(store.latest(ANA, Channel.SMS)).isEmpty();
        assertThat(preferences.canSend(BEN, MessageKind.MARKETING, Channel.SMS).allowed()).isTrue();
    }

    @Test
    void theLatestRegimeWins() {
        store.assignRegime(ANA, Regime.GDPR);
        store.assignRegime(ANA, Regime.CCPA);

        assertThat(store.regimeOf(ANA)).contains(Regime.CCPA);
        assertThat(store.regimeOf(BEN)).isEmpty();
        assertThat(preferences.canSend(ANA, MessageKind.MARKETING, Channel.EMAIL).allowed()).isTrue();
    }

    @Test
    void anUnsubscribeLinkIsRecordedOnce() {
        preferences.optIn(ANA, Channel.EMAIL, Regime.LGPD, "newsletter-form");
        String token = preferences.unsubscribeToken(ANA, Channel.EMAIL);

        preferences.unsubscribe(token);
        preferences.unsubscribe(token);

        assertThat(store.history(ANA)).extracting(PreferenceChange::source)
                .containsExactly("newsletter-form", CommunicationPreferences.UNSUBSCRIBE_LINK);
    }

    @Test
    void erasureLeavesOnlyTheStandingOptOutsOfThatPerson() {
        preferences.optIn(ANA, Channel.EMAIL, Regime.GDPR, "newsletter-form");
        preferences.optOut(ANA, Channel.EMAIL, Regime.GDPR, "settings");
        preferences.optIn(ANA, Channel.SMS, Regime.GDPR, "settings");
        preferences.optIn(BEN, Channel.EMAIL, Regime.GDPR, "newsletter-form");

        assertThat(store.erase(ANA)).isEqualTo(3);

        assertThat(store.history(ANA)).singleElement().satisfies(kept -> {
            assertThat(kept.channel()).isEqualTo(Channel.EMAIL);
            assertThat(kept.status()).isEqualTo(PreferenceStatus.OPTED_OUT);
        });
        assertThat(store.regimeOf(ANA)).isEmpty();
        assertThat(store.history(BEN)).hasSize(1);
        assertThat(store.erase(ANA)).isZero();
    }
}
