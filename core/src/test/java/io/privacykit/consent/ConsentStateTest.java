package io.privacykit.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.privacykit.jurisdiction.Regime;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The consent state: what it accepts, what it refuses, and its helpers. */
class ConsentStateTest {

    static final Instant T = Instant.parse("2026-03-01T10:15:30Z");

    static ConsentState withId(String id) {
        return new ConsentState(id, Map.of(), T, "1", Regime.GDPR);
    }

    static ConsentState withChoices(Map<String, Boolean> choices) {
        return new ConsentState("id", choices, T, "1", Regime.GDPR);
    }

    @Test
    void grantedRefusedAndNoChoice() {
        ConsentState state = withChoices(Map.of("performance", true, "advertising", false));

        assertThat(state.granted("performance")).isTrue();
        assertThat(state.refused("performance")).isFalse();
        assertThat(state.granted("advertising")).isFalse();
        assertThat(state.refused("advertising")).isTrue();
        assertThat(state.granted("functionality")).isFalse();
        assertThat(state.refused("functionality")).isFalse();
        assertThat(state.choices()).doesNotContainKey("functionality");
    }

    @Test
    void choicesAreACopyInTheGivenOrder() {
        Map<String, Boolean> choices = new LinkedHashMap<>();
        choices.put("performance", true);
        choices.put("advertising", false);
        choices.put("functionality", true);
        ConsentState state = withChoices(choices);
        choices.put("social", true);

        assertThat(state.choices()).containsExactly(
                Map.entry("performance", true), Map.entry("advertising", false), Map.entry("functionality", true));
        assertThatThrownBy(() -> state.choices().put("x", true)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void theTimeIsKeptToTheSecond() {
        ConsentState state = new ConsentState("id", Map.of(), T.plusNanos(999_999_999), "1", Regime.GDPR);

        assertThat(state.givenAt()).isEqualTo(T);
    }

    @Test
    void withChoicesKeepsTheConsentId() {
        ConsentState first = withChoices(Map.of("advertising", true));

        ConsentState changed = first.withChoices(Map.of("advertising", false), T.plusSeconds(60), "2", Regime.CCPA);

        assertThat(changed).isEqualTo(new ConsentState("id", Map.of("advertising", false), T.plusSeconds(60), "2",
                Regime.CCPA));
    }

    @Test
    void newConsentIdsAre128RandomBitsInBase64url() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String id = ConsentState.newConsentId();
            assertThat(id).matches("[A-Za-z0-9_-]{22}");
            assertThat(withId(id).consentId()).isEqualTo(id);
            ids.add(id);
        }
        assertThat(ids).hasSize(1000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "dot.ted", "slash/", "plus+", "eq=", "é", "pipe|"})
    void aConsentIdMustBeUrlSafe(String id) {
        assertThatThrownBy(() -> withId(id)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aConsentIdHasAtMost64Characters() {
        assertThat(withId("a".repeat(64)).consentId()).hasSize(64);
        assertThatThrownBy(() -> withId("a".repeat(65))).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Advertising", "1st", "ads,more", "ads|x", "a_b", "abcdefghijklmnopqrstuvwxyzabcdefg"})
    void categoryNamesFollowTheCategoryRule(String name) {
        assertThatThrownBy(() -> withChoices(Map.of(name, true))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aChoiceIsTrueOrFalseNeverNull() {
        Map<String, Boolean> choices = new HashMap<>();
        choices.put("advertising", null);
        assertThatThrownBy(() -> withChoices(choices)).isInstanceOf(NullPointerException.class);
        Map<String, Boolean> nullName = new HashMap<>();
        nullName.put(null, true);
        assertThatThrownBy(() -> withChoices(nullName)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void atMost32Choices() {
        Map<String, Boolean> choices = new HashMap<>();
        for (int i = 0; i < 33; i++) {
            choices.put("c" + i, true);
        }
        assertThatThrownBy(() -> withChoices(choices)).isInstanceOf(IllegalArgumentException.class);
        choices.remove("c0");
        assertThat(withChoices(choices).choices()).hasSize(32);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "tab\there", "line\nbreak"})
    void aPolicyVersionIsPrintableAndNotBlank(String version) {
        assertThatThrownBy(() -> new ConsentState("id", Map.of(), T, version, Regime.GDPR))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPolicyVersionHasAtMost64Characters() {
        assertThat(new ConsentState("id", Map.of(), T, "v".repeat(64), Regime.GDPR).policyVersion()).hasSize(64);
        assertThatThrownBy(() -> new ConsentState("id", Map.of(), T, "v".repeat(65), Regime.GDPR))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
