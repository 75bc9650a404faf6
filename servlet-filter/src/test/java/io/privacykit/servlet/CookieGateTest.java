package io.privacykit.servlet;

import static io.privacykit.consent.DecisionReason.AWAITING_CONSENT;
import static io.privacykit.consent.DecisionReason.GPC_OPT_OUT;
import static io.privacykit.consent.DecisionReason.GRANTED;
import static io.privacykit.consent.DecisionReason.NOTICE_GIVEN;
import static io.privacykit.consent.DecisionReason.OPT_OUT_AVAILABLE;
import static io.privacykit.consent.DecisionReason.REFUSED;
import static io.privacykit.servlet.CookieGate.Verdict.SEND;
import static io.privacykit.servlet.CookieGate.Verdict.SEND_BY_DECISION;
import static io.privacykit.servlet.CookieGate.Verdict.WITHHOLD;
import static org.assertj.core.api.Assertions.assertThat;

import io.privacykit.consent.CategoryDecision;
import io.privacykit.consent.ConsentDecision;
import io.privacykit.consent.CookieCategory;
import io.privacykit.consent.CookieClassifier;
import io.privacykit.consent.DecisionReason;
import io.privacykit.consent.UnclassifiedCookies;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The gate a request gets over its decision: the decision's own set, with the verdicts of a gate over a copy. */
class CookieGateTest {

    private static final List<CookieCategory> CATEGORIES = List.of(
            new CookieCategory("necessary", true, false, List.of("session"), List.of()),
            new CookieCategory("performance", false, false, List.of("_ga"), List.of()),
            new CookieCategory("advertising", false, true, List.of("_fbp"), List.of()));
    private static final CookieClassifier CLASSIFIER = new CookieClassifier(CATEGORIES);

    static Stream<Arguments> decisions() {
        return Stream.of(
                // performance, advertising, cookie, verdict
                Arguments.of(AWAITING_CONSENT, AWAITING_CONSENT, "session", SEND),
                Arguments.of(AWAITING_CONSENT, AWAITING_CONSENT, "_ga", WITHHOLD),
                Arguments.of(GRANTED, REFUSED, "_ga", SEND_BY_DECISION),
                Arguments.of(GRANTED, REFUSED, "_fbp", WITHHOLD),
                Arguments.of(OPT_OUT_AVAILABLE, GPC_OPT_OUT, "_ga", SEND_BY_DECISION),
                Arguments.of(OPT_OUT_AVAILABLE, GPC_OPT_OUT, "_fbp", WITHHOLD),
                Arguments.of(NOTICE_GIVEN, NOTICE_GIVEN, "_fbp", SEND_BY_DECISION),
                Arguments.of(GRANTED, GRANTED, "mystery", WITHHOLD));
    }

    @ParameterizedTest(name = "performance {0}, advertising {1}: {2} is {3}")
    @MethodSource("decisions")
    void aRequestsGateDecidesAsAGateOverACopyOfItsSet(DecisionReason performance, DecisionReason advertising,
                                                    String cookie, CookieGate.Verdict verdict) {
        Map<String, CategoryDecision> categories = new LinkedHashMap<>();
        categories.put("necessary", CategoryDecision.of(DecisionReason.NECESSARY));
        categories.put("performance", CategoryDecision.of(performance));
        categories.put("advertising", CategoryDecision.of(advertising));
        ConsentDecision decision = new ConsentDecision(categories, advertising == GPC_OPT_OUT, false, false);

        CookieGate ofDecision = new CookieGate(CLASSIFIER, decision.allowedCategories(), registry(), null,
                PrivacyEventListener.NONE);
        CookieGate overCopy = new CookieGate(CLASSIFIER, Set.copyOf(decision.allowedCategories()), registry(), null,
                PrivacyEventListener.NONE);

        assertThat(ofDecision.allowedCategories()).isSameAs(decision.allowedCategories());
        assertThat(ofDecision.verdict(cookie)).isEqualTo(verdict).isEqualTo(overCopy.verdict(cookie));
        assertThat(ofDecision.allows(cookie)).isEqualTo(verdict != WITHHOLD);
    }

    private static UnclassifiedCookieRegistry registry() {
        return new UnclassifiedCookieRegistry(UnclassifiedCookies.BLOCK);
    }
}
