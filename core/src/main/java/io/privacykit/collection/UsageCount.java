package io.privacykit.collection;

import java.time.LocalDate;
import java.util.Objects;

/**
 * How often one subject's information was used one way on one day (UTC): the unit
 * {@link CollectionStore} adds up, instead of one row per call.
 *
 * @param subject     the subject id
 * @param kind        collected, disclosed, sold or shared
 * @param category    the category id
 * @param purpose     the purpose id
 * @param counterpart the source or recipient code ({@link PiRecord#counterpart()})
 * @param regime      the regime code, or {@code -} when the app passed no request context
 * @param day         the day, UTC
 * @param count       how many records
 */
public record UsageCount(String subject, RecordKind kind, String category, String purpose, String counterpart,
                         String regime, LocalDate day, long count) {
    public UsageCount {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(counterpart, "counterpart");
        Objects.requireNonNull(regime, "regime");
        Objects.requireNonNull(day, "day");
    }
}
