package io.privacykit.consent;

import static org.assertj.core.api.Assertions.assertThat;

import io.privacykit.geo.Location;
import io.privacykit.geo.LocationSource;
import io.privacykit.jurisdiction.Jurisdiction;
import io.privacykit.jurisdiction.JurisdictionResolver;
import io.privacykit.jurisdiction.JurisdictionSettings;
import io.privacykit.jurisdiction.Regime;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The consent model per category within a regime: the UK's analytics and functionality exemption
 * (Data (Use and Access) Act 2025, from 2026-02-05) and sensitive data opt-in under US state laws.
 */
class ConsentDeciderCategoryModelTest {

    static final List<CookieCategory> CATEGORIES;

    static {
        List<CookieCategory> categories = new ArrayList<>(ConsentDeciderTest.REFERENCE_CATEGORIES);
        categories.add(new CookieCategory("sensitive", false, false, List.of("hx"), List.of()));
        CATEGORIES = List.copyOf(categories);
    }

    static Jurisdiction at(String country, String region, String day) {
        Clock clock = Clock.fixed(LocalDate.parse(day).atStartOfDay(ZoneOffset.UTC).toInstant(), ZoneOffset.UTC);
        return new JurisdictionResolver(JurisdictionSettings.defaults(), clock)
                .resolve(new Location(country, region, LocationSource.DATABASE));
    }

    @ParameterizedTest(name = "{0}-{1} on {2}, consent {3}, exemptions {4}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # country | region | day | consent | exemptions applied | functionality | performance | advertising | sensitive
            GB | -  | 2026-02-04 | none     | true  | AWAITING_CONSENT  | AWAITING_CONSENT  | AWAITING_CONSENT  | AWAITING_CONSENT
            GB | -  | 2026-02-05 | none     | true  | OPT_OUT_AVAILABLE | OPT_OUT_AVAILABLE | AWAITING_CONSENT  | AWAITING_CONSENT
            GB | -  | 2026-02-05 | objected | true  | REFUSED           | REFUSED           | AWAITING_CONSENT  | AWAITING_CONSENT
            # asking for consent stays lawful: without exemptions the UK remains opt-in for every category
            GB | -  | 2026-02-05 | none     | false | AWAITING_CONSENT  | AWAITING_CONSENT  | AWAITING_CONSENT  | AWAITING_CONSENT
            US | VA | 2026-11-23 | none     | false | OPT_OUT_AVAILABLE | OPT_OUT_AVAILABLE | OPT_OUT_AVAILABLE | AWAITING_CONSENT
            US | VA | 2026-11-23 | granted  | false | GRANTED           | GRANTED           | GRANTED           | GRANTED
            US | CA | 2026-11-23 | none     | false | OPT_OUT_AVAILABLE | OPT_OUT_AVAILABLE | OPT_OUT_AVAILABLE | OPT_OUT_AVAILABLE
            US | -  | 2026-11-23 | none     | false | OPT_OUT_AVAILABLE | OPT_OUT_AVAILABLE | OPT_OUT_AVAILABLE | AWAITING_CONSENT
            DE | -  | 2026-11-23 | none     | true  | AWAITING_CONSENT  | AWAITING_CONSENT  | AWAITING_CONSENT  | AWAITING_CONSENT
            """)
    void decidesEachCategoryByItsOwnModel(String country, String region, String day, String consent,
                                          boolean exemptions, DecisionReason functionality, DecisionReason performance,
                                          DecisionReason advertising, DecisionReason sensitive) {
        Jurisdiction jurisdiction = at(country, region, day);
        ConsentDecider decider = new ConsentDecider(CATEGORIES, new SignalPolicy(DntResponse.IGNORE, false),
                ConsentDecider.OPT_IN_REGIMES, exemptions);
        Optional<ConsentState> state = switch (consent) {
            case "none" -> Optional.empty();
            case "objected" -> Optional.of(new ConsentState("id", Map.of("functionality", false, "performance", false),
                    Instant.EPOCH, "1", jurisdiction.regime()));
            case "granted" -> Optional.of(new ConsentState("id", Map.of("functionality", true, "performance", true,
                    "advertising", true, "sensitive", true), Instant.EPOCH, "1", Regime.US_STATE));
            default -> throw new IllegalArgumentException(consent);
        };

        // Twice: the second answer comes from the cache and must not mix up the kinds' models.
        for (int i = 0; i < 2; i++) {
            ConsentDecision decision = decider.decide(jurisdiction, state, Signals.NONE);
            assertThat(decision.categories().get("functionality").reason()).isEqualTo(functionality);
            assertThat(decision.categories().get("performance").reason()).isEqualTo(performance);
            assertThat(decision.categories().get("advertising").reason()).isEqualTo(advertising);
            assertThat(decision.categories().get("sensitive").reason()).isEqualTo(sensitive);
        }
    }
}
