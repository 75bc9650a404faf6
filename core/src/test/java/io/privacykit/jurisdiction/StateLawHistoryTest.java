package io.privacykit.jurisdiction;

import static org.assertj.core.api.Assertions.assertThat;

import io.privacykit.geo.Location;
import io.privacykit.geo.LocationSource;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each state law's history as a table (docs/jurisdictions.md, "United States"): the day before and
 * the day of its effective date, of its universal opt-out duty and of each minors step. The minors
 * column is the rule in the override-file syntax: banned&lt;N (forbidden even with consent),
 * parent&lt;N (a parent consents), consent&lt;N (the minor opts in); per purpose where they differ.
 */
class StateLawHistoryTest {

    static Jurisdiction on(String country, String region, LocalDate day) {
        Clock clock = Clock.fixed(day.atStartOfDay(ZoneOffset.UTC).toInstant(), ZoneOffset.UTC);
        return new JurisdictionResolver(JurisdictionSettings.defaults(), clock)
                .resolve(new Location(country, region, LocationSource.DATABASE));
    }

    @ParameterizedTest(name = "US-{0} on {1} -> {2} gpc={3} minors={4}")
    @CsvSource(delimiter = '|', textBlock = """
            # state | day | regime | GPC binding | minors rule in force
            CA | 2019-12-31 | DEFAULT  | false | parent<13
            CA | 2020-01-01 | CCPA     | false | parent<13 consent<16
            CA | 2020-08-14 | CCPA     | true  | parent<13 consent<16
            VA | 2022-12-31 | DEFAULT  | false | parent<13
            VA | 2023-01-01 | US_STATE | false | parent<13
            CO | 2023-06-30 | DEFAULT  | false | parent<13
            CO | 2023-07-01 | US_STATE | false | parent<13
            CO | 2024-07-01 | US_STATE | true  | parent<13
            CO | 2025-09-30 | US_STATE | true  | parent<13
            CO | 2025-10-01 | US_STATE | true  | parent<13 consent<18
            # Connecticut: 13-15 opt in to ads and sale from the start (PA 22-15), under 18 from 42-529a
            # (PA 23-56), a ban on ads and sale under 18 from SB 1295
            CT | 2023-06-30 | DEFAULT  | false | parent<13
            CT | 2023-07-01 | US_STATE | false | sale: parent<13 consent<16; targeted-advertising: parent<13 consent<16; profiling: parent<13
            CT | 2024-09-30 | US_STATE | false | sale: parent<13 consent<16; targeted-advertising: parent<13 consent<16; profiling: parent<13
            CT | 2024-10-01 | US_STATE | false | parent<13 consent<18
            CT | 2025-01-01 | US_STATE | true  | parent<13 consent<18
            CT | 2026-06-30 | US_STATE | true  | parent<13 consent<18
            CT | 2026-07-01 | US_STATE | true  | sale: banned<18; targeted-advertising: banned<18; profiling: parent<13 consent<18
            UT | 2023-12-30 | DEFAULT  | false | parent<13
            UT | 2023-12-31 | US_STATE | false | parent<13
            TX | 2024-06-30 | DEFAULT  | false | parent<13
            TX | 2024-07-01 | US_STATE | false | parent<13
            TX | 2025-01-01 | US_STATE | true  | parent<13
            # Oregon: consent at 13-15 from the OCPA's start, a ban under 16 from HB 2008
            OR | 2024-06-30 | DEFAULT  | false | parent<13
            OR | 2024-07-01 | US_STATE | false | parent<13 consent<16
            OR | 2025-12-31 | US_STATE | false | parent<13 consent<16
            OR | 2026-01-01 | US_STATE | true  | banned<16
            # Montana: consent at 13-15 from the MCDPA's start, under 18 from SB 297
            MT | 2024-09-30 | DEFAULT  | false | parent<13
            MT | 2024-10-01 | US_STATE | false | parent<13 consent<16
            MT | 2025-01-01 | US_STATE | true  | parent<13 consent<16
            MT | 2025-09-30 | US_STATE | true  | parent<13 consent<16
            MT | 2025-10-01 | US_STATE | true  | parent<13 consent<18
            IA | 2024-12-31 | DEFAULT  | false | parent<13
            IA | 2025-01-01 | US_STATE | false | parent<13
            DE | 2024-12-31 | DEFAULT  | false | parent<13
            DE | 2025-01-01 | US_STATE | false | parent<13 consent<18
            DE | 2026-01-01 | US_STATE | true  | parent<13 consent<18
            NH | 2024-12-31 | DEFAULT  | false | parent<13
            NH | 2025-01-01 | US_STATE | true  | parent<13 consent<16
            NE | 2024-12-31 | DEFAULT  | false | parent<13
            NE | 2025-01-01 | US_STATE | true  | parent<13
            NJ | 2025-01-14 | DEFAULT  | false | parent<13
            NJ | 2025-01-15 | US_STATE | false | parent<13 consent<17
            NJ | 2025-07-15 | US_STATE | true  | parent<13 consent<17
            TN | 2025-06-30 | DEFAULT  | false | parent<13
            TN | 2025-07-01 | US_STATE | false | parent<13
            MN | 2025-07-30 | DEFAULT  | false | parent<13
            # Minnesota: consent "between the ages of 13 and 16" for ads and sale only
            MN | 2025-07-31 | US_STATE | true  | sale: parent<13 consent<17; targeted-advertising: parent<13 consent<17; profiling: parent<13
            # Maryland: no sale or targeted advertising under 18, consent or not
            MD | 2025-09-30 | DEFAULT  | false | parent<13
            MD | 2025-10-01 | US_STATE | true  | sale: banned<18; targeted-advertising: banned<18; profiling: parent<13
            IN | 2025-12-31 | DEFAULT  | false | parent<13
            IN | 2026-01-01 | US_STATE | false | parent<13
            KY | 2025-12-31 | DEFAULT  | false | parent<13
            KY | 2026-01-01 | US_STATE | false | parent<13
            RI | 2025-12-31 | DEFAULT  | false | parent<13
            RI | 2026-01-01 | US_STATE | false | parent<13
            # the 2026 laws, in force in 2027
            OK | 2026-12-31 | DEFAULT  | false | parent<13
            OK | 2027-01-02 | US_STATE | false | parent<13
            AL | 2027-04-30 | DEFAULT  | false | parent<13
            AL | 2027-05-02 | US_STATE | false | parent<13
            LA | 2026-12-31 | DEFAULT  | false | parent<13
            LA | 2027-01-02 | US_STATE | true  | parent<13
            """)
    void appliesEachStepOfEachStateLawFromItsDate(String state, LocalDate day, Regime regime, boolean gpcBinding,
                                                 String minors) {
        Jurisdiction jurisdiction = on("US", state, day);

        assertThat(jurisdiction.regime()).isEqualTo(regime);
        assertThat(jurisdiction.gpcBinding()).isEqualTo(gpcBinding);
        assertThat(jurisdiction.minors()).hasToString(minors);
        assertThat(jurisdiction.childConsentAge()).isEqualTo(jurisdiction.minors().restrictedUnder());
    }

