package io.privacykit.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.privacykit.geo.Location;
import io.privacykit.geo.LocationSource;
import io.privacykit.jurisdiction.ConsentModel;
import io.privacykit.jurisdiction.Deadline;
import io.privacykit.jurisdiction.DeadlineUnit;
import io.privacykit.jurisdiction.Jurisdiction;
import io.privacykit.jurisdiction.Regime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The consent decision as a table: consent model x recorded consent x signals x whether GPC is binding x the
 * policy's DNT stance x whether the policy honours GPC everywhere. Categories are the reference policy's
 * four: necessary (required), functionality, performance, advertising (sale/sharing).
 */
class ConsentDeciderTest {

    static final List<CookieCategory> REFERENCE_CATEGORIES = List.of(
            new CookieCategory("necessary", true, false, List.of("JSESSIONID"), List.of()),
            new CookieCategory("functionality", false, false, List.of("lang"), List.of()),
            new CookieCategory("performance", false, false, List.of("_ga", "_ga_*"), List.of("www.google-analytics.com")),
            new CookieCategory("advertising", false, true, List.of("_fbp"), List.of("connect.facebook.net")));

    /** A jurisdiction of the given model: GDPR (opt-in, Germany), CCPA (opt-out, California), DEFAULT (notice). */
    static Jurisdiction jurisdiction(ConsentModel model, boolean gpcBinding) {
        return switch (model) {
            case OPT_IN -> new Jurisdiction(Regime.GDPR, "GDPR and ePrivacy Directive",
                    Location.of("DE", LocationSource.DATABASE), model,
                    Deadline.of(1, DeadlineUnit.CALENDAR_MONTHS, 2), 16, gpcBinding, Set.of());
            case OPT_OUT -> new Jurisdiction(Regime.CCPA, "CCPA/CPRA",
                    new Location("US", "CA", LocationSource.DATABASE), model,
                    Deadline.of(45, DeadlineUnit.CALENDAR_DAYS, 45), 16, gpcBinding, Set.of());
            case NOTICE -> new Jurisdiction(Regime.DEFAULT, "none specific",
                    Location.of("JP", LocationSource.DATABASE), model,
                    Deadline.of(45, DeadlineUnit.CALENDAR_DAYS, 45), 13, gpcBinding, Set.of());
        };
    }

    /** The recorded consents of the table. */
    static Optional<ConsentState> consent(String name) {
        Map<String, Boolean> choices = new LinkedHashMap<>();
        switch (name) {
            case "none" -> {
                return Optional.empty();
            }
            case "all-granted" -> {
                choices.put("functionality", true);
                choices.put("performance", true);
                choices.put("advertising", true);
            }
            case "all-refused" -> {
                choices.put("functionality", false);
                choices.put("performance", false);
                choices.put("advertising", false);
            }
            case "mixed" -> {
                choices.put("functionality", true);
                choices.put("performance", false);
                choices.put("advertising", true);
            }
            case "partial" -> choices.put("performance", true);
            default -> throw new IllegalArgumentException(name);
        }
        return Optional.of(new ConsentState("c0nsent-id_1", choices, Instant.parse("2026-01-01T00:00:00Z"),
                "2020-04-01", Regime.GDPR));
    }

    static Signals signals(String name) {
        return switch (name) {
            case "none" -> Signals.NONE;
            case "gpc" -> new Signals(true, false);
            case "dnt" -> new Signals(false, true);
            case "both" -> new Signals(true, true);
            default -> throw new IllegalArgumentException(name);
        };
    }

