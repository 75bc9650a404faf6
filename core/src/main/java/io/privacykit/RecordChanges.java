package io.privacykit;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts, for each stripe of consent ids, the ledger records that may have changed which record of
 * an id in the stripe is the newest. A kept visit notes its stripe's count before its consent is
 * checked and holds while the count stays: a withdrawal on any instance (GDPR Art. 7(3)) ends it on
 * the visitor's next request, and the check reads one counter of a table small enough to stay in the
 * CPU's caches, rather than a holder of its own per visitor that the rest of the request has pushed
 * out of them. A record in the stripe of another id ends a visit needlessly: it is decided afresh
 * once, at what every request cost before visits were kept.
 */
final class RecordChanges {

    /** 8 KB of counters: at ten consent records a second a stripe changes about every 100 seconds. */
    static final int STRIPES = 1024;

    private final AtomicLongArray counts = new AtomicLongArray(STRIPES);

    /** The stripe of {@code consentId}. */
    static int stripe(String consentId) {
        int h = consentId.hashCode();
        return (h ^ (h >>> 16)) & (STRIPES - 1);
    }

    /** How many records of the stripe's ids have arrived so far. */
    long count(int stripe) {
        return counts.get(stripe);
    }

    /**
     * Notes a record of {@code consentId}, once it is where the consent check reads it: a count
     * read before the check then differs from the count read on any later request.
     */
    void arrived(String consentId) {
        counts.incrementAndGet(stripe(consentId));
    }

    /** Notes that records of any id may have arrived unseen: every visit kept so far is decided afresh. */
    void arrivedEverywhere() {
        for (int stripe = 0; stripe < STRIPES; stripe++) {
            counts.incrementAndGet(stripe);
        }
    }
}
