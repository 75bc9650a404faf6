package io.privacykit.rights;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * A completed cleanup: the cycle it belongs to, who ran it and how much it purged.
 *
 * @param cycle      the cleanup date
 * @param instance   the app instance that ran it
 * @param finishedAt when it finished
 * @param purged     how many events' records it purged
 */
public record CleanupRun(LocalDate cycle, String instance, Instant finishedAt, long purged) {
    public CleanupRun {
        Objects.requireNonNull(cycle, "cycle");
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(finishedAt, "finishedAt");
    }
}
