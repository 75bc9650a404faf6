package io.privacykit.collection;

import java.time.Instant;
import java.util.Objects;

/**
 * How often records diverged from the policy one way, and when first and last.
 *
 * @param violation   how they diverged
 * @param kind        collected, disclosed, sold or shared
 * @param category    the category id (or name as given)
 * @param purpose     the purpose id (or name as given)
 * @param counterpart the source or recipient code
 * @param count       how many records
 * @param firstSeen   the first such record's time
 * @param lastSeen    the last such record's time
 */
public record DivergenceCount(ViolationKind violation, RecordKind kind, String category, String purpose,
                              String counterpart, long count, Instant firstSeen, Instant lastSeen) {
    public DivergenceCount {
        Objects.requireNonNull(violation, "violation");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(counterpart, "counterpart");
        Objects.requireNonNull(firstSeen, "firstSeen");
        Objects.requireNonNull(lastSeen, "lastSeen");
    }
}