    @ParameterizedTest(name = "{0} gpcBinding={1} gpcEverywhere={2} dnt={3} consent={4} signals={5}")
    @CsvSource(delimiter = '|', textBlock = """
            # model | gpcBinding | gpcEverywhere | DNT policy | consent | signals | functionality | performance | advertising | gpcApplied | dntApplied | needsChoice
            # Opt-in (GDPR + ePrivacy Art. 5(3)): nothing non-essential without a recorded grant.
            OPT_IN  | false | false | IGNORE | none        | none | AWAITING_CONSENT  | AWAITING_CONSENT  | AWAITING_CONSENT  | false | false | true
            OPT_IN  | false | false | IGNORE | all-granted | none | GRANTED           | GRANTED           | GRANTED           | false | false | false
            OPT_IN  | false | false | IGNORE | all-refused | none | REFUSED           | REFUSED           | REFUSED           | false | false | false
            OPT_IN  | false | false | IGNORE | mixed       | none | GRANTED           | REFUSED           | GRANTED           | false | false | false
            OPT_IN  | false | false | IGNORE | partial     | none | AWAITING_CONSENT  | GRANTED           | AWAITING_CONSENT  | false | false | true
            # GPC is not meant to withdraw ePrivacy consent: where it is neither binding nor honoured everywhere, nothing changes.
            OPT_IN  | false | false | IGNORE | all-granted | gpc  | GRANTED           | GRANTED           | GRANTED           | false | false | false
            OPT_IN  | false | false | IGNORE | none        | gpc  | AWAITING_CONSENT  | AWAITING_CONSENT  | AWAITING_CONSENT  | false | false | true
            OPT_IN  | false | false | IGNORE | all-granted | dnt  | GRANTED           | GRANTED           | GRANTED           | false | false | false
            OPT_IN  | false | false | IGNORE | all-granted | both | GRANTED           | GRANTED           | GRANTED           | false | false | false
            OPT_IN  | false | true  | IGNORE | all-granted | gpc  | GRANTED           | GRANTED           | GPC_OPT_OUT       | true  | false | false
            OPT_IN  | false | true  | IGNORE | none        | gpc  | AWAITING_CONSENT  | AWAITING_CONSENT  | GPC_OPT_OUT       | true  | false | true
            OPT_IN  | false | false | HONOR  | all-granted | dnt  | GRANTED           | GRANTED           | DNT_OPT_OUT       | false | true  | false
            OPT_IN  | false | false | HONOR  | mixed       | both | GRANTED           | REFUSED           | DNT_OPT_OUT       | false | true  | false
            OPT_IN  | false | true  | HONOR  | mixed       | both | GRANTED           | REFUSED           | GPC_OPT_OUT       | true  | true  | false
            OPT_IN  | false | false | HONOR  | all-granted | none | GRANTED           | GRANTED           | GRANTED           | false | false | false
            OPT_IN  | false | false | HONOR  | all-granted | gpc  | GRANTED           | GRANTED           | GRANTED           | false | false | false
            OPT_IN  | false | false | HONOR  | none        | dnt  | AWAITING_CONSENT  | AWAITING_CONSENT  | DNT_OPT_OUT       | false | true  | true
            OPT_IN  | false | false | HONOR  | partial     | dnt  | AWAITING_CONSENT  | GRANTED           | DNT_OPT_OUT       | false | true  | true
            # Opt-out (CCPA 1798.120, GPC binding by 11 CCR 7025): allowed until the visitor or the signal opts out.
            OPT_OUT | true  | false | IGNORE | none        | none | OPT_OUT_AVAILABLE | OPT_OUT_AVAILABLE | OPT_OUT_AVAILABLE | false | false | false
            OPT_OUT | true  | false | IGNORE | all-refused | none | REFUSED           | REFUSED           | REFUSED           | false | false | false
            OPT_OUT | true  | false | IGNORE | mixed       | none | GRANTED           | REFUSED           | GRANTED           | false | false | false
            OPT_OUT | true  | false | IGNORE | none        | gpc  | OPT_OUT_AVAILABLE | OPT_OUT_AVAILABLE | GPC_OPT_OUT       | true  | false | false
            # 11 CCR 7025(c)(3): the signal wins over a conflicting earlier grant.
            OPT_OUT | true  | false | IGNORE | all-granted | gpc  | GRANTED           | GRANTED           | GPC_OPT_OUT       | true  | false | false
            # The reference policy ("we do not honor DNT"): DNT: 1 changes nothing under ignore.
            OPT_OUT | true  | false | IGNORE | none        | dnt  | OPT_OUT_AVAILABLE | OPT_OUT_AVAILABLE | OPT_OUT_AVAILABLE | false | false | false
            OPT_OUT | true  | false | IGNORE | none        | both | OPT_OUT_AVAILABLE | OPT_OUT_AVAILABLE | GPC_OPT_OUT       | true  | false | false
            OPT_OUT | true  | false | HONOR  | none        | dnt  | OPT_OUT_AVAILABLE | OPT_OUT_AVAILABLE | DNT_OPT_OUT       | false | true  | false
            OPT_OUT | true  | false | HONOR  | all-granted | both | GRANTED           | GRANTED           | GPC_OPT_OUT       | true  | true  | false
            OPT_OUT | true  | false | HONOR  | partial     | none | OPT_OUT_AVAILABLE | GRANTED           | OPT_OUT_AVAILABLE | false | false | false
            # A US state whose law does not (yet) make GPC binding, e.g. Virginia.
            OPT_OUT | false | false | IGNORE | none        | gpc  | OPT_OUT_AVAILABLE | OPT_OUT_AVAILABLE | OPT_OUT_AVAILABLE | false | false | false
            OPT_OUT | false | true  | IGNORE | none        | gpc  | OPT_OUT_AVAILABLE | OPT_OUT_AVAILABLE | GPC_OPT_OUT       | true  | false | false
            OPT_OUT | false | false | HONOR  | none        | dnt  | OPT_OUT_AVAILABLE | OPT_OUT_AVAILABLE | DNT_OPT_OUT       | false | true  | false
            OPT_OUT | true  | true  | IGNORE | mixed       | gpc  | GRANTED           | REFUSED           | GPC_OPT_OUT       | true  | false | false
            # Notice: allowed, but a refusal the visitor recorded is still honoured.
            NOTICE  | false | false | IGNORE | none        | none | NOTICE_GIVEN      | NOTICE_GIVEN      | NOTICE_GIVEN      | false | false | false
            NOTICE  | false | false | IGNORE | all-refused | none | REFUSED           | REFUSED           | REFUSED           | false | false | false
            NOTICE  | false | false | IGNORE | mixed       | none | GRANTED           | REFUSED           | GRANTED           | false | false | false
            NOTICE  | false | false | IGNORE | none        | gpc  | NOTICE_GIVEN      | NOTICE_GIVEN      | NOTICE_GIVEN      | false | false | false
            NOTICE  | false | true  | IGNORE | none        | gpc  | NOTICE_GIVEN      | NOTICE_GIVEN      | GPC_OPT_OUT       | true  | false | false
            NOTICE  | false | false | IGNORE | none        | both | NOTICE_GIVEN      | NOTICE_GIVEN      | NOTICE_GIVEN      | false | false | false
            NOTICE  | false | false | HONOR  | none        | dnt  | NOTICE_GIVEN      | NOTICE_GIVEN      | DNT_OPT_OUT       | false | true  | false
            NOTICE  | false | false | HONOR  | all-refused | both | REFUSED           | REFUSED           | DNT_OPT_OUT       | false | true  | false
            NOTICE  | true  | false | IGNORE | partial     | gpc  | NOTICE_GIVEN      | GRANTED           | GPC_OPT_OUT       | true  | false | false
            NOTICE  | false | false | IGNORE | partial     | dnt  | NOTICE_GIVEN      | GRANTED           | NOTICE_GIVEN      | false | false | false
            """)
    void decides(ConsentModel model, boolean gpcBinding, boolean gpcEverywhere, DntResponse dnt, String consent,
                 String signals, DecisionReason functionality, DecisionReason performance, DecisionReason advertising,
                 boolean gpcApplied, boolean dntApplied, boolean needsChoice) {
        ConsentDecider decider = new ConsentDecider(REFERENCE_CATEGORIES, new SignalPolicy(dnt, gpcEverywhere));

        ConsentDecision decision = decider.decide(jurisdiction(model, gpcBinding), consent(consent), signals(signals));

        Map<String, CategoryDecision> expected = new LinkedHashMap<>();
        expected.put("necessary", new CategoryDecision(true, DecisionReason.NECESSARY));
        expected.put("functionality", CategoryDecision.of(functionality));
        expected.put("performance", CategoryDecision.of(performance));
        expected.put("advertising", CategoryDecision.of(advertising));
        assertThat(decision.categories()).containsExactlyEntriesOf(expected);
        Set<String> allowed = new LinkedHashSet<>();
        expected.forEach((name, d) -> {
            if (d.allowed()) {
                allowed.add(name);
            }
        });
        assertThat(decision.allowedCategories()).containsExactlyElementsOf(allowed);
        expected.forEach((name, d) -> assertThat(decision.allowed(name)).as(name).isEqualTo(d.allowed()));
        assertThat(decision.gpcApplied()).as("gpcApplied").isEqualTo(gpcApplied);
        assertThat(decision.dntApplied()).as("dntApplied").isEqualTo(dntApplied);
        assertThat(decision.dntHonored()).as("dntHonored is the policy's stance").isEqualTo(dnt == DntResponse.HONOR);
        assertThat(decision.needsChoice()).as("needsChoice").isEqualTo(needsChoice);
    }

