package io.privacykit.collection;

import java.time.LocalDate;
import java.util.Objects;

/**
 * How often information was used one way over a period, all subjects and regimes together.
 *
 * @param kind        collected, disclosed, sold or shared
 * @param category    the category id
 * @param purpose     the purpose id
 * @param counterpart the source or recipient code
 * @param count       how many records
 * @param firstDay    the first day with such a record in the period
 * @param lastDay     the last such day
 */
public record UsageTotal(RecordKind kind, String category, String purpose, String counterpart, long count,
                         LocalDate firstDay, LocalDate lastDay) {
    public UsageTotal {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(counterpart, "counterpart");
        Objects.requireNonNull(firstDay, "firstDay");
        Objects.requireNonNull(lastDay, "lastDay");
    }
}
