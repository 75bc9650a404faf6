package io.privacykit.rights;

import de.focus_shift.jollyday.core.HolidayManager;
import de.focus_shift.jollyday.core.HolidayType;
import de.focus_shift.jollyday.core.ManagerParameters;
import java.time.DayOfWeek;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Business days from the public holidays of the Jollyday library: Monday to Friday except the
 * public holidays of a country and, where Jollyday knows it, of its subdivision (for example
 * {@code US}/{@code CA} adds California's state holidays to the federal ones). Thread-safe; each
 * country's calendar is loaded once per instance.
 */
public final class HolidayCalendars {

    private final Map<String, HolidayManager> managers = new ConcurrentHashMap<>();

    /** Calendars loaded on first use. */
    public HolidayCalendars() {
    }

    /**
     * The business days of {@code country} (ISO 3166-1 alpha-2) and {@code region} (ISO 3166-2
     * without the country, or {@code null}); weekdays only when Jollyday has no calendar for the country.
     */
    public BusinessCalendar of(String country, String region) {
        Objects.requireNonNull(country, "country");
        String code = country.toUpperCase(Locale.ROOT);
        if (!HolidayManager.getSupportedCalendarCodes().contains(code)) {
            return BusinessCalendar.weekdays();
        }
        HolidayManager manager = managers.computeIfAbsent(code,
                c -> HolidayManager.getInstance(ManagerParameters.create(c)));
        String[] hierarchy = region == null ? new String[0] : new String[] {region.toLowerCase(Locale.ROOT)};
        return day -> day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY
                && !manager.isHoliday(day, HolidayType.PUBLIC_HOLIDAY, hierarchy);
    }

    /** The business days in {@code country} as {@link #of(String, String)} without a subdivision. */
    public BusinessCalendar of(String country) {
        return of(country, null);
    }

    /** Whether Jollyday has public holidays for {@code country}. */
    public boolean knows(String country) {
        return HolidayManager.getSupportedCalendarCodes().contains(country.toUpperCase(Locale.ROOT));
    }
}
