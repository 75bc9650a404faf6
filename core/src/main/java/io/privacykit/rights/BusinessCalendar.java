package io.privacykit.rights;

import java.time.DayOfWeek;
import java.time.LocalDate;

/** Which days count as business days where a law counts its deadline in business days. */
@FunctionalInterface
public interface BusinessCalendar {

    /** Whether {@code day} is a business day: not a weekend day and not a public holiday. */
    boolean isBusinessDay(LocalDate day);

    /** The {@code days}-th business day after {@code start} ({@code start} itself never counts). */
    default LocalDate plusBusinessDays(LocalDate start, int days) {
        LocalDate day = start;
        int counted = 0;
        while (counted < days) {
            day = day.plusDays(1);
            if (isBusinessDay(day)) {
                counted++;
            }
        }
        return day;
    }

    /** Monday to Friday, no holidays: for tests and for places without a holiday calendar. */
    static BusinessCalendar weekdays() {
        return day -> day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY;
    }
}
