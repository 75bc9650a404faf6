package io.privacykit.jurisdiction;

import static org.assertj.core.api.Assertions.assertThat;

import io.privacykit.geo.Location;
import io.privacykit.geo.LocationSource;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The regime table as a specification (facts and sources: docs/jurisdictions.md), evaluated on 2026-11-23.
 * Deadlines are written {@code amount unit [+extension]} with M = calendar months, D = calendar days.
 */
class JurisdictionResolverTest {

    static final String GDPR = "GDPR (EU) 2016/679 and ePrivacy Directive 2002/58/EC";
    static final Instant TODAY = Instant.parse("2026-11-23T12:00:00Z");
    static final JurisdictionSettings SETTINGS = JurisdictionSettings.defaults();

    final JurisdictionResolver resolver = new JurisdictionResolver(SETTINGS, Clock.fixed(TODAY, ZoneOffset.UTC));

    @ParameterizedTest(name = "{0}-{1} -> {2} {3}")
    @CsvSource(delimiter = '|', nullValues = "", textBlock = """
            # country | region | regime | law | consent | deadline | child age | GPC binding
            # EU-27 with their GDPR Art. 8 ages
            AT |     | GDPR | GDPR | opt-in | 1 M +2 | 14 | false
            BE | BRU | GDPR | GDPR | opt-in | 1 M +2 | 13 | false
            BG |     | GDPR | GDPR | opt-in | 1 M +2 | 14 | false
            HR |     | GDPR | GDPR | opt-in | 1 M +2 | 16 | false
            CY |     | GDPR | GDPR | opt-in | 1 M +2 | 14 | false
            CZ | 10  | GDPR | GDPR | opt-in | 1 M +2 | 15 | false
            DK |     | GDPR | GDPR | opt-in | 1 M +2 | 15 | false
            EE |     | GDPR | GDPR | opt-in | 1 M +2 | 13 | false
            FI |     | GDPR | GDPR | opt-in | 1 M +2 | 13 | false
            FR | 44  | GDPR | GDPR | opt-in | 1 M +2 | 15 | false
            DE | BE  | GDPR | GDPR | opt-in | 1 M +2 | 16 | false
            GR |     | GDPR | GDPR | opt-in | 1 M +2 | 15 | false
            HU |     | GDPR | GDPR | opt-in | 1 M +2 | 16 | false
            IE | L   | GDPR | GDPR | opt-in | 1 M +2 | 16 | false
            IT |     | GDPR | GDPR | opt-in | 1 M +2 | 14 | false
            LV |     | GDPR | GDPR | opt-in | 1 M +2 | 13 | false
            LT |     | GDPR | GDPR | opt-in | 1 M +2 | 14 | false
            LU |     | GDPR | GDPR | opt-in | 1 M +2 | 16 | false
            MT |     | GDPR | GDPR | opt-in | 1 M +2 | 13 | false
            NL | NH  | GDPR | GDPR | opt-in | 1 M +2 | 16 | false
            PL |     | GDPR | GDPR | opt-in | 1 M +2 | 16 | false
            PT |     | GDPR | GDPR | opt-in | 1 M +2 | 13 | false
            RO |     | GDPR | GDPR | opt-in | 1 M +2 | 16 | false
            SK |     | GDPR | GDPR | opt-in | 1 M +2 | 16 | false
            SI |     | GDPR | GDPR | opt-in | 1 M +2 | 15 | false
            ES | M   | GDPR | GDPR | opt-in | 1 M +2 | 14 | false
            SE |     | GDPR | GDPR | opt-in | 1 M +2 | 13 | false
            # EEA EFTA states
            IS |     | GDPR | GDPR | opt-in | 1 M +2 | 13 | false
            LI |     | GDPR | GDPR | opt-in | 1 M +2 | 16 | false
            NO |     | GDPR | GDPR | opt-in | 1 M +2 | 13 | false
            # EU outermost regions (France's age) and Aland (Finland's age)
            GP |     | GDPR | GDPR | opt-in | 1 M +2 | 15 | false
            GF |     | GDPR | GDPR | opt-in | 1 M +2 | 15 | false
            MQ |     | GDPR | GDPR | opt-in | 1 M +2 | 15 | false
            RE |     | GDPR | GDPR | opt-in | 1 M +2 | 15 | false
            YT |     | GDPR | GDPR | opt-in | 1 M +2 | 15 | false
            MF |     | GDPR | GDPR | opt-in | 1 M +2 | 15 | false
            AX |     | GDPR | GDPR | opt-in | 1 M +2 | 13 | false
            # not EU: overseas countries and territories, the Faroes
            GL |     | DEFAULT | No specific privacy law (the policy's own terms) | notice | 45 D +45 | 13 | false
            FO |     | DEFAULT | No specific privacy law (the policy's own terms) | notice | 45 D +45 | 13 | false
            PM |     | DEFAULT | No specific privacy law (the policy's own terms) | notice | 45 D +45 | 13 | false
            BL |     | DEFAULT | No specific privacy law (the policy's own terms) | notice | 45 D +45 | 13 | false
            NC |     | DEFAULT | No specific privacy law (the policy's own terms) | notice | 45 D +45 | 13 | false
            PF |     | DEFAULT | No specific privacy law (the policy's own terms) | notice | 45 D +45 | 13 | false
            WF |     | DEFAULT | No specific privacy law (the policy's own terms) | notice | 45 D +45 | 13 | false
            # Gibraltar and the Crown Dependencies: own GDPR-modelled laws, not the UK GDPR
            GI |     | GDPR | Gibraltar GDPR and Data Protection Act 2004 (GDPR-modelled) | opt-in | 1 M +2 | 13 | false
            JE |     | GDPR | Data Protection (Jersey) Law 2018 (GDPR-modelled) | opt-in | 1 M +2 | 13 | false
            GG |     | GDPR | Data Protection (Bailiwick of Guernsey) Law, 2017 (GDPR-modelled) | opt-in | 1 M +2 | 13 | false
            IM |     | GDPR | Isle of Man GDPR and LED Implementing Regulations 2018 (GDPR-modelled) | opt-in | 1 M +2 | 13 | false
            # US territories: no state law reaches them
            PR |     | DEFAULT | No specific privacy law (the policy's own terms) | notice | 45 D +45 | 13 | false
            GU |     | DEFAULT | No specific privacy law (the policy's own terms) | notice | 45 D +45 | 13 | false
            VI | T   | DEFAULT | No specific privacy law (the policy's own terms) | notice | 45 D +45 | 13 | false
            AS |     | DEFAULT | No specific privacy law (the policy's own terms) | notice | 45 D +45 | 13 | false
            MP | S   | DEFAULT | No specific privacy law (the policy's own terms) | notice | 45 D +45 | 13 | false
            # Europe outside the EEA
            GB |     | UK_GDPR | UK GDPR and PECR | opt-in | 1 M +2 | 13 | false
            GB | CAM | UK_GDPR | UK GDPR and PECR | opt-in | 1 M +2 | 13 | false
            GB | NIR | UK_GDPR | UK GDPR and PECR | opt-in | 1 M +2 | 13 | false
            CH | ZH  | CH_FADP | Swiss Federal Act on Data Protection (revFADP) and Telecommunications Act | opt-out | 30 D +open | 0 | false
            # Latin America
            BR | SP  | LGPD    | Brazil LGPD (Lei 13.709/2018) and ECA Digital (Lei 15.211/2025) | opt-in | 15 D | 18 | false
            AR | C   | AR_PDPA | Argentina Personal Data Protection Law 25.326 | opt-in | 10 D | 0 | false
            # Canada: Quebec and the rest
            CA | QC  | CA_QC     | Quebec Law 25 (Act respecting the protection of personal information in the private sector) | opt-in | 30 D | 14 | false
            CA | ON  | CA_PIPEDA | PIPEDA | opt-out | 30 D +30 | 13 | false
            CA | BC  | CA_PIPEDA | PIPEDA | opt-out | 30 D +30 | 13 | false
            CA |     | CA_PIPEDA | PIPEDA | opt-out | 30 D +30 | 13 | false
            # the US: California, the 21 other state laws (three not yet in force), and states without one
            US | CA  | CCPA     | California Consumer Privacy Act as amended by the CPRA (CCPA) | opt-out | 45 D +45 | 16 | true
            US | VA  | US_STATE | Virginia Consumer Data Protection Act (VCDPA) | opt-out | 45 D +45 | 13 | false
            US | CO  | US_STATE | Colorado Privacy Act (CPA) | opt-out | 45 D +45 | 18 | true
            US | CT  | US_STATE | Connecticut Data Privacy Act (CTDPA) | opt-out | 45 D +45 | 18 | true
            US | UT  | US_STATE | Utah Consumer Privacy Act (UCPA) | opt-out | 45 D +45 | 13 | false
            US | TX  | US_STATE | Texas Data Privacy and Security Act (TDPSA) | opt-out | 45 D +45 | 13 | true
            US | OR  | US_STATE | Oregon Consumer Privacy Act (OCPA) | opt-out | 45 D +45 | 16 | true
            US | MT  | US_STATE | Montana Consumer Data Privacy Act (MCDPA) | opt-out | 45 D +45 | 18 | true
            US | IA  | US_STATE | Iowa Consumer Data Protection Act (ICDPA) | opt-out | 90 D +45 | 13 | false
            US | DE  | US_STATE | Delaware Personal Data Privacy Act (DPDPA) | opt-out | 45 D +45 | 18 | true
            US | NH  | US_STATE | New Hampshire Data Privacy Act (NHPDA) | opt-out | 45 D +45 | 16 | true
            US | NE  | US_STATE | Nebraska Data Privacy Act (NDPA) | opt-out | 45 D +45 | 13 | true
            US | NJ  | US_STATE | New Jersey Data Privacy Act (NJDPA) | opt-out | 45 D +45 | 17 | true
            US | TN  | US_STATE | Tennessee Information Protection Act (TIPA) | opt-out | 45 D +45 | 13 | false
            US | MN  | US_STATE | Minnesota Consumer Data Privacy Act (MCDPA, Minn. Stat. 325M.10-.21) | opt-out | 45 D +45 | 17 | true
            US | MD  | US_STATE | Maryland Online Data Privacy Act (MODPA) | opt-out | 45 D +45 | 18 | true
            US | IN  | US_STATE | Indiana Consumer Data Protection Act (ICDPA) | opt-out | 45 D +45 | 13 | false
            US | KY  | US_STATE | Kentucky Consumer Data Protection Act (KCDPA) | opt-out | 45 D +45 | 13 | false
            US | RI  | US_STATE | Rhode Island Data Transparency and Privacy Protection Act (RIDTPPA) | opt-out | 45 D +45 | 13 | false
            US | OK  | DEFAULT  | No specific privacy law (the policy's own terms) | notice | 45 D +45 | 13 | false
            US | AL  | DEFAULT  | No specific privacy law (the policy's own terms) | notice | 45 D +45 | 13 | false
            US | LA  | DEFAULT  | No specific privacy law (the policy's own terms) | notice | 45 D +45 | 13 | false
            US | WA  | DEFAULT  | Washington My Health My Data Act (RCW 19.373; health data only, otherwise the policy's own terms) | notice | 45 D +45 | 13 | false
            US | NV  | DEFAULT  | Nevada NRS 603A (sale opt-out only; otherwise the policy's own terms) | notice | 60 D +30 | 13 | false
            US | FL  | DEFAULT  | No specific privacy law (the policy's own terms) | notice | 45 D +45 | 13 | false
            US | NY  | DEFAULT  | No specific privacy law (the policy's own terms) | notice | 45 D +45 | 13 | false
            US | DC  | DEFAULT  | No specific privacy law (the policy's own terms) | notice | 45 D +45 | 13 | false
            # the US without a state (Country databases, many IPv6 addresses) may be any state: the strictest
            US |     | US_STATE | US state privacy laws (state unknown: strictest applies) | opt-out | 45 D +45 | 18 | true
            # elsewhere, and codes that are no ISO country
            JP | 13  | DEFAULT  | No specific privacy law (the policy's own terms) | notice | 45 D +45 | 13 | false
            EL |     | DEFAULT  | No specific privacy law (the policy's own terms) | notice | 45 D +45 | 13 | false
            EU |     | DEFAULT  | No specific privacy law (the policy's own terms) | notice | 45 D +45 | 13 | false
            """)
    void resolvesEveryPlaceInTheTable(String country, String region, Regime regime, String law, String consent,
                                      String deadline, int childConsentAge, boolean gpcBinding) {
        Location location = new Location(country, region, LocationSource.DATABASE);

        Jurisdiction jurisdiction = resolver.resolve(location);

        assertThat(jurisdiction.regime()).isEqualTo(regime);
        assertThat(jurisdiction.law()).isEqualTo(law.equals("GDPR") ? GDPR : law);
        assertThat(jurisdiction.consentModel()).isEqualTo(ConsentModel.fromCode(consent));
        assertThat(jurisdiction.dsrDeadline()).isEqualTo(deadline(deadline));
        assertThat(jurisdiction.childConsentAge()).isEqualTo(childConsentAge);
        assertThat(jurisdiction.gpcBinding()).isEqualTo(gpcBinding);
        assertThat(jurisdiction.location()).isSameAs(location);
    }

