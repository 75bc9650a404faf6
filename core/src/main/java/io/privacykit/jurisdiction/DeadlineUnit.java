package io.privacykit.jurisdiction;

/** The unit a law counts a deadline in; the distinction matters (GDPR Art. 12(3) counts months). */
public enum DeadlineUnit {
    CALENDAR_MONTHS,
    CALENDAR_DAYS,
    BUSINESS_DAYS
}
