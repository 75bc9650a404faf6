package io.privacykit.jurisdiction;

import static org.assertj.core.api.Assertions.assertThat;

import io.privacykit.geo.GeoQuery;
import io.privacykit.geo.IpLiteral;
import io.privacykit.geo.Location;
import io.privacykit.geo.LocationSource;
import io.privacykit.geo.maxmind.MaxMindGeoLocator;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real addresses through the pinned GeoLite2 City database (build 2019-12-24) and the resolver,
 * on 2026-11-23. The database's answers are pinned too, so a changed file shows up here. That
 * data flags GB and GI as EU; the resolver must not care.
 */
class GeoJurisdictionTest {

    static final Clock TODAY = Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);

    static MaxMindGeoLocator geo;
    final JurisdictionResolver resolver = new JurisdictionResolver(JurisdictionSettings.defaults(), TODAY);

    @BeforeAll
    static void openDatabase() {
        geo = MaxMindGeoLocator.open(Path.of(System.getProperty("privacykit.test.geolite2.city")));
    }

    @AfterAll
    static void closeDatabase() {
        geo.close();
    }

    @ParameterizedTest(name = "{0} -> {1}-{2} -> {3}")
    @CsvSource(delimiter = '|', nullValues = "", textBlock = """
            # address          | country | region | regime    | law contains  | consent | child age | GPC binding
            # EU and EEA
            193.99.144.80      | DE | MV  | GDPR      | 2016/679 | opt-in  | 16 | false
            160.45.1.1         | DE | BE  | GDPR      | 2016/679 | opt-in  | 16 | false
            2.1.128.1          | FR | 44  | GDPR      | 2016/679 | opt-in  | 15 | false
            147.52.1.1         | GR | 91  | GDPR      | 2016/679 | opt-in  | 15 | false
            2.136.128.1        | ES | B   | GDPR      | 2016/679 | opt-in  | 14 | false
            2.32.0.1           | IT | AQ  | GDPR      | 2016/679 | opt-in  | 14 | false
            5.153.0.1          | NL | NH  | GDPR      | 2016/679 | opt-in  | 16 | false
            130.208.1.1        | IS |     | GDPR      | 2016/679 | opt-in  | 13 | false
            129.240.1.1        | NO |     | GDPR      | 2016/679 | opt-in  | 13 | false
            82.117.0.1         | LI | 11  | GDPR      | 2016/679 | opt-in  | 16 | false
            80.8.0.1           | RE |     | GDPR      | 2016/679 | opt-in  | 15 | false
            79.133.0.1         | AX |     | GDPR      | 2016/679 | opt-in  | 13 | false
            2001:638::1        | DE | RP  | GDPR      | 2016/679 | opt-in  | 16 | false
            2001:660::1        | FR |     | GDPR      | 2016/679 | opt-in  | 15 | false
            2001:700::1        | NO | 50  | GDPR      | 2016/679 | opt-in  | 13 | false
            2001:6d8::1        | PL |     | GDPR      | 2016/679 | opt-in  | 16 | false
            2a01:cb22::1       | RE |     | GDPR      | 2016/679 | opt-in  | 15 | false
            # Europe outside the EEA: the UK (EU-flagged in this data), Switzerland, Greenland, Gibraltar, Jersey
            81.2.69.142        | GB | OXF | UK_GDPR   | PECR     | opt-in  | 13 | false
            131.111.1.1        | GB | CAM | UK_GDPR   | PECR     | opt-in  | 13 | false
            2001:630::1        | GB | RDG | UK_GDPR   | PECR     | opt-in  | 13 | false
            129.132.1.1        | CH | ZH  | CH_FADP   | revFADP  | opt-out | 0  | false
            2001:620::1        | CH |     | CH_FADP   | revFADP  | opt-out | 0  | false
            88.83.0.1          | GL | SM  | DEFAULT   | policy   | notice  | 13 | false
            85.115.128.1       | GI |     | GDPR      | Gibraltar GDPR | opt-in | 13 | false
            82.112.128.1       | JE |     | GDPR      | Jersey   | opt-in  | 13 | false
            # Latin America
            143.107.1.1        | BR | SP  | LGPD      | 13.709   | opt-in  | 18 | false
            2001:12d0::1       | BR |     | LGPD      | 15.211   | opt-in  | 18 | false
            157.92.1.1         | AR | C   | AR_PDPA   | 25.326   | opt-in  | 0  | false
            2001:13b0::1       | AR |     | AR_PDPA   | 25.326   | opt-in  | 0  | false
            # Canada with and without Quebec
            132.206.1.1        | CA | QC  | CA_QC     | Law 25   | opt-in  | 14 | false
            2001:18c0::1       | CA | QC  | CA_QC     | Law 25   | opt-in  | 14 | false
            142.150.1.1        | CA | ON  | CA_PIPEDA | PIPEDA   | opt-out | 13 | false
            137.82.1.1         | CA | BC  | CA_PIPEDA | PIPEDA   | opt-out | 13 | false
            2600:3c04::1       | CA | ON  | CA_PIPEDA | PIPEDA   | opt-out | 13 | false
            2001:410::1        | CA |     | CA_PIPEDA | PIPEDA   | opt-out | 13 | false
            # US states with a law
            169.229.1.1        | US | CA  | CCPA      | CCPA     | opt-out | 16 | true
            2607:f010::1       | US | CA  | CCPA      | CCPA     | opt-out | 16 | true
            128.173.1.1        | US | VA  | US_STATE  | VCDPA    | opt-out | 13 | false
            2600:1f18::1       | US | VA  | US_STATE  | VCDPA    | opt-out | 13 | false
            128.83.1.1         | US | TX  | US_STATE  | TDPSA    | opt-out | 13 | true
            128.193.1.1        | US | OR  | US_STATE  | OCPA     | opt-out | 16 | true
            2600:1f14::1       | US | OR  | US_STATE  | OCPA     | opt-out | 16 | true
            129.82.1.1         | US | CO  | US_STATE  | CPA      | opt-out | 18 | true
            128.255.1.1        | US | IA  | US_STATE  | ICDPA    | opt-out | 13 | false
            128.8.0.1          | US | MD  | US_STATE  | MODPA    | opt-out | 18 | true
            12.30.0.1          | US | IN  | US_STATE  | Indiana  | opt-out | 13 | false
            2001:1948::1       | US | UT  | US_STATE  | UCPA     | opt-out | 13 | false
            # the US without a state: any state's visitor, so the strictest state rules
            8.8.8.8            | US |     | US_STATE  | strictest | opt-out | 18 | true
            # US states without a law, US territories
            128.95.1.1         | US | WA  | DEFAULT   | policy   | notice  | 13 | false
            2601:600::1        | US | WA  | DEFAULT   | policy   | notice  | 13 | false
            128.227.1.1        | US | FL  | DEFAULT   | policy   | notice  | 13 | false
            141.211.1.1        | US | MI  | DEFAULT   | policy   | notice  | 13 | false
            24.42.0.1          | PR |     | DEFAULT   | policy   | notice  | 13 | false
            2602:fdc5::1       | PR |     | DEFAULT   | policy   | notice  | 13 | false
            146.226.0.1        | VI | T   | DEFAULT   | policy   | notice  | 13 | false
            # private, loopback, documentation and uncountried addresses: unknown -> fallback (GDPR, Art. 8(1) 16)
            10.0.0.1           |    |     | GDPR      | 2016/679 | opt-in  | 16 | false
            192.168.1.1        |    |     | GDPR      | 2016/679 | opt-in  | 16 | false
            127.0.0.1          |    |     | GDPR      | 2016/679 | opt-in  | 16 | false
            2.16.0.1           |    |     | GDPR      | 2016/679 | opt-in  | 16 | false
            ::1                |    |     | GDPR      | 2016/679 | opt-in  | 16 | false
            fd00::1            |    |     | GDPR      | 2016/679 | opt-in  | 16 | false
            2001:db8::1        |    |     | GDPR      | 2016/679 | opt-in  | 16 | false
            """)
    void classifiesRealAddresses(String address, String country, String region, Regime regime, String law,
                                 String consent, int childConsentAge, boolean gpcBinding) {
        Location location = locate(address);

        assertThat(location.country()).isEqualTo(country);
        assertThat(location.region()).isEqualTo(region);
        assertThat(location.source()).isEqualTo(country == null ? LocationSource.UNKNOWN : LocationSource.DATABASE);

        Jurisdiction jurisdiction = resolver.resolve(location);

        assertThat(jurisdiction.regime()).isEqualTo(regime);
        assertThat(jurisdiction.law()).contains(law);
        assertThat(jurisdiction.consentModel()).isEqualTo(ConsentModel.fromCode(consent));
        assertThat(jurisdiction.childConsentAge()).isEqualTo(childConsentAge);
        assertThat(jurisdiction.gpcBinding()).isEqualTo(gpcBinding);
        assertThat(jurisdiction.location()).isSameAs(location);
    }

    @ParameterizedTest(name = "{0} through the Country database -> {1} {2}")
    @CsvSource(delimiter = '|', textBlock = """
            # A Country database never names a state: a Californian and a Washingtonian look the same.
            169.229.1.1   | US | US_STATE
            128.95.1.1    | US | US_STATE
            24.42.0.1     | PR | DEFAULT
            193.99.144.80 | DE | GDPR
            """)
    void aCountryDatabaseNeverKnowsTheState(String address, String country, Regime regime) {
        try (MaxMindGeoLocator countries = MaxMindGeoLocator.open(
                Path.of(System.getProperty("privacykit.test.geolite2.country")))) {
            Location location = countries.locate(GeoQuery.of(IpLiteral.parse(address).orElseThrow())).orElseThrow();

            assertThat(location.country()).isEqualTo(country);
            assertThat(location.region()).isNull();
            assertThat(resolver.resolve(location).regime()).isEqualTo(regime);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.1", "2.16.0.1", "fd00::1"})
    void unknownAddressesGetTheConfiguredFallback(String address) {
        JurisdictionSettings settings = new JurisdictionSettings(Regime.US_STATE, ConsentModel.NOTICE,
                Deadline.of(45, DeadlineUnit.CALENDAR_DAYS, 45), 13);

        Jurisdiction jurisdiction = new JurisdictionResolver(settings, TODAY).resolve(locate(address));

        assertThat(jurisdiction.regime()).isEqualTo(Regime.US_STATE);
        assertThat(jurisdiction.country()).isNull();
        assertThat(jurisdiction.location().source()).isEqualTo(LocationSource.UNKNOWN);
    }

    private static Location locate(String address) {
        return geo.locate(GeoQuery.of(IpLiteral.parse(address).orElseThrow())).orElse(Location.UNKNOWN);
    }
}
