package io.privacykit.jurisdiction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Ages against the regime's minors rule and the policy's minimum age, as a table. */
class AgeGateTest {

    /** {@code allowed}, {@code banned<N}, {@code parent<N}, {@code self<N} or {@code minimum N}. */
    static String text(MinorsOutcome outcome) {
        if (outcome instanceof MinorsOutcome.Banned banned) {
            return "banned<" + banned.underAge();
        }
        if (outcome instanceof MinorsOutcome.ConsentRequired consent) {
            return (consent.by() == MinorsOutcome.Consenter.PARENT ? "parent<" : "self<") + consent.underAge();
        }
        if (outcome instanceof MinorsOutcome.BelowMinimumAge below) {
            return "minimum " + below.minimumAge();
        }
        assertThat(outcome.allowed()).isTrue();
        return "allowed";
    }

    @ParameterizedTest(name = "{0}-{1} on {2}, age {3}, {4} -> {5}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # country | region | day | age | purpose | outcome (policy minimum age 0)
            US | CA | 2026-11-23 | 12 | SALE                 | parent<13
            US | CA | 2026-11-23 | 13 | SALE                 | self<16
            US | CA | 2026-11-23 | 15 | TARGETED_ADVERTISING | self<16
            US | CA | 2026-11-23 | 16 | SALE                 | allowed
            US | OR | 2025-12-31 | 15 | TARGETED_ADVERTISING | self<16
            US | OR | 2026-01-01 | 15 | TARGETED_ADVERTISING | banned<16
            US | OR | 2026-01-01 | 16 | SALE                 | allowed
            US | MT | 2025-09-30 | 16 | SALE                 | allowed
            US | MT | 2025-10-01 | 16 | SALE                 | self<18
            US | MD | 2026-11-23 | 17 | SALE                 | banned<18
            US | MD | 2026-11-23 | 17 | PROFILING            | allowed
            US | MD | 2026-11-23 | 18 | TARGETED_ADVERTISING | allowed
            US | CT | 2023-07-01 | 15 | TARGETED_ADVERTISING | self<16
            US | CT | 2023-07-01 | 15 | PROFILING            | allowed
            US | CT | 2024-09-30 | 16 | SALE                 | allowed
            US | CT | 2024-10-01 | 16 | SALE                 | self<18
            US | CT | 2026-06-30 | 17 | TARGETED_ADVERTISING | self<18
            US | CT | 2026-07-01 | 17 | TARGETED_ADVERTISING | banned<18
            US | CT | 2026-07-01 | 17 | PROFILING            | self<18
            US | MN | 2026-11-23 | 16 | TARGETED_ADVERTISING | self<17
            US | MN | 2026-11-23 | 16 | PROFILING            | allowed
            US | MN | 2026-11-23 | 17 | SALE                 | allowed
            US | VA | 2026-11-23 | 12 | SALE                 | parent<13
            US | VA | 2026-11-23 | 13 | SALE                 | allowed
            US | -  | 2026-11-23 | 17 | SALE                 | banned<18
            BR | -  | 2026-03-16 | 17 | TARGETED_ADVERTISING | allowed
            BR | -  | 2026-03-17 | 17 | TARGETED_ADVERTISING | banned<18
            BR | -  | 2026-03-17 | 11 | SALE                 | parent<12
            BR | -  | 2026-03-17 | 12 | SALE                 | allowed
            FR | -  | 2026-11-23 | 14 | PROFILING            | parent<15
            FR | -  | 2026-11-23 | 15 | PROFILING            | allowed
            DE | -  | 2026-11-23 | 15 | PROFILING            | parent<16
            GB | -  | 2026-11-23 | 12 | TARGETED_ADVERTISING | parent<13
            CH | -  | 2026-11-23 | 10 | TARGETED_ADVERTISING | allowed
            """)
    void appliesTheMinorsRuleInForce(String country, String region, LocalDate day, int age, MinorsPurpose purpose,
                                     String outcome) {
        Jurisdiction jurisdiction = StateLawHistoryTest.on(country, region, day);

        assertThat(text(new AgeGate(0).decide(jurisdiction, age, purpose))).isEqualTo(outcome);
    }

    @ParameterizedTest(name = "policy minimum {0}, {1}, age {2} -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
            # an EU policy serves from 16, over France's Art. 8 age of 15; a US policy from 13 (COPPA)
            16 | FR | 15 | minimum 16
            16 | FR | 16 | allowed
            16 | BE | 13 | minimum 16
            13 | US | 12 | minimum 13
            13 | US | 13 | allowed
            13 | GB | 13 | allowed
            """)
    void thePolicysMinimumAgeComesFirst(int minimumAge, String country, int age, String outcome) {
        Jurisdiction jurisdiction = StateLawHistoryTest.on(country, country.equals("US") ? "VA" : null,
                LocalDate.parse("2026-11-23"));

        assertThat(text(new AgeGate(minimumAge).decide(jurisdiction, age, MinorsPurpose.PROFILING))).isEqualTo(outcome);
    }

    @Test
    void aCalifornianUnder16WhoDeclinedIsAskedAgainOnlyAfter12Months() {
        AgeGate gate = new AgeGate(13);
        LocalDate today = LocalDate.parse("2026-11-23");
        Instant declined = Instant.parse("2026-01-15T10:00:00Z");

        assertThat(gate.mayAskAgainFrom(StateLawHistoryTest.on("US", "CA", today), 15, declined))
                .contains(Instant.parse("2027-01-15T10:00:00Z"));
        assertThat(gate.mayAskAgainFrom(StateLawHistoryTest.on("US", "CA", today), 16, declined)).isEmpty();
        assertThat(gate.mayAskAgainFrom(StateLawHistoryTest.on("US", "VA", today), 15, declined)).isEmpty();
    }

    @Test
    void rejectsImpossibleAges() {
        Jurisdiction any = StateLawHistoryTest.on("DE", null, LocalDate.parse("2026-11-23"));

        assertThatThrownBy(() -> new AgeGate(13).decide(any, -1, MinorsPurpose.SALE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0-150");
        assertThatThrownBy(() -> new AgeGate(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            banned<18:sale+targeted-advertising parent<13 | sale: banned<18; targeted-advertising: banned<18; profiling: parent<13
            parent<13 consent<16                          | parent<13 consent<16
            none                                          | none
            """)
    void minorsRulesReadAndPrintInTheOverrideSyntax(String text, String printed) {
        assertThat(MinorsRule.parse(text)).hasToString(printed);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            banned    | needs an age
            kid<13    | unknown minors term
            parent<99 | needs an age 1-21
            consent<16:ads | unknown purpose 'ads'
            """)
    void badMinorsRulesAreNamed(String text, String message) {
        assertThatThrownBy(() -> MinorsRule.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }
}
