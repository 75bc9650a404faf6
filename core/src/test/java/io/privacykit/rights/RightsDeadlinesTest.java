package io.privacykit.rights;

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
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each law's deadline per right, counted from the day of receipt. */
class RightsDeadlinesTest {

    private static final JurisdictionResolver RESOLVER = new JurisdictionResolver(JurisdictionSettings.defaults(),
            Clock.fixed(Instant.parse("2025-06-01T00:00:00Z"), ZoneOffset.UTC));
    private static final HolidayCalendars HOLIDAYS = new HolidayCalendars();
    private final RightsDeadlines deadlines = new RightsDeadlines(HOLIDAYS);

    static Jurisdiction at(String country, String region) {
        return RESOLVER.resolve(new Location(country, region, LocationSource.HEADER));
    }

    @ParameterizedTest(name = "{0}-{1} {2} received {3}: due {4}")
    @CsvSource(nullValues = "-", textBlock = """
            # country, region, right,          received,   due,        acknowledge, extension,  extendable to
            # GDPR Art. 12(3): one calendar month, +2 months from receipt; a month from the 31st ends on the last day.
            DE, -,  ACCESS,            2025-01-31, 2025-02-28, -,          FIXED,       2025-04-30
            DE, -,  ERASURE,           2024-01-31, 2024-02-29, -,          FIXED,       2024-04-30
            FR, -,  PORTABILITY,       2025-03-15, 2025-04-15, -,          FIXED,       2025-06-15
            GB, -,  ACCESS,            2025-08-31, 2025-09-30, -,          FIXED,       2025-11-30
            # CCPA: 45 days +45 (11 CCR 7021(b)); acknowledge in 10 business days, Martin Luther King Day (20 Jan) skipped.
            US, CA, ACCESS,            2025-01-10, 2025-02-24, 2025-01-27, FIXED,       2025-04-10
            US, CA, KNOW,              2025-01-10, 2025-02-24, 2025-01-27, FIXED,       2025-04-10
            US, CA, ERASURE,           2025-01-10, 2025-02-24, 2025-01-27, FIXED,       2025-04-10
            # Opt-out and limit: 15 business days (11 CCR 7026(f), 7027(g)); Cesar Chavez Day (31 March) skipped.
            US, CA, OPT_OUT_OF_SALE,   2025-03-24, 2025-04-15, -,          NONE,        -
            US, CA, LIMIT_SENSITIVE,   2025-03-24, 2025-04-15, -,          NONE,        -
            # Argentina: access 10 days (Art. 14(2)); rectify or delete in 5 business days (Art. 16(2)),
            # skipping the Day of Remembrance (24 March) and Malvinas Day (2 April).
            AR, -,  ACCESS,            2025-03-20, 2025-03-30, -,          NONE,        -
            AR, -,  ERASURE,           2025-03-20, 2025-03-28, -,          NONE,        -
            AR, -,  RECTIFICATION,     2025-03-31, 2025-04-08, -,          NONE,        -
            # LGPD Art. 19 II: 15 days.
            BR, -,  ACCESS,            2025-01-31, 2025-02-15, -,          NONE,        -
            # Switzerland: 30 days, extendable with notice of the new date.
            CH, -,  ACCESS,            2025-01-31, 2025-03-02, -,          WITH_NOTICE, -
            # PIPEDA s.8(3)-(4): 30 days +30.
            CA, ON, ACCESS,            2025-01-31, 2025-03-02, -,          FIXED,       2025-04-01
            # Virginia: 45 days +45.
            US, VA, ACCESS,            2025-02-01, 2025-03-18, -,          FIXED,       2025-05-02
            # No specific law: the policy's 45 days +45.
            JP, -,  ACCESS,            2025-01-01, 2025-02-15, -,          FIXED,       2025-04-01
            """)
    void dueDatesPerRegimeAndRight(String country, String region, RightType right, LocalDate received, LocalDate due,
                                   LocalDate acknowledge, ExtensionRule extension, LocalDate extendableTo) {
        DueDates dates = deadlines.of(at(country, region), right, received);

        assertThat(dates.due()).isEqualTo(due);
        assertThat(dates.acknowledgeBy()).isEqualTo(Optional.ofNullable(acknowledge));
        assertThat(dates.extension()).isEqualTo(extension);
        assertThat(dates.extendableTo()).isEqualTo(Optional.ofNullable(extendableTo));
    }

    @Test
    void onlyTheUkStopsTheClockWhileIdentityIsVerified() {
        assertThat(deadlines.of(at("GB", null), RightType.ACCESS, LocalDate.of(2025, 9, 3)).clockStopsWhileVerifying())
                .isTrue();
        assertThat(deadlines.of(at("DE", null), RightType.ACCESS, LocalDate.of(2025, 9, 3)).clockStopsWhileVerifying())
                .isFalse();
    }

    @Test
    void aPauseMovesTheDueDateAndTheExtensionLimitByTheDaysItLasted() {
        // ICO: received 3 September, identity asked for the same day and given on 20 September.
        DueDates dates = deadlines.of(at("GB", null), RightType.ACCESS, LocalDate.of(2025, 9, 3));

        DueDates resumed = dates.shiftedBy(17);

        assertThat(resumed.due()).isEqualTo(LocalDate.of(2025, 10, 20));
        assertThat(resumed.extendableTo()).contains(LocalDate.of(2025, 12, 20));
    }

    @Test
    void namesTheCalendarItCountsBusinessDaysIn() {
        assertThat(RightsDeadlines.calendarOf(at("US", "CA"))).isEqualTo("US-CA");
        assertThat(RightsDeadlines.calendarOf(at("AR", "B"))).isEqualTo("AR");
        assertThat(RightsDeadlines.calendarOf(at("US", "VA"))).isEqualTo("US-VA");
        assertThat(deadlines.of(at("US", "CA"), RightType.OPT_OUT_OF_SALE, LocalDate.of(2025, 3, 24)).calendar())
                .isEqualTo("US-CA");
        assertThat(deadlines.of(at("DE", null), RightType.ACCESS, LocalDate.of(2025, 3, 24)).calendar())
                .isEqualTo("none");
        assertThat(at("US", "CA").regime()).isEqualTo(Regime.CCPA);
    }
}
