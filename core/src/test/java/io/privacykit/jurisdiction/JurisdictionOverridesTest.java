package io.privacykit.jurisdiction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.privacykit.geo.Location;
import io.privacykit.geo.LocationSource;
import java.io.IOException;
import java.io.StringReader;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The override file: corrections and additions to the built-in table, and the errors of a bad file. */
class JurisdictionOverridesTest {

    static JurisdictionOverrides overrides(String text) {
        List<String> problems = new ArrayList<>();
        JurisdictionOverrides overrides = JurisdictionOverrides.parse(properties(text), "regimes.properties", problems);
        assertThat(problems).isEmpty();
        return overrides;
    }

    static Properties properties(String text) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(text));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return properties;
    }

    static Jurisdiction resolve(JurisdictionOverrides overrides, String country, String region, String day) {
        Clock clock = Clock.fixed(LocalDate.parse(day).atStartOfDay(ZoneOffset.UTC).toInstant(), ZoneOffset.UTC);
        return new JurisdictionResolver(JurisdictionSettings.defaults().withOverrides(overrides), clock)
                .resolve(new Location(country, region, LocationSource.DATABASE));
    }

    @Test
    void aCorrectedDateTakesEffect() {
        JurisdictionOverrides earlier = overrides("US-OK.effective = 2026-12-01\n");

        assertThat(resolve(JurisdictionOverrides.NONE, "US", "OK", "2026-12-02").regime()).isEqualTo(Regime.DEFAULT);
        assertThat(resolve(earlier, "US", "OK", "2026-11-30").regime()).isEqualTo(Regime.DEFAULT);
        Jurisdiction corrected = resolve(earlier, "US", "OK", "2026-12-02");
        assertThat(corrected.regime()).isEqualTo(Regime.US_STATE);
        assertThat(corrected.law()).isEqualTo("Oklahoma Data Privacy Act (SB 546 of 2026)");
    }

    @Test
    void aLawyerCanAddAStateLawWithItsMinorsSteps() {
        JurisdictionOverrides added = overrides("""
                US-WY.law = Wyoming Example Privacy Act
                US-WY.effective = 2027-07-01
                US-WY.gpc-binding-from = 2028-01-01
                US-WY.deadline-days = 30
                US-WY.extension-days = 15
                US-WY.minors = parent<13 consent<16; 2028-01-01: banned<16
                """);

        assertThat(resolve(added, "US", "WY", "2027-06-30").regime()).isEqualTo(Regime.DEFAULT);
        Jurisdiction first = resolve(added, "US", "WY", "2027-07-01");
        assertThat(first.regime()).isEqualTo(Regime.US_STATE);
        assertThat(first.law()).isEqualTo("Wyoming Example Privacy Act");
        assertThat(first.gpcBinding()).isFalse();
        assertThat(first.minors()).hasToString("parent<13 consent<16");
        assertThat(first.dsrDeadline()).isEqualTo(Deadline.of(30, DeadlineUnit.CALENDAR_DAYS, 15));
        assertThat(first.consentModel("sensitive")).isEqualTo(ConsentModel.OPT_IN);
        Jurisdiction later = resolve(added, "US", "WY", "2028-01-01");
        assertThat(later.gpcBinding()).isTrue();
        assertThat(later.minors()).hasToString("banned<16");
        // The US without a state takes the added law into account.
        assertThat(resolve(added, "US", null, "2028-01-01").minors().targetedAdvertising().bannedUnder()).isEqualTo(18);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # override                                    | place | day        | regime  | law                                           | minors
            JE.regime=DEFAULT                             | JE    | 2026-11-23 | DEFAULT | No specific privacy law (the policy's own terms) | parent<13
            JE.minors=parent<16                           | JE    | 2026-11-23 | GDPR    | Data Protection (Jersey) Law 2018 (GDPR-modelled) | parent<16
            CH.minors=2027-01-01: parent<16               | CH    | 2026-12-31 | CH_FADP | Swiss Federal Act on Data Protection (revFADP) and Telecommunications Act | none
            CH.minors=2027-01-01: parent<16               | CH    | 2027-01-01 | CH_FADP | Swiss Federal Act on Data Protection (revFADP) and Telecommunications Act | parent<16
            KR.regime=GDPR                                | KR    | 2026-11-23 | GDPR    | GDPR (EU) 2016/679 and ePrivacy Directive 2002/58/EC | parent<16
            NO.law=Personopplysningsloven                 | NO    | 2026-11-23 | GDPR    | Personopplysningsloven                         | parent<13
            GB.law=UK GDPR, DPA 2018 and PECR             | GB    | 2026-11-23 | UK_GDPR | UK GDPR, DPA 2018 and PECR                     | parent<13
            """)
    void countriesCanChangeRegimeLawOrMinorsRule(String override, String country, String day, Regime regime,
                                                 String law, String minors) {
        Jurisdiction jurisdiction = resolve(overrides(override), country, null, day);

        assertThat(jurisdiction.regime()).isEqualTo(regime);
        assertThat(jurisdiction.law()).isEqualTo(law);
        assertThat(jurisdiction.minors()).hasToString(minors);
    }

    @Test
    void aCountryOverrideKeepsTheBuiltInDatedChanges() {
        JurisdictionOverrides renamed = overrides("GB.law=UK GDPR, DPA 2018 and PECR\n");

        assertThat(resolve(renamed, "GB", null, "2026-02-04").consentModel("performance")).isEqualTo(ConsentModel.OPT_IN);
        assertThat(resolve(renamed, "GB", null, "2026-02-05").consentModel("performance")).isEqualTo(ConsentModel.OPT_OUT);
    }

    @Test
    void aStateLawCanBeRemovedOrItsSignalDutyDropped() {
        JurisdictionOverrides overrides = overrides("US-LA.effective=never\nUS-CA.gpc-binding-from=never\n");

        assertThat(resolve(overrides, "US", "LA", "2027-06-01").regime()).isEqualTo(Regime.DEFAULT);
        assertThat(resolve(overrides, "US", "CA", "2027-06-01").regime()).isEqualTo(Regime.CCPA);
        assertThat(resolve(overrides, "US", "CA", "2027-06-01").gpcBinding()).isFalse();
    }

    @Test
    void aBadFileListsEveryErrorAtOnce() {
        List<String> problems = new ArrayList<>();
        JurisdictionOverrides.parse(properties("""
                US-OK.effective = 2027-13-01
                US-OK.gpc-binding-from = soon
                US-OK.colour = blue
                US-WY.law = Wyoming Example Privacy Act
                US-TX.minors = 2025-01-01: kid<13
                US-TX.deadline-days = 0
                US-TX.regime = GDPR
                US-TX.sensitive = notice
                JE.regime = CCPA
                US.law = Federal
                DE-BY.law = Bavaria
                not a key = 1
                CH.minors = 2027-01-01: parent<16; 2026-01-01: parent<14
                """), "regimes.properties", problems);

        assertThat(problems).hasSize(13).allSatisfy(problem -> assertThat(problem).startsWith("regimes.properties: "));
        assertThat(String.join("\n", problems))
                .contains("US-OK.effective: '2027-13-01' is invalid")
                .contains("US-OK.gpc-binding-from: 'soon' is invalid")
                .contains("US-OK.colour: unknown field 'colour'")
                .contains("US-WY: a state not in the built-in table needs at least US-WY.law and US-WY.effective")
                .contains("US-TX.minors: unknown minors term 'kid<13'")
                .contains("US-TX.deadline-days: '0' is invalid; expected a whole number 1-365")
                .contains("US-TX.regime: 'GDPR' is invalid; expected US_STATE or CCPA")
                .contains("US-TX.sensitive: 'notice' is invalid")
                .contains("JE.regime: 'CCPA' is invalid")
                .contains("US.law: the US and Canada are set per state or province")
                .contains("DE-BY.law: only US states can be overridden by subdivision")
                .contains("'not' is not a key")
                .contains("CH.minors: steps must be in date order");
    }

    @Test
    void aDeclaredResidenceWinsOverTheAddressAndIsValidated() {
        JurisdictionResolver resolver = new JurisdictionResolver(JurisdictionSettings.defaults(),
                Clock.fixed(LocalDate.parse("2026-11-23").atStartOfDay(ZoneOffset.UTC).toInstant(), ZoneOffset.UTC));

        Jurisdiction californian = resolver.resolveResidence("us-ca");
        assertThat(californian.regime()).isEqualTo(Regime.CCPA);
        assertThat(californian.location()).isEqualTo(new Location("US", "CA", LocationSource.OVERRIDE));
        assertThat(resolver.resolveResidence("DE").regime()).isEqualTo(Regime.GDPR);
        assertThat(resolver.resolveResidence(" CA-QC ").regime()).isEqualTo(Regime.CA_QC);
        for (String bad : new String[] {"", "USA", "US-", "US_CA", "US-CALIF", "12"}) {
            assertThatThrownBy(() -> resolver.resolveResidence(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ISO 3166 code such as US-CA");
        }
        assertThatThrownBy(() -> resolver.resolveResidence(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "everywhere={0} {1}-{2} -> gpc {3}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            false | US | CA | true
            false | US | VA | false
            false | DE | -  | false
            true  | DE | -  | true
            """)
    void gpcJsonSaysTrueOnlyWhereTheSignalIsHonoured(boolean everywhere, String country, String region, boolean gpc) {
        Jurisdiction jurisdiction = resolve(JurisdictionOverrides.NONE, country, region, "2026-11-23");
        LocalDate updated = LocalDate.parse("2026-01-01");

        GpcStatement statement = GpcStatement.forVisitor(everywhere, jurisdiction, updated);

        assertThat(statement.gpc()).isEqualTo(gpc);
        assertThat(statement.toJson()).isEqualTo("{\"gpc\":" + gpc + ",\"lastUpdate\":\"2026-01-01\"}");
        assertThat(GpcStatement.forSite(everywhere, updated).gpc()).isEqualTo(everywhere);
    }
}
