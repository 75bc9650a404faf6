package io.privacykit.policy;

import static io.privacykit.policy.PolicyFixture.base64;
import static io.privacykit.policy.PolicyFixture.load;
import static io.privacykit.policy.PolicyFixture.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.privacykit.consent.LedgerKeys;
import io.privacykit.consent.LedgerSettings;
import io.privacykit.consent.LedgerSettings.VerifyOnStart;
import org.junit.jupiter.api.Test;

/** {@code privacy.ledger.*}: the ledger's own keys, derived ones by default, and the check on opening. */
class PolicyLedgerTest {

    private static final String LEDGER_SECRET = base64("ledger-secret-of-exactly-32-byt!");

    @Test
    void withoutLedgerKeysTheLedgerIsSealedWithKeysDerivedFromTheConsentKeys() {
        LedgerSettings ledger = load(PolicyFixture.minimal()).store().ledger();

        assertThat(ledger.keys().isKeyed()).isTrue();
        assertThat(ledger.keys().ids()).singleElement().asString().startsWith("d-");
        assertThat(ledger.verifyOnStart()).isEqualTo(VerifyOnStart.TAIL);
        assertThat(ledger.verifyTail()).isEqualTo(LedgerSettings.DEFAULT_VERIFY_TAIL);
    }

    @Test
    void ownLedgerKeysSealAndTheDerivedOnesStillVerify() {
        LedgerSettings ledger = load(with("privacy.ledger.keys", "l2:" + LEDGER_SECRET + ", l1:" + LEDGER_SECRET,
                "privacy.ledger.verify-on-start", "full", "privacy.ledger.verify-tail", "500")).store().ledger();

        assertThat(ledger.keys().ids()).hasSize(3).startsWith("l2", "l1");
        assertThat(ledger.keys().ids().get(2)).startsWith("d-");
        assertThat(ledger.keys()).isNotEqualTo(LedgerKeys.NONE);
        assertThat(ledger.verifyOnStart()).isEqualTo(VerifyOnStart.FULL);
        assertThat(ledger.verifyTail()).isEqualTo(500);
    }

    @Test
    void badLedgerSettingsAreNamedTogetherWithoutTheSecret() {
        assertThatThrownBy(() -> load(with("privacy.ledger.keys", "l1:" + base64("short"),
                "privacy.ledger.verify-on-start", "sometimes", "privacy.ledger.verify-tail", "0")))
                .isInstanceOfSatisfying(PolicyException.class, e -> {
                    assertThat(e.problems()).hasSize(3);
                    assertThat(String.join("\n", e.problems()))
                            .contains("privacy.ledger.keys", "privacy.ledger.verify-on-start",
                                    "privacy.ledger.verify-tail")
                            .doesNotContain(base64("short"));
                });
    }
}
