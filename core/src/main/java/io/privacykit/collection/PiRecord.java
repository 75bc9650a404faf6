package io.privacykit.collection;

import io.privacykit.jurisdiction.Regime;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One use of personal information as the app reported it to {@link CollectionRecorder}.
 *
 * @param kind          collected, disclosed, sold or shared
 * @param subject       whose information it is, pseudonymised
 * @param category      the category id (a Fides alias resolved), or the name as given when it stands for none
 * @param fidesCategory the Fides data category the app named, if it named one
 * @param purpose       the purpose id (a Fides alias resolved), or the name as given
 * @param source        where it came from (collected only)
 * @param recipient     who received it (disclosed, sold, shared)
 * @param regime        the visitor's regime, when the app passed the request context
 * @param at            when it happened
 */
public record PiRecord(RecordKind kind, SubjectId subject, String category, Optional<String> fidesCategory,
                       String purpose, Optional<SourceKind> source, Optional<Recipient> recipient,
                       Optional<Regime> regime, Instant at) {
    public PiRecord {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(fidesCategory, "fidesCategory");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(regime, "regime");
        Objects.requireNonNull(at, "at");
        if (kind == RecordKind.COLLECTED ? source.isEmpty() || recipient.isPresent()
                : recipient.isEmpty() || source.isPresent()) {
            throw new IllegalArgumentException("a collection has a source; a disclosure, sale or sharing a recipient");
        }
    }

    /** The source's or recipient's code, as stored: {@code user}, {@code third_party:Example Ads}. */
    public String counterpart() {
        return source.map(SourceKind::code).orElseGet(() -> recipient.orElseThrow().code());
    }
}
