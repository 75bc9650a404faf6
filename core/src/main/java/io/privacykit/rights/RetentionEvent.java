package io.privacykit.rights;

import java.time.Instant;
import java.util.Objects;

/**
 * An event the app reports that starts a retention clock, e.g. an account deleted.
 *
 * @param id         the event id
 * @param category   the category whose records the rule governs
 * @param event      the event's name, as in the rule
 * @param subject    whose records
 * @param occurredAt when it happened
 */
public record RetentionEvent(String id, String category, String event, DataSubject subject, Instant occurredAt) {
    public RetentionEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }
}
