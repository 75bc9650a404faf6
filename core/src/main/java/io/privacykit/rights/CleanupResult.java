package io.privacykit.rights;

import java.time.LocalDate;

/** What a call of {@link RetentionJob#runIfDue()} did. */
public sealed interface CleanupResult {

    /**
     * The current cycle's cleanup is done already.
     *
     * @param next the next cleanup date
     */
    record NotDue(LocalDate next) implements CleanupResult {
    }

    /** Another instance is running the cleanup now. */
    record Busy() implements CleanupResult {
    }

    /**
     * This instance ran the cycle's cleanup.
     *
     * @param cycle  the cleanup date
     * @param purged how many events' records it purged
     * @param held   how many it left alone for a legal hold
     */
    record Ran(LocalDate cycle, long purged, long held) implements CleanupResult {
    }
}
