package io.privacykit.rights;

import io.privacykit.jurisdiction.Deadline;
import io.privacykit.jurisdiction.DeadlineUnit;
import io.privacykit.jurisdiction.Jurisdiction;
import io.privacykit.jurisdiction.Regime;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * Computes a request's {@link DueDates} from the requester's {@link Jurisdiction} (its
 * {@link Jurisdiction#dsrDeadline()}, PrivacyKit's regime table) and the right exercised, where a
 * law sets a different time for a right. Months are calendar months ({@link LocalDate#plusMonths}:
 * 31 January + 1 month is the last day of February); business days skip weekends and the public
 * holidays of the regime's calendar (see {@link #calendarOf(Jurisdiction)}). Thread-safe.
 */
public final class RightsDeadlines {

    /** 11 CCR 7021(a): confirm receipt of a request to delete, correct or know within 10 business days. */
    static final Deadline CCPA_ACKNOWLEDGE = Deadline.of(10, DeadlineUnit.BUSINESS_DAYS, 0);
    /** 11 CCR 7026(f)(1), 7027(g)(1): comply with an opt-out or a limit request within 15 business days. */
    static final Deadline CCPA_OPT_OUT = Deadline.of(15, DeadlineUnit.BUSINESS_DAYS, 0);
    /** Law 25.326 Art. 16(2): rectify, update or suppress within five business days. */
    static final Deadline AR_RECTIFY_OR_DELETE = Deadline.of(5, DeadlineUnit.BUSINESS_DAYS, 0);

    private final HolidayCalendars holidays;

    /** Deadlines counting business days with {@code holidays}. */
    public RightsDeadlines(HolidayCalendars holidays) {
        this.holidays = Objects.requireNonNull(holidays, "holidays");
    }

    /** The dates a request of {@code type} received on {@code received} from someone in {@code jurisdiction} is due by. */
    public DueDates of(Jurisdiction jurisdiction, RightType type, LocalDate received) {
        Objects.requireNonNull(jurisdiction, "jurisdiction");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(received, "received");
        Regime regime = jurisdiction.regime();
        Deadline deadline = deadline(jurisdiction, type);
        BusinessCalendar calendar = calendar(jurisdiction);
        LocalDate due = add(received, deadline.amount(), deadline.unit(), calendar);
        Optional<LocalDate> acknowledge = Optional.empty();
        if (regime == Regime.CCPA && type != RightType.OPT_OUT_OF_SALE && type != RightType.LIMIT_SENSITIVE) {
            acknowledge = Optional.of(add(received, CCPA_ACKNOWLEDGE.amount(), CCPA_ACKNOWLEDGE.unit(), calendar));
        }
        ExtensionRule extension;
        Optional<LocalDate> extendableTo = Optional.empty();
        if (deadline.extension() > 0) {
            extension = ExtensionRule.FIXED;
            // "Extended by two further months" (GDPR Art. 12(3)) counts from receipt: 31 January may
            // reach 30 April, not 28 April.
            extendableTo = Optional.of(deadline.extensionUnit() == deadline.unit()
                    ? add(received, deadline.amount() + deadline.extension(), deadline.unit(), calendar)
                    : add(due, deadline.extension(), deadline.extensionUnit(), calendar));
        } else if (regime == Regime.CH_FADP) {
            // revFADP Art. 25(7) and DPO Art. 18(1): 30 days; if that is not possible, tell the person
            // by when the information will come (verify).
            extension = ExtensionRule.WITH_NOTICE;
        } else {
            extension = ExtensionRule.NONE;
        }
        boolean usesBusinessDays = deadline.unit() == DeadlineUnit.BUSINESS_DAYS
                || deadline.extensionUnit() == DeadlineUnit.BUSINESS_DAYS || acknowledge.isPresent();
        return new DueDates(acknowledge, due, extension, extendableTo, clockStopsWhileVerifying(regime),
                deadline.toString(), usesBusinessDays ? calendarOf(jurisdiction) : "none");
    }

    /**
     * The deadline for a right: the regime's own except where a law sets another for that right.
     * Argentina's 10 days (Art. 14(2)) and Brazil's 15 (LGPD Art. 19 II) come from the regime table.
     */
    static Deadline deadline(Jurisdiction jurisdiction, RightType type) {
        return switch (jurisdiction.regime()) {
            case CCPA -> type == RightType.OPT_OUT_OF_SALE || type == RightType.LIMIT_SENSITIVE
                    ? CCPA_OPT_OUT : jurisdiction.dsrDeadline();
            case AR_PDPA -> type == RightType.RECTIFICATION || type == RightType.ERASURE
                    ? AR_RECTIFY_OR_DELETE : jurisdiction.dsrDeadline();
            default -> jurisdiction.dsrDeadline();
        };
    }

    /**
     * The UK's clock stops while the controller waits for proof of identity (UK GDPR Art. 12A as
     * inserted by the Data (Use and Access) Act 2025, and the ICO's right-of-access guidance on
     * stopping the clock; verify). The EDPB's Guidelines 01/2022 on the right of access give the
     * GDPR no such pause, nor do the other laws.
     */
    static boolean clockStopsWhileVerifying(Regime regime) {
        return regime == Regime.UK_GDPR;
    }

    /**
     * The calendar business days are counted in: California's for the CCPA, the country's for
     * Argentina, Brazil, Switzerland and the UK, Quebec's for Law 25, and otherwise the requester's
     * country and subdivision, as {@code CC} or {@code CC-RR}.
     */
    public static String calendarOf(Jurisdiction jurisdiction) {
        String[] place = place(jurisdiction);
        if (place[0] == null) {
            return "weekdays";
        }
        return place[1] == null ? place[0] : place[0] + "-" + place[1];
    }

    private static String[] place(Jurisdiction jurisdiction) {
        return switch (jurisdiction.regime()) {
            case CCPA -> new String[] {"US", "CA"};
            case AR_PDPA -> new String[] {"AR", null};
            case LGPD -> new String[] {"BR", null};
            case CH_FADP -> new String[] {"CH", null};
            case UK_GDPR -> new String[] {"GB", null};
            case CA_QC -> new String[] {"CA", "QC"};
            default -> new String[] {jurisdiction.country(), jurisdiction.region()};
        };
    }

    BusinessCalendar calendar(Jurisdiction jurisdiction) {
        String[] place = place(jurisdiction);
        return place[0] == null ? BusinessCalendar.weekdays() : holidays.of(place[0], place[1]);
    }

    /** {@code start} plus {@code amount} {@code unit}s; a month from the 31st ends on the month's last day. */
    static LocalDate add(LocalDate start, int amount, DeadlineUnit unit, BusinessCalendar calendar) {
        return switch (unit) {
            case CALENDAR_MONTHS -> start.plusMonths(amount);
            case CALENDAR_DAYS -> start.plusDays(amount);
            case BUSINESS_DAYS -> calendar.plusBusinessDays(start, amount);
        };
    }
}
