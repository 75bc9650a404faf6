package io.privacykit.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.privacykit.consent.CookieCategory;
import io.privacykit.consent.CookieClassifier;
import io.privacykit.consent.UnclassifiedCookies;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PrivacyEventListenerTest {

    private static final List<CookieCategory> CATEGORIES = List.of(
            new CookieCategory("necessary", true, false, List.of("session"), List.of()),
            new CookieCategory("advertising", false, true, List.of("_fbp"), List.of()));

    @Test
    void isToldOfEachWithheldCookieWithItsCategory() {
        List<String> withheld = new ArrayList<>();
        PrivacyEventListener listener = new PrivacyEventListener() {
            @Override
            public void cookieWithheld(String name, Optional<CookieCategory> category) {
                withheld.add(name + ":" + category.map(CookieCategory::name).orElse("-"));
            }
        };
        CookieGate gate = new CookieGate(new CookieClassifier(CATEGORIES), Set.of("necessary"),
                new UnclassifiedCookieRegistry(UnclassifiedCookies.BLOCK), null, listener);
        assertThat(gate.verdict("session")).isEqualTo(CookieGate.Verdict.SEND);
        assertThat(gate.verdict("_fbp")).isEqualTo(CookieGate.Verdict.WITHHOLD);
        assertThat(gate.verdict("mystery")).isEqualTo(CookieGate.Verdict.WITHHOLD);
        assertThat(withheld).containsExactly("_fbp:advertising", "mystery:-");
    }

    @Test
    void aFailingListenerNeverChangesTheVerdict() {
        PrivacyEventListener failing = new PrivacyEventListener() {
            @Override
            public void cookieWithheld(String name, Optional<CookieCategory> category) {
                throw new IllegalStateException("deliberate");
            }
        };
        CookieGate gate = new CookieGate(new CookieClassifier(CATEGORIES), Set.of("necessary"),
                new UnclassifiedCookieRegistry(UnclassifiedCookies.BLOCK), null, failing);
        assertThat(gate.verdict("_fbp")).isEqualTo(CookieGate.Verdict.WITHHOLD);
    }
}