    @ParameterizedTest(name = "{0}-{1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "", textBlock = """
            DE |    | COMPLAINT_TO_AUTHORITY
            NO |    | COMPLAINT_TO_AUTHORITY
            RE |    | COMPLAINT_TO_AUTHORITY
            GB |    | COMPLAINT_TO_AUTHORITY
            CH |    | COMPLAINT_TO_AUTHORITY
            BR |    | COMPLAINT_TO_AUTHORITY
            AR |    | FREE_ACCESS_EVERY_SIX_MONTHS,COMPLAINT_TO_AUTHORITY
            CA | ON | COMPLAINT_TO_AUTHORITY
            CA | QC | COMPLAINT_TO_AUTHORITY
            US | CA | SHINE_THE_LIGHT,OPT_OUT_OF_SALE
            US | VA | OPT_OUT_OF_SALE
            US | IA | OPT_OUT_OF_SALE
            US | MD | OPT_OUT_OF_SALE
            US | WA |
            US |    | SHINE_THE_LIGHT,OPT_OUT_OF_SALE
            PR |    |
            JP |    |
            """)
    void grantsTheSpecialRightsOfEachRegime(String country, String region, String rights) {
        Set<SpecialRight> expected = rights == null ? Set.of()
                : Arrays.stream(rights.split(",")).map(SpecialRight::valueOf).collect(Collectors.toSet());

        assertThat(resolver.resolve(new Location(country, region, LocationSource.DATABASE)).specialRights())
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}-{1} at {2} -> {3} gpc={4} age={5}")
    @CsvSource(delimiter = '|', textBlock = """
            # state | at (UTC clock)        | regime   | GPC binding | child age
            CA | 2019-12-31T23:59:59Z | DEFAULT  | false | 13
            CA | 2020-01-01T00:00:00Z | CCPA     | false | 16
            CA | 2020-08-14T00:00:00Z | CCPA     | true  | 16
            IN | 2025-12-31T23:59:59Z | DEFAULT  | false | 13
            IN | 2026-01-01T00:00:00Z | US_STATE | false | 13
            KY | 2025-12-31T23:59:59Z | DEFAULT  | false | 13
            RI | 2026-01-01T00:00:00Z | US_STATE | false | 13
            OR | 2024-06-30T23:59:59Z | DEFAULT  | false | 13
            OR | 2024-07-01T00:00:00Z | US_STATE | false | 16
            OR | 2025-12-31T23:59:59Z | US_STATE | false | 16
            OR | 2026-01-01T00:00:00Z | US_STATE | true  | 16
            DE | 2024-12-31T23:59:59Z | DEFAULT  | false | 13
            DE | 2025-01-01T00:00:00Z | US_STATE | false | 18
            DE | 2025-12-31T23:59:59Z | US_STATE | false | 18
            DE | 2026-01-01T00:00:00Z | US_STATE | true  | 18
            MD | 2025-09-30T23:59:59Z | DEFAULT  | false | 13
            MD | 2025-10-01T00:00:00Z | US_STATE | true  | 18
            CO | 2023-06-30T23:59:59Z | DEFAULT  | false | 13
            CO | 2023-07-01T00:00:00Z | US_STATE | false | 13
            CO | 2024-07-01T00:00:00Z | US_STATE | true  | 13
            CO | 2025-10-01T00:00:00Z | US_STATE | true  | 18
            MT | 2025-09-30T23:59:59Z | US_STATE | true  | 16
            MT | 2025-10-01T00:00:00Z | US_STATE | true  | 18
            TX | 2024-12-31T23:59:59Z | US_STATE | false | 13
            TX | 2025-01-01T00:00:00Z | US_STATE | true  | 13
            NJ | 2025-01-14T23:59:59Z | DEFAULT  | false | 13
            NJ | 2025-01-15T00:00:00Z | US_STATE | false | 17
            NJ | 2025-07-15T00:00:00Z | US_STATE | true  | 17
            NH | 2025-01-01T00:00:00Z | US_STATE | true  | 16
            VA | 2022-12-31T23:59:59Z | DEFAULT  | false | 13
            VA | 2023-01-01T00:00:00Z | US_STATE | false | 13
            """)
    void appliesEachStateLawFromItsDates(String state, Instant at, Regime regime, boolean gpcBinding,
                                         int childConsentAge) {
        JurisdictionResolver then = new JurisdictionResolver(SETTINGS, Clock.fixed(at, ZoneOffset.UTC));

        Jurisdiction jurisdiction = then.resolve(new Location("US", state, LocationSource.DATABASE));

        assertThat(jurisdiction.regime()).isEqualTo(regime);
        assertThat(jurisdiction.gpcBinding()).isEqualTo(gpcBinding);
        assertThat(jurisdiction.childConsentAge()).isEqualTo(childConsentAge);
    }

    @ParameterizedTest(name = "US without a state at {0} -> {1} gpc={2} age={3}")
    @CsvSource(delimiter = '|', textBlock = """
            # at (UTC clock)      | regime   | GPC binding | child age: the strictest of the laws then in force
            2019-12-31T23:59:59Z | DEFAULT  | false | 13
            2020-01-01T00:00:00Z | US_STATE | false | 16
            2020-08-14T00:00:00Z | US_STATE | true  | 16
            2024-09-30T23:59:59Z | US_STATE | true  | 16
            2024-10-01T00:00:00Z | US_STATE | true  | 18
            """)
    void appliesTheStrictestStateLawInForceWhenTheStateIsUnknown(Instant at, Regime regime, boolean gpcBinding,
                                                               int childConsentAge) {
        JurisdictionResolver then = new JurisdictionResolver(SETTINGS, Clock.fixed(at, ZoneOffset.UTC));

        Jurisdiction jurisdiction = then.resolve(Location.of("US", LocationSource.DATABASE));

        assertThat(jurisdiction.regime()).isEqualTo(regime);
        assertThat(jurisdiction.gpcBinding()).isEqualTo(gpcBinding);
        assertThat(jurisdiction.childConsentAge()).isEqualTo(childConsentAge);
        assertThat(jurisdiction.consentModel()).isEqualTo(regime == Regime.DEFAULT ? ConsentModel.NOTICE
                : ConsentModel.OPT_OUT);
    }

    @Test
    void readsTheClockOnEveryCallNotOnceAtConstruction() {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2025-12-31T12:00:00Z"));
        JurisdictionResolver moving = new JurisdictionResolver(SETTINGS, new SettableClock(now, ZoneOffset.UTC));
        Location indiana = new Location("US", "IN", LocationSource.DATABASE);
        Location oregon = new Location("US", "OR", LocationSource.DATABASE);
        assertThat(moving.resolve(indiana).regime()).isEqualTo(Regime.DEFAULT);
        assertThat(moving.resolve(oregon).gpcBinding()).isFalse();

        now.set(Instant.parse("2026-01-01T00:00:00Z"));

        assertThat(moving.resolve(indiana).regime()).isEqualTo(Regime.US_STATE);
        assertThat(moving.resolve(indiana).law()).isEqualTo("Indiana Consumer Data Protection Act (ICDPA)");
        assertThat(moving.resolve(oregon).gpcBinding()).isTrue();
    }

    @Test
    void tellsWhenAPlacesRulesNextChangeAndResolvesAsBeforeUntilThen() {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2025-12-31T12:00:00Z"));
        JurisdictionResolver moving = new JurisdictionResolver(SETTINGS, new SettableClock(now, ZoneOffset.UTC));
        Location indiana = new Location("US", "IN", LocationSource.DATABASE);
        long noon = now.get().toEpochMilli();

        long change = moving.rulesChangeAfter(indiana, noon);

        assertThat(Instant.ofEpochMilli(change)).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        now.set(Instant.ofEpochMilli(change - 1));
        assertThat(moving.resolve(indiana).regime()).isEqualTo(Regime.DEFAULT);
        now.set(Instant.ofEpochMilli(change));
        assertThat(moving.resolve(indiana).regime()).isEqualTo(Regime.US_STATE);
        assertThat(moving.rulesChangeAfter(indiana, change)).isGreaterThan(change);
        assertThat(moving.rulesChangeAfter(new Location("DE", null, LocationSource.DATABASE), noon))
                .as("a place without dated rules").isEqualTo(Long.MAX_VALUE);
        assertThat(moving.rulesChangeAfter(Location.UNKNOWN, noon)).as("the fallback").isEqualTo(Long.MAX_VALUE);
        assertThat(moving.rulesChangeAfter(null, noon)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void startsADatedRuleAtMidnightInTheClocksZone() {
        Instant newYearInUtc = Instant.parse("2026-01-01T05:00:00Z"); // still 2025-12-31 in Los Angeles
        Location indiana = new Location("US", "IN", LocationSource.DATABASE);

        assertThat(new JurisdictionResolver(SETTINGS, Clock.fixed(newYearInUtc, ZoneOffset.UTC))
                .resolve(indiana).regime()).isEqualTo(Regime.US_STATE);
        assertThat(new JurisdictionResolver(SETTINGS, Clock.fixed(newYearInUtc, ZoneId.of("America/Los_Angeles")))
                .resolve(indiana).regime()).isEqualTo(Regime.DEFAULT);
    }

    @Test
    void greeceIsGrNeverTheEuLabelEl() {
        assertThat(resolver.resolve(Location.of("GR", LocationSource.DATABASE)).regime()).isEqualTo(Regime.GDPR);
        assertThat(resolver.resolve(Location.of("EL", LocationSource.DATABASE)).regime()).isEqualTo(Regime.DEFAULT);
        assertThat(RegimeTable.EU_27).contains("GR").doesNotContain("EL");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ENG", "SCT", "WLS", "NIR", "CAM", "LND"})
    void greatBritainIsNeverGdprWhateverItsRegion(String region) {
        Jurisdiction jurisdiction = resolver.resolve(new Location("GB", region, LocationSource.DATABASE));

        assertThat(jurisdiction.regime()).isEqualTo(Regime.UK_GDPR);
        assertThat(jurisdiction.law()).isEqualTo("UK GDPR and PECR");
    }

    @Test
    void quebecHasItsOwnLawAndOntarioHasPipeda() {
        Jurisdiction quebec = resolver.resolve(new Location("CA", "QC", LocationSource.HEADER));
        Jurisdiction ontario = resolver.resolve(new Location("CA", "ON", LocationSource.HEADER));

        assertThat(quebec.regime()).isEqualTo(Regime.CA_QC);
        assertThat(quebec.consentModel()).isEqualTo(ConsentModel.OPT_IN);
        assertThat(quebec.childConsentAge()).isEqualTo(14);
        assertThat(ontario.regime()).isEqualTo(Regime.CA_PIPEDA);
        assertThat(ontario.consentModel()).isEqualTo(ConsentModel.OPT_OUT);
        assertThat(ontario.dsrDeadline()).isEqualTo(Deadline.of(30, DeadlineUnit.CALENDAR_DAYS, 30));
    }

    @Test
    void puertoRicoIsNoUsStateEvenThoughCaliforniaIs() {
        assertThat(resolver.resolve(Location.of("PR", LocationSource.DATABASE)).regime()).isEqualTo(Regime.DEFAULT);
        assertThat(resolver.resolve(new Location("US", "CA", LocationSource.DATABASE)).regime())
                .isEqualTo(Regime.CCPA);
    }

    @Test
    void unknownLocationGetsTheStrictestRegimeByDefault() {
        Jurisdiction jurisdiction = resolver.resolve(Location.UNKNOWN);

        assertThat(jurisdiction.regime()).isEqualTo(Regime.GDPR);
        assertThat(jurisdiction.law()).isEqualTo(GDPR);
        assertThat(jurisdiction.consentModel()).isEqualTo(ConsentModel.OPT_IN);
        assertThat(jurisdiction.childConsentAge()).isEqualTo(16); // GDPR Art. 8(1) without a member state
        assertThat(jurisdiction.location()).isSameAs(Location.UNKNOWN);
        assertThat(jurisdiction.location().source()).isEqualTo(LocationSource.UNKNOWN);
    }

    @Test
    void nullLocationIsTreatedAsUnknown() {
        Jurisdiction jurisdiction = resolver.resolve(null);

        assertThat(jurisdiction.regime()).isEqualTo(Regime.GDPR);
        assertThat(jurisdiction.location()).isEqualTo(Location.UNKNOWN);
    }

    @ParameterizedTest
    @EnumSource(Regime.class)
    void unknownLocationGetsTheConfiguredFallback(Regime fallback) {
        JurisdictionResolver configured = resolverWithFallback(fallback);

        Jurisdiction jurisdiction = configured.resolve(Location.UNKNOWN);

        assertThat(jurisdiction.regime()).isEqualTo(fallback);
        assertThat(jurisdiction.location()).isSameAs(Location.UNKNOWN);
    }

    @ParameterizedTest(name = "fallback {0}")
    @CsvSource(delimiter = '|', textBlock = """
            # fallback | law | consent | deadline | child age | GPC binding
            UK_GDPR   | UK GDPR and PECR | opt-in | 1 M +2 | 13 | false
            CH_FADP   | Swiss Federal Act on Data Protection (revFADP) and Telecommunications Act | opt-out | 30 D +open | 0 | false
            LGPD      | Brazil LGPD (Lei 13.709/2018) and ECA Digital (Lei 15.211/2025) | opt-in | 15 D | 18 | false
            AR_PDPA   | Argentina Personal Data Protection Law 25.326 | opt-in | 10 D | 0 | false
            CA_PIPEDA | PIPEDA | opt-out | 30 D +30 | 13 | false
            CA_QC     | Quebec Law 25 (Act respecting the protection of personal information in the private sector) | opt-in | 30 D | 14 | false
            CCPA      | California Consumer Privacy Act as amended by the CPRA (CCPA) | opt-out | 45 D +45 | 16 | true
            US_STATE  | US state privacy laws (state unknown: strictest applies) | opt-out | 45 D +45 | 18 | true
            DEFAULT   | No specific privacy law (the policy's own terms) | opt-out | 30 D +15 | 16 | false
            """)
    void unknownLocationGetsTheFallbacksRules(Regime fallback, String law, String consent, String deadline,
                                              int childConsentAge, boolean gpcBinding) {
        Jurisdiction jurisdiction = resolverWithFallback(fallback).resolve(Location.UNKNOWN);

        assertThat(jurisdiction.law()).isEqualTo(law);
        assertThat(jurisdiction.consentModel()).isEqualTo(ConsentModel.fromCode(consent));
        assertThat(jurisdiction.dsrDeadline()).isEqualTo(deadline(deadline));
        assertThat(jurisdiction.childConsentAge()).isEqualTo(childConsentAge);
        assertThat(jurisdiction.gpcBinding()).isEqualTo(gpcBinding);
    }

    @Test
    void defaultRegimeTakesItsRulesFromTheSettings() {
        JurisdictionSettings settings = new JurisdictionSettings(Regime.GDPR, ConsentModel.OPT_OUT,
                Deadline.of(10, DeadlineUnit.BUSINESS_DAYS, 5), 16);
        JurisdictionResolver configured = new JurisdictionResolver(settings, Clock.fixed(TODAY, ZoneOffset.UTC));

        for (Location location : new Location[] {Location.of("JP", LocationSource.DATABASE),
                new Location("US", "WA", LocationSource.DATABASE), Location.of("PR", LocationSource.OVERRIDE)}) {
            Jurisdiction jurisdiction = configured.resolve(location);
            assertThat(jurisdiction.regime()).isEqualTo(Regime.DEFAULT);
            assertThat(jurisdiction.consentModel()).isEqualTo(ConsentModel.OPT_OUT);
            assertThat(jurisdiction.dsrDeadline()).isEqualTo(Deadline.of(10, DeadlineUnit.BUSINESS_DAYS, 5));
            assertThat(jurisdiction.childConsentAge()).isEqualTo(16);
            assertThat(jurisdiction.gpcBinding()).isFalse();
            assertThat(jurisdiction.specialRights()).isEmpty();
        }
        // A US state before its law's effective date falls back to the configured DEFAULT too.
        Jurisdiction indianaIn2025 = new JurisdictionResolver(settings,
                Clock.fixed(Instant.parse("2025-06-01T00:00:00Z"), ZoneOffset.UTC))
                .resolve(new Location("US", "IN", LocationSource.DATABASE));
        assertThat(indianaIn2025.regime()).isEqualTo(Regime.DEFAULT);
        assertThat(indianaIn2025.consentModel()).isEqualTo(ConsentModel.OPT_OUT);
    }

    @Test
    void lowerCaseCodesFromHeadersResolveLikeUpperCase() {
        assertThat(resolver.resolve(new Location("ca", "qc", LocationSource.HEADER)).regime())
                .isEqualTo(Regime.CA_QC);
        assertThat(resolver.resolve(new Location("us", "ca", LocationSource.HEADER)).regime())
                .isEqualTo(Regime.CCPA);
    }

    @Test
    void countrySetsMatchTheFactsFileAndDoNotOverlap() {
        assertThat(RegimeTable.EU_27).hasSize(27);
        assertThat(RegimeTable.GDPR_CHILD_CONSENT_AGE.keySet())
                .containsExactlyInAnyOrderElementsOf(union(RegimeTable.EU_27, RegimeTable.EEA_EFTA));
        assertThat(RegimeTable.GDPR_CHILD_CONSENT_AGE.values()).allSatisfy(age -> assertThat(age).isBetween(13, 16));
        Set<String> seen = new java.util.HashSet<>();
        for (Set<String> set : java.util.List.of(RegimeTable.EU_27, RegimeTable.EEA_EFTA,
                RegimeTable.GDPR_TERRITORIES.keySet(), RegimeTable.NOT_EU_TERRITORIES,
                RegimeTable.OWN_LAW_BRITISH_TERRITORIES, RegimeTable.US_TERRITORIES, Set.of("GB", "CH", "US", "CA"))) {
            for (String code : set) {
                assertThat(seen.add(code)).as("%s in two sets", code).isTrue();
            }
        }
        assertThat(RegimeTable.US_STATE_LAWS).extracting(UsStateLaw::state).doesNotHaveDuplicates().hasSize(22);
    }

    @Test
    void everyRegimeIsReachableFromSomeLocation() {
        Set<Regime> reached = EnumSet.noneOf(Regime.class);
        for (String code : new String[] {"DE", "GB", "CH", "BR", "AR", "JP"}) {
            reached.add(resolver.resolve(Location.of(code, LocationSource.DATABASE)).regime());
        }
        for (String[] place : new String[][] {{"US", "CA"}, {"US", "VA"}, {"CA", "ON"}, {"CA", "QC"}}) {
            reached.add(resolver.resolve(new Location(place[0], place[1], LocationSource.DATABASE)).regime());
        }
        assertThat(reached).containsExactlyInAnyOrder(Regime.values());
    }

    private static JurisdictionResolver resolverWithFallback(Regime fallback) {
        JurisdictionSettings settings = new JurisdictionSettings(fallback, ConsentModel.OPT_OUT,
                Deadline.of(30, DeadlineUnit.CALENDAR_DAYS, 15), 16);
        return new JurisdictionResolver(settings, Clock.fixed(TODAY, ZoneOffset.UTC));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return all;
    }

    /** {@code "1 M +2"}, {@code "30 D"}, {@code "45 D +45"}, {@code "30 D +open"}: M calendar months, D calendar days. */
    static Deadline deadline(String text) {
        String[] parts = text.trim().split("\\s+");
        if (parts.length > 2 && parts[2].equals("+open")) {
            return Deadline.withOpenExtension(Integer.parseInt(parts[0]), parts[1].equals("M")
                    ? DeadlineUnit.CALENDAR_MONTHS : DeadlineUnit.CALENDAR_DAYS);
        }
        DeadlineUnit unit = switch (parts[1]) {
            case "M" -> DeadlineUnit.CALENDAR_MONTHS;
            case "D" -> DeadlineUnit.CALENDAR_DAYS;
            default -> throw new IllegalArgumentException(text);
        };
        int extension = parts.length > 2 ? Integer.parseInt(parts[2].substring(1)) : 0;
        return Deadline.of(Integer.parseInt(parts[0]), unit, extension);
    }

    /** A clock a test can move forward. */
    private static final class SettableClock extends Clock {
        private final AtomicReference<Instant> now;
        private final ZoneId zone;

        SettableClock(AtomicReference<Instant> now, ZoneId zone) {
            this.now = now;
            this.zone = zone;
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId other) {
            return new SettableClock(now, other);
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }
}
