package io.privacykit.rights;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One line of the retention audit trail: what a cleanup did with one event's records. It names
 * the event, never the subject, so that it outlives the data it speaks of.
 *
 * @param cycle    the cleanup date
 * @param at       when
 * @param instance which app instance ran it
 * @param eventId  the retention event
 * @param category the category purged
 * @param outcome  {@code purged} or {@code held}
 * @param detail   counts per step, or the hold's reason
 */
public record PurgeRecord(LocalDate cycle, Instant at, String instance, String eventId, String category,
                          String outcome, String detail) {
    public PurgeRecord {
        Objects.requireNonNull(cycle, "cycle");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(detail, "detail");
    }
}
