package io.privacykit.servlet;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The visitor-days on which a cookie category's collection was recorded, so that it is recorded
 * once per visitor, category and UTC day. A fixed table of sets of {@value #WAYS} keys: a key
 * lives in the set its hash names, and a full set gives a new key the slot of an earlier day's
 * key, else one its hash picks. A key is never taken for another. A key given up, or placed twice
 * by threads racing a third, is recorded again when it comes back that day, which only adds to a
 * count.
 *
 * <p>It stands in for a cache because a returning visitor's request reads one set, a line of the
 * CPU's cache, and the key it holds, where a cache's look-up reads its table, node, key and
 * bookkeeping on memory that the rest of the request pushed out (see docs/performance.md).
 */
final class VisitorDays {

    static final int WAYS = 4;

    /** A visitor (a consent id, else a network) and a cookie category on a UTC day. */
    record Key(long epochDay, String category, String consentId, long network) {

        boolean is(long day, String categoryName, String id, long net) {
            // A consent id is usually the very string remembered with the visitor's cookie: == first.
            return epochDay == day && network == net && category.equals(categoryName)
                    && (consentId == id || consentId != null && consentId.equals(id));
        }

        static int hash(long day, String category, String consentId, long network) {
            long h = day * 0x9E3779B97F4A7C15L + category.hashCode();
            h = h * 31 + (consentId == null ? 0 : consentId.hashCode());
            h = h * 31 + network;
            h ^= h >>> 33;
            h *= 0xFF51AFD7ED558CCDL;
            h ^= h >>> 33;
            return (int) h;
        }
    }

    private final AtomicReferenceArray<Key> slots;
    private final int setMask;

    /** @param capacity the most keys held; rounded up to a power of two of at least {@value #WAYS} */
    VisitorDays(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        int size = Math.max(WAYS, Integer.highestOneBit(capacity - 1) << 1);
        this.slots = new AtomicReferenceArray<>(size);
        this.setMask = size / WAYS - 1;
    }

    /** The most keys held. */
    int capacity() {
        return slots.length();
    }

    /**
     * Whether this is the first sighting of the visitor ({@code consentId}, else {@code network})
     * and {@code category} on {@code epochDay} that is still held: of threads asking at the same
     * time, one is told true, save in the race with a third key that the class describes.
     */
    boolean firstSighting(long epochDay, String category, String consentId, long network) {
        int hash = Key.hash(epochDay, category, consentId, network);
        int base = (hash & setMask) * WAYS;
        Key key = null;
        while (true) {
            int slot = -1;
            Key expected = null;
            for (int i = base; i < base + WAYS; i++) {
                Key held = slots.getAcquire(i);
                if (held == null) {
                    slot = i;
                    expected = null;
                    break;
                }
                if (held.is(epochDay, category, consentId, network)) {
                    return false;
                }
                if (slot < 0 && held.epochDay() != epochDay) {
                    slot = i;
                    expected = held;
                }
            }
            if (slot < 0) {
                slot = base + ((hash >>> 24) & (WAYS - 1));
                expected = slots.getAcquire(slot);
                if (expected != null && expected.is(epochDay, category, consentId, network)) {
                    return false;
                }
            }
            if (key == null) {
                key = new Key(epochDay, category, consentId, network);
            }
            // Threads placing one key pick the same slot: one wins, and the others find its key when
            // they look again.
            if (slots.compareAndSet(slot, expected, key)) {
                return true;
            }
        }
    }
}
