package io.privacykit.rights;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where rights requests, their history and their exports are kept. Shared by every app instance,
 * so changes are compare-and-set on the request's version and the single download of an export is
 * atomic. Failures are {@link io.privacykit.store.StoreException}s. {@link InMemoryRightsStore} is
 * for tests; {@code io.privacykit:privacykit-jdbc} keeps them in the PrivacyKit database.
 */
public interface RightsStore {

    /** Stores a new request (version 1) with its first history entries, atomically. */
    void create(RightsRequest request, List<HistoryEntry> history);

    /** The request with this id, if any. */
    Optional<RightsRequest> find(String id);

    /**
     * Replaces the request whose stored version is {@code expectedVersion} by {@code next} and appends
     * {@code history}, atomically.
     *
     * @return false, changing nothing, when the stored version differs (another instance changed it)
     */
    boolean update(long expectedVersion, RightsRequest next, List<HistoryEntry> history);

    /** Appends history entries that change no request state, e.g. a download. */
    void append(List<HistoryEntry> history);

    /** Every history entry of a request, oldest first. */
    List<HistoryEntry> history(String requestId);

    /** The requests of an address ({@link RightsRequest#normalizeEmail(String)}), oldest first. */
    List<RightsRequest> ofEmail(String normalizedEmail);

    /** Every request not completed or denied, by due date. */
    List<RightsRequest> open();

    /** Stores an export's bundle and download handle, replacing an earlier one of the request. */
    void putExport(StoredExport export, byte[] bundle);

    /** The download handle of a request's export, if one was made. */
    Optional<StoredExport> export(String requestId);

    /**
     * Marks the export downloaded at {@code at} and hands out its bundle, which the store forgets:
     * exactly one caller ever gets it.
     *
     * @return the bundle, or empty when it was downloaded already or never made
     */
    Optional<byte[]> takeExport(String requestId, Instant at);
}