    /** Every combination of the table's dimensions. */
    static Stream<Arguments> everyCombination() {
        List<Arguments> all = new ArrayList<>();
        for (ConsentModel model : ConsentModel.values()) {
            for (boolean gpcBinding : new boolean[] {false, true}) {
                for (boolean gpcEverywhere : new boolean[] {false, true}) {
                    for (DntResponse dnt : DntResponse.values()) {
                        for (String consent : List.of("none", "all-granted", "all-refused", "mixed", "partial")) {
                            all.add(Arguments.of(model, gpcBinding, gpcEverywhere, dnt, consent));
                        }
                    }
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} gpcBinding={1} gpcEverywhere={2} dnt={3} consent={4}")
    @MethodSource("everyCombination")
    void rulesThatHoldEverywhere(ConsentModel model, boolean gpcBinding, boolean gpcEverywhere, DntResponse dnt,
                                 String consentName) {
        ConsentDecider decider = new ConsentDecider(REFERENCE_CATEGORIES, new SignalPolicy(dnt, gpcEverywhere));
        Jurisdiction jurisdiction = jurisdiction(model, gpcBinding);
        Optional<ConsentState> consent = consent(consentName);
        ConsentDecision plain = decider.decide(jurisdiction, consent, Signals.NONE);
        ConsentDecision gpc = decider.decide(jurisdiction, consent, new Signals(true, false));
        ConsentDecision dntOnly = decider.decide(jurisdiction, consent, new Signals(false, true));
        ConsentDecision both = decider.decide(jurisdiction, consent, new Signals(true, true));

        for (ConsentDecision decision : List.of(plain, gpc, dntOnly, both)) {
            // ePrivacy Art. 5(3): strictly necessary storage needs no consent and no signal withdraws it.
            assertThat(decision.categories().get("necessary")).isEqualTo(CategoryDecision.of(DecisionReason.NECESSARY));
            // Signals only ever opt out of sale/sharing: categories that do not sell or share are untouched.
            for (String name : List.of("functionality", "performance")) {
                assertThat(decision.categories().get(name)).as(name).isEqualTo(plain.categories().get(name));
            }
            assertThat(decision.allowed("no-such-category")).isFalse();
            assertThat(decision.categories().keySet())
                    .containsExactly("necessary", "functionality", "performance", "advertising");
        }
        if (dnt == DntResponse.IGNORE) {
            // The reference policy: "we do not honor DNT" -> DNT changes nothing at all.
            assertThat(dntOnly).isEqualTo(plain);
            assertThat(both).isEqualTo(gpc);
        }
        if (!gpcBinding && !gpcEverywhere) {
            assertThat(gpc).isEqualTo(plain);
        } else {
            assertThat(gpc.allowed("advertising")).isFalse();
            assertThat(gpc.gpcApplied()).isTrue();
        }
        // A recorded refusal is honoured under every consent model.
        if (consentName.equals("all-refused")) {
            assertThat(plain.allowedCategories()).containsExactly("necessary");
        }
        // Only an opt-in regime ever asks for a choice.
        if (model != ConsentModel.OPT_IN) {
            assertThat(plain.needsChoice()).isFalse();
        }
        // A caller that remembers the consent decides from its packed choices, with the same result.
        Regime under = consent.map(ConsentState::regime).orElse(null);
        long packed = consent.map(c -> decider.pack(c.choices())).orElse(0L);
        assertThat(decider.decide(jurisdiction, under, packed, Signals.NONE)).isEqualTo(plain);
        assertThat(decider.decide(jurisdiction, under, packed, new Signals(true, false))).isEqualTo(gpc);
        assertThat(decider.decide(jurisdiction, under, packed, new Signals(true, true))).isEqualTo(both);
    }

    @ParameterizedTest(name = "given under {0} ({1}), seen under {2} -> performance {3}, advertising {4}")
    @CsvSource(delimiter = '|', textBlock = """
            CCPA     | performance=true,advertising=false | OPT_IN  | AWAITING_CONSENT | REFUSED
            US_STATE | performance=true,advertising=true  | OPT_IN  | AWAITING_CONSENT | AWAITING_CONSENT
            DEFAULT  | performance=true                   | OPT_IN  | AWAITING_CONSENT | AWAITING_CONSENT
            CH_FADP  | performance=false                  | OPT_IN  | REFUSED          | AWAITING_CONSENT
            GDPR     | performance=true,advertising=false | OPT_IN  | GRANTED          | REFUSED
            UK_GDPR  | performance=true                   | OPT_IN  | GRANTED          | AWAITING_CONSENT
            CCPA     | performance=true,advertising=false | OPT_OUT | GRANTED          | REFUSED
            """)
    void aGrantGivenWhereTheBoxesStartTickedIsNoOptInConsent(Regime givenUnder, String choices, ConsentModel seenUnder,
                                                            DecisionReason performance, DecisionReason advertising) {
        // Before: a Californian's pre-ticked boxes, saved, became consent in Germany (M3 of the review).
        Map<String, Boolean> given = new LinkedHashMap<>();
        for (String pair : choices.split(",")) {
            given.put(pair.split("=")[0], Boolean.parseBoolean(pair.split("=")[1]));
        }
        ConsentState consent = new ConsentState("id", given, Instant.EPOCH, "1", givenUnder);
        ConsentDecider decider = new ConsentDecider(REFERENCE_CATEGORIES, new SignalPolicy(DntResponse.IGNORE, false));

        ConsentDecision decision = decider.decide(jurisdiction(seenUnder, false), Optional.of(consent), Signals.NONE);

        assertThat(decision.categories().get("performance").reason()).isEqualTo(performance);
        assertThat(decision.categories().get("advertising").reason()).isEqualTo(advertising);
        assertThat(decider.decide(jurisdiction(seenUnder, false), givenUnder, decider.pack(given), Signals.NONE))
                .isEqualTo(decision);
    }

    @Test
    void aChoiceForARequiredCategoryOrForAnUnknownOneChangesNothing() {
        ConsentDecider decider = new ConsentDecider(REFERENCE_CATEGORIES, new SignalPolicy(DntResponse.IGNORE, false));
        ConsentState odd = new ConsentState("id", Map.of("necessary", false, "social", true, "performance", true),
                Instant.EPOCH, "1", Regime.GDPR);

        ConsentDecision decision = decider.decide(jurisdiction(ConsentModel.OPT_IN, false), Optional.of(odd), Signals.NONE);

        assertThat(decision.allowedCategories()).containsExactly("necessary", "performance");
        assertThat(decision.allowed("social")).isFalse();
        assertThat(decision.categories()).doesNotContainKey("social");
    }

    @Test
    void everySaleOrSharingCategoryIsWithdrawnByABindingSignalAndOnlyThose() {
        List<CookieCategory> categories = List.of(
                new CookieCategory("essential", true, false, List.of(), List.of()),
                new CookieCategory("social", false, true, List.of(), List.of()),
                new CookieCategory("analytics", false, false, List.of(), List.of()),
                new CookieCategory("ads", false, true, List.of(), List.of()));
        ConsentDecider decider = new ConsentDecider(categories, new SignalPolicy(DntResponse.IGNORE, false));

        ConsentDecision decision = decider.decide(jurisdiction(ConsentModel.OPT_OUT, true), Optional.empty(),
                new Signals(true, false));

        assertThat(decision.allowedCategories()).containsExactly("essential", "analytics");
        assertThat(decision.categories().get("social").reason()).isEqualTo(DecisionReason.GPC_OPT_OUT);
        assertThat(decision.categories().get("ads").reason()).isEqualTo(DecisionReason.GPC_OPT_OUT);
        assertThat(decision.categories().keySet()).containsExactly("essential", "social", "analytics", "ads");
    }

    @Test
    void aRepeatedDecisionIsTheSameAsTheFirstAndDoesNotDependOnTheConsentObject() {
        ConsentDecider decider = new ConsentDecider(REFERENCE_CATEGORIES, new SignalPolicy(DntResponse.HONOR, false));
        Jurisdiction gdpr = jurisdiction(ConsentModel.OPT_IN, false);
        ConsentDecision first = decider.decide(gdpr, consent("mixed"), Signals.NONE);
        ConsentState sameChoicesOtherVisitor = new ConsentState(ConsentState.newConsentId(),
                Map.of("advertising", true, "performance", false, "functionality", true),
                Instant.parse("2025-05-05T10:00:00Z"), "9", Regime.UK_GDPR);

        ConsentDecision second = decider.decide(gdpr, Optional.of(sameChoicesOtherVisitor), Signals.NONE);
        ConsentDecision withDnt = decider.decide(gdpr, consent("mixed"), new Signals(false, true));

        assertThat(second).isEqualTo(first);
        assertThat(withDnt).isNotEqualTo(first);
        assertThat(withDnt.allowed("advertising")).isFalse();
        assertThat(decider.decide(gdpr, consent("mixed"), Signals.NONE).allowed("advertising")).isTrue();
    }

    @Test
    void manyCategoriesAreDecidedByTheSameRules() {
        List<CookieCategory> categories = new ArrayList<>();
        Map<String, Boolean> choices = new LinkedHashMap<>();
        for (int i = 0; i < 31; i++) {
            categories.add(new CookieCategory("c" + i, i == 0, i % 2 == 1, List.of(), List.of()));
            if (i % 3 == 0) {
                choices.put("c" + i, true);
            }
        }
        ConsentDecider decider = new ConsentDecider(categories, new SignalPolicy(DntResponse.IGNORE, true));
        ConsentState consent = new ConsentState("id", choices, Instant.EPOCH, "1", Regime.GDPR);

        ConsentDecision decision = decider.decide(jurisdiction(ConsentModel.OPT_IN, false), Optional.of(consent),
                new Signals(true, false));

        for (int i = 0; i < 31; i++) {
            boolean expected = i == 0 || (i % 3 == 0 && i % 2 == 0);
            assertThat(decision.allowed("c" + i)).as("c" + i).isEqualTo(expected);
        }
        assertThat(decision.needsChoice()).isTrue();
    }

    @Test
    void theChoicesOfMoreCategoriesThanPackIntoALongAreReadFromTheState() {
        List<CookieCategory> categories = new ArrayList<>();
        Map<String, Boolean> choices = new LinkedHashMap<>();
        for (int i = 0; i < 40; i++) {
            categories.add(new CookieCategory("c" + i, i == 0, false, List.of(), List.of()));
            if (i >= 30) {
                choices.put("c" + i, i % 2 == 0);
            }
        }
        ConsentDecider decider = new ConsentDecider(categories, new SignalPolicy(DntResponse.IGNORE, false));
        Jurisdiction gdpr = jurisdiction(ConsentModel.OPT_IN, false);
        ConsentState consent = new ConsentState("id", choices, Instant.EPOCH, "1", Regime.GDPR);

        ConsentDecision decision = decider.decide(gdpr, Optional.of(consent), Signals.NONE);

        assertThat(decider.pack(choices)).isEqualTo(ConsentDecider.NOT_PACKED);
        assertThat(decision.allowedCategories()).containsExactly("c0", "c30", "c32", "c34", "c36", "c38");
        assertThat(decision.categories().get("c39").reason()).isEqualTo(DecisionReason.REFUSED);
        assertThat(decision.categories().get("c29").reason()).isEqualTo(DecisionReason.AWAITING_CONSENT);
        assertThatThrownBy(() -> decider.decide(gdpr, Regime.GDPR, ConsentDecider.NOT_PACKED, Signals.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pack");
    }

    @Test
    void aCategoryDefinedTwiceIsRefused() {
        List<CookieCategory> twice = List.of(REFERENCE_CATEGORIES.get(1), REFERENCE_CATEGORIES.get(1));
        assertThatThrownBy(() -> new ConsentDecider(twice, new SignalPolicy(DntResponse.IGNORE, false)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("functionality");
    }

    @Test
    void aCategoryDecisionAgreesWithItsReason() {
        for (DecisionReason reason : DecisionReason.values()) {
            assertThat(CategoryDecision.of(reason).allowed()).isEqualTo(reason.allows());
            assertThatThrownBy(() -> new CategoryDecision(!reason.allows(), reason))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