    /**
     * Why the minors rule's {@code profiling} purpose needs no cookie category of its own
     * (docs/jurisdictions.md, "Profiling and cookie categories"): profiling to target advertising is
     * the {@code targeted-advertising} purpose, which decides the sale/sharing categories, and no law in
     * the table restricts profiling more than targeted advertising, at any age, on any of its dates.
     */
    @Test
    void noStateLawRestrictsProfilingMoreThanTargetedAdvertising() {
        for (UsStateLaw law : RegimeTable.US_STATE_LAWS) {
            for (LocalDate day : law.changes()) {
                MinorsRule rule = law.on(day).minors();
                for (int age = 0; age <= 21; age++) {
                    assertThat(strictness(rule.outcome(age, MinorsPurpose.TARGETED_ADVERTISING)))
                            .as("US-%s on %s, age %d", law.state(), day, age)
                            .isGreaterThanOrEqualTo(strictness(rule.outcome(age, MinorsPurpose.PROFILING)));
                }
            }
        }
        MinorsRule brazil = on("BR", null, RegimeTable.ECA_DIGITAL).minors();
        for (int age = 0; age <= 21; age++) {
            assertThat(strictness(brazil.outcome(age, MinorsPurpose.TARGETED_ADVERTISING)))
                    .isGreaterThanOrEqualTo(strictness(brazil.outcome(age, MinorsPurpose.PROFILING)));
        }
    }

    /** Allowed 0, the minor's own opt-in 1, a parent's consent 2, banned 3. */
    private static int strictness(MinorsOutcome outcome) {
        if (outcome instanceof MinorsOutcome.Banned) {
            return 3;
        }
        if (outcome instanceof MinorsOutcome.ConsentRequired required) {
            return required.by() == MinorsOutcome.Consenter.PARENT ? 2 : 1;
        }
        return 0;
    }

