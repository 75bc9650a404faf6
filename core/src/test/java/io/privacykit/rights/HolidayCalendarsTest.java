package io.privacykit.rights;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Business days are weekdays that are no public holiday of the country or, where given, its subdivision. */
class HolidayCalendarsTest {

    private final HolidayCalendars holidays = new HolidayCalendars();

    @ParameterizedTest(name = "{0}-{1} {2}: business day {3}")
    @CsvSource(nullValues = "-", textBlock = """
            AR, -,  2025-03-24, false
            AR, -,  2025-04-02, false
            AR, -,  2025-03-25, true
            US, CA, 2025-03-31, false
            US, -,  2025-03-31, true
            US, CA, 2025-01-20, false
            US, CA, 2025-11-28, false
            US, VA, 2025-11-28, true
            DE, -,  2025-10-03, false
            DE, -,  2025-10-02, true
            BR, -,  2025-04-21, false
            GB, -,  2025-12-25, false
            DE, -,  2025-10-04, false
            ZZ, -,  2025-12-25, true
            ZZ, -,  2025-12-27, false
            """)
    void knowsEachPlacesPublicHolidays(String country, String region, LocalDate day, boolean businessDay) {
        assertThat(holidays.of(country, region).isBusinessDay(day)).isEqualTo(businessDay);
    }

    @ParameterizedTest(name = "{0} + {1} business days = {2}")
    @CsvSource(textBlock = """
            2025-01-03, 1, 2025-01-06
            2025-01-04, 1, 2025-01-06
            2025-01-06, 5, 2025-01-13
            2025-01-06, 0, 2025-01-06
            """)
    void countsFromTheDayAfter(LocalDate start, int days, LocalDate end) {
        assertThat(BusinessCalendar.weekdays().plusBusinessDays(start, days)).isEqualTo(end);
    }
}
