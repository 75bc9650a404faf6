package io.privacykit.rights;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * The dates a request must be met by, counted from its receipt in the requester's regime.
 *
 * @param acknowledgeBy             when receipt must be confirmed, where the law says so (11 CCR 7021(a): 10 business days)
 * @param due                       when the answer is due
 * @param extension                 how the deadline may be extended
 * @param extendableTo              the latest date an extension may reach, for {@link ExtensionRule#FIXED}
 * @param clockStopsWhileVerifying  whether the days spent verifying identity do not count (UK)
 * @param rule                      the rule applied, for people: e.g. {@code 1 calendar month (+2)}
 * @param calendar                  the business-day calendar used, e.g. {@code US-CA}, or {@code none}
 */
public record DueDates(Optional<LocalDate> acknowledgeBy, LocalDate due, ExtensionRule extension,
                       Optional<LocalDate> extendableTo, boolean clockStopsWhileVerifying, String rule,
                       String calendar) {
    public DueDates {
        Objects.requireNonNull(acknowledgeBy, "acknowledgeBy");
        Objects.requireNonNull(due, "due");
        Objects.requireNonNull(extension, "extension");
        Objects.requireNonNull(extendableTo, "extendableTo");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(calendar, "calendar");
        if ((extension == ExtensionRule.FIXED) != extendableTo.isPresent()) {
            throw new IllegalArgumentException("a fixed extension, and only that, has a limit");
        }
    }

    /** These dates moved {@code days} later: the clock stood still that long (acknowledgement is not moved). */
    public DueDates shiftedBy(long days) {
        return new DueDates(acknowledgeBy, due.plusDays(days), extension, extendableTo.map(d -> d.plusDays(days)),
                clockStopsWhileVerifying, rule, calendar);
    }
}