    @ParameterizedTest(name = "US-{0} on {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            OK | 2027-01-01 | Oklahoma Data Privacy Act (SB 546 of 2026)            | 45 | 45
            AL | 2027-05-01 | Alabama Personal Data Protection Act (HB 351 of 2026) | 45 | 45
            LA | 2027-01-01 | Louisiana Data Privacy Act (SB 386, Act 502 of 2026)  | 45 | 45
            IA | 2025-01-01 | Iowa Consumer Data Protection Act (ICDPA)             | 90 | 45
            """)
    void namesEachNewLawAndItsDeadline(String state, LocalDate effective, String law, int days, int extension) {
        Jurisdiction jurisdiction = on("US", state, effective);

        assertThat(jurisdiction.law()).isEqualTo(law);
        assertThat(jurisdiction.dsrDeadline()).isEqualTo(Deadline.of(days, DeadlineUnit.CALENDAR_DAYS, extension));
        assertThat(jurisdiction.specialRights()).containsExactly(SpecialRight.OPT_OUT_OF_SALE);
        assertThat(on("US", state, effective.minusDays(1)).regime()).isEqualTo(Regime.DEFAULT);
    }

    @ParameterizedTest(name = "{0}-{1} on {2}: {3} -> {4}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # country | region | day | category | consent model
            # UK: Data (Use and Access) Act 2025 exempts analytics and functionality cookies from 2026-02-05
            GB | -  | 2026-02-04 | performance   | opt-in
            GB | -  | 2026-02-04 | functionality | opt-in
            GB | -  | 2026-02-05 | performance   | opt-out
            GB | -  | 2026-02-05 | functionality | opt-out
            GB | -  | 2026-02-05 | advertising   | opt-in
            GB | -  | 2026-02-05 | sensitive     | opt-in
            # US states: sensitive data opt-in, except California (right to limit), Utah and Iowa (notice and opt-out)
            US | VA | 2026-11-23 | sensitive     | opt-in
            US | VA | 2026-11-23 | advertising   | opt-out
            US | CA | 2026-11-23 | sensitive     | opt-out
            US | UT | 2026-11-23 | sensitive     | opt-out
            US | IA | 2026-11-23 | sensitive     | opt-out
            US | -  | 2026-11-23 | sensitive     | opt-in
            # Washington's My Health My Data Act: health data opt-in, otherwise the policy's own terms
            US | WA | 2024-03-30 | health        | notice
            US | WA | 2024-03-31 | health        | opt-in
            US | WA | 2024-03-31 | advertising   | notice
            DE | -  | 2026-11-23 | performance   | opt-in
            """)
    void choosesTheConsentModelOfEachCategory(String country, String region, LocalDate day, String category,
                                              String model) {
        assertThat(on(country, region, day).consentModel(category)).isEqualTo(ConsentModel.fromCode(model));
    }

    @ParameterizedTest(name = "BR on {0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            2026-03-16 | parent<12
            2026-03-17 | sale: parent<12; targeted-advertising: banned<18; profiling: banned<18
            """)
    void brazilsEcaDigitalBansProfilingAdvertisingUnder18(LocalDate day, String minors) {
        assertThat(on("BR", null, day).minors()).hasToString(minors);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            2026-11-23 | 30 calendar days (longer with notice)
            """)
    void switzerlandAllowsALongerPeriodWithNotice(LocalDate day, String deadline) {
        Jurisdiction swiss = on("CH", "ZH", day);

        assertThat(swiss.dsrDeadline().extensionOpen()).isTrue();
        assertThat(swiss.dsrDeadline()).hasToString(deadline);
    }

    @ParameterizedTest(name = "Nevada on {0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            2019-09-30 | No specific privacy law (the policy's own terms)                      | false
            2019-10-01 | Nevada NRS 603A (sale opt-out only; otherwise the policy's own terms) | true
            """)
    void nevadaGivesOnlyASaleOptOut(LocalDate day, String law, boolean saleOptOut) {
        Jurisdiction nevada = on("US", "NV", day);

        assertThat(nevada.regime()).isEqualTo(Regime.DEFAULT);
        assertThat(nevada.law()).isEqualTo(law);
        assertThat(nevada.specialRights().contains(SpecialRight.OPT_OUT_OF_SALE)).isEqualTo(saleOptOut);
        assertThat(nevada.gpcBinding()).isFalse();
    }
}
