package io.privacykit.collection;

import java.time.LocalDate;
import java.util.List;

/**
 * Where {@link CollectionRecorder} keeps its counts: added up per subject, use and day, and the
 * divergences per kind. Safe to call from many threads and many processes; failures are
 * {@link io.privacykit.store.StoreException}s and leave nothing half-written.
 * {@code io.privacykit:privacykit-jdbc} implements it beside its {@link io.privacykit.store.PrivacyStore}.
 */
public interface CollectionStore {

    /**
     * Adds the counts to the stored ones in one transaction: a key seen before gets its count
     * increased (and its first/last seen widened), a new key is inserted.
     */
    void add(List<UsageCount> usage, List<DivergenceCount> divergences);

    /** The uses recorded on the days {@code from} to {@code to} (inclusive, UTC), over all subjects and regimes. */
    List<UsageTotal> usage(LocalDate from, LocalDate to);

    /** Everything recorded about one subject, oldest day first (for a request to know, Cal. Civ. Code 1798.110). */
    List<UsageCount> usageOf(SubjectId subject);

    /** Every divergence recorded, most frequent first. */
    List<DivergenceCount> divergences();
}
