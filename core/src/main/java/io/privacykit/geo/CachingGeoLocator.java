package io.privacykit.geo;

import java.io.Closeable;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * A bounded, expiring cache in front of a locator that depends on the address alone (the
 * database): keyed by client address, it remembers "not found" as well, so unknown addresses do
 * not hit the database on every request. Never put a header-reading locator behind it.
 *
 * <p>The cache is a fixed table of sets of {@value #WAYS} addresses, each address in the set its
 * hash names, first in its own slot of the set. A returning visitor's look-up reads that slot and
 * the entry it holds, which carries the address's bits: two reads of memory that the rest of the
 * request has pushed out of the CPU's caches, where a general cache reads its table, node, key and
 * bookkeeping (see docs/performance.md). A full set gives a new address the slot of an expired
 * entry, else the new address's own slot. Two threads placing addresses in one slot at once keep
 * the later; the other address is looked up again when it comes back, which costs a database
 * look-up and nothing else.
 */
public final class CachingGeoLocator implements GeoLocator, Closeable {

    static final int WAYS = 8;
    /** The most addresses a table holds, whatever the setting: 64 MB of slots. */
    static final int MAX_CAPACITY = 1 << 24;

    private final GeoLocator delegate;
    /** Null when the cache holds nothing (a maximum size of 0). */
    private final AtomicReferenceArray<Entry> slots;
    private final int ways;
    private final int setMask;
    private final long ttlNanos;
    private final LongSupplier nanoClock;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder evictions = new LongAdder();
    /**
     * One answer per place, shared by every address there: a hit then reads memory that the
     * place's other visitors keep in the CPU's caches, not an answer of its own. Bounded, though
     * the world has only some 5,000 subdivisions.
     */
    private final Map<Location, Optional<Location>> places = new ConcurrentHashMap<>();
    private static final int MAX_PLACES = 20_000;

    /**
     * Caches {@code delegate}'s answers, each for {@code ttl}, in a table of {@code maxSize} slots
     * rounded up to a power of two (at most {@value #MAX_CAPACITY}); 0 caches nothing.
     *
     * @throws IllegalArgumentException when {@code maxSize} or {@code ttl} is negative
     */
    public CachingGeoLocator(GeoLocator delegate, long maxSize, Duration ttl) {
        this(delegate, maxSize, ttl, System::nanoTime);
    }

    CachingGeoLocator(GeoLocator delegate, long maxSize, Duration ttl, LongSupplier nanoClock) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        Objects.requireNonNull(ttl, "ttl");
        if (maxSize < 0) {
            throw new IllegalArgumentException("maxSize must not be negative: " + maxSize);
        }
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("ttl must not be negative: " + ttl);
        }
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.ttlNanos = ttl.compareTo(Duration.ofDays(100_000)) > 0 ? Long.MAX_VALUE / 2 : ttl.toNanos();
        if (maxSize == 0) {
            this.slots = null;
            this.ways = 1;
            this.setMask = 0;
        } else {
            long wanted = Math.min(maxSize, MAX_CAPACITY);
            int capacity = wanted == 1 ? 1 : (int) (Long.highestOneBit(wanted - 1) << 1);
            this.slots = new AtomicReferenceArray<>(capacity);
            this.ways = Math.min(WAYS, capacity);
            this.setMask = capacity / ways - 1;
        }
    }

    /**
     * As long as this cache keeps an answer, when it caches at all: the delegate must depend on the
     * address alone (see the class description).
     */
    @Override
    public Optional<Duration> addressAnswerLifetime() {
        return slots == null ? Optional.empty() : Optional.of(Duration.ofNanos(ttlNanos));
    }

    /** An address's answer until {@code expiresAt} on the cache's clock; the address is kept as its 128 bits. */
    private record Entry(long high, long low, long expiresAt, Optional<Location> answer) {

        boolean holds(long high, long low, long now) {
            return this.low == low && this.high == high && live(now);
        }

        boolean live(long now) {
            return now - expiresAt < 0;
        }
    }

    @Override
    public Optional<Location> locate(GeoQuery query) {
        if (slots == null) {
            misses.increment();
            Optional<Location> found = lookUp(query);
            return found == null ? Optional.empty() : found;
        }
        byte[] bytes = query.client().getAddress();
        long high = AddressBits.high(bytes);
        long low = AddressBits.low(bytes);
        int hash = AddressBits.hash(high, low);
        int base = (hash & setMask) * ways;
        int own = base + ((hash >>> 28) & (ways - 1));
        long now = nanoClock.getAsLong();
        Entry entry = find(base, own, high, low, now);
        if (entry != null) {
            hits.increment();
            return entry.answer();
        }
        misses.increment();
        Optional<Location> found = lookUp(query);
        if (found == null) {
            return Optional.empty(); // a broken delegate is not remembered: the next request tries again
        }
        place(base, own, new Entry(high, low, now + ttlNanos, found), now);
        return found;
    }

    /** The live entry of the address in its set, looked for in its own slot first; null when there is none. */
    private Entry find(int base, int own, long high, long low, long now) {
        Entry entry = slots.get(own);
        if (entry != null && entry.holds(high, low, now)) {
            return entry;
        }
        for (int i = base; i < base + ways; i++) {
            Entry held = i == own ? null : slots.get(i);
            if (held != null && held.holds(high, low, now)) {
                return held;
            }
        }
        return null;
    }

    private void place(int base, int own, Entry entry, long now) {
        int slot = own;
        Entry previous = slots.get(own);
        if (previous != null && previous.live(now)) {
            for (int i = base; i < base + ways; i++) {
                Entry held = slots.get(i);
                if (held == null || !held.live(now)) {
                    slot = i;
                    previous = held;
                    break;
                }
            }
        }
        // Another address, or one that expired: removed for size or age. The same live address placed by a
        // racing thread is no eviction.
        if (previous != null && !previous.holds(entry.high(), entry.low(), now)) {
            evictions.increment();
        }
        slots.set(slot, entry);
    }

    private Optional<Location> lookUp(GeoQuery query) {
        Optional<Location> found;
        try {
            found = delegate.locate(query).filter(Location::isKnown);
        } catch (RuntimeException e) {
            return null;
        }
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Optional<Location> shared = places.get(found.get());
        if (shared != null) {
            return shared;
        }
        if (places.size() >= MAX_PLACES) {
            return found;
        }
        shared = places.putIfAbsent(found.get(), found);
        return shared != null ? shared : found;
    }

    /**
     * The cache's counters now; its size counts the slots that hold an address, expired ones
     * included until another address takes their slot (one pass over the table's slots, for
     * metrics, not per request).
     */
    public GeoCacheStats stats() {
        long size = 0;
        if (slots != null) {
            for (int i = 0; i < slots.length(); i++) {
                if (slots.get(i) != null) {
                    size++;
                }
            }
        }
        return new GeoCacheStats(hits.sum(), misses.sum(), evictions.sum(), size);
    }

    /** Empties the cache and closes the delegate when it is closeable. */
    @Override
    public void close() {
        if (slots != null) {
            for (int i = 0; i < slots.length(); i++) {
                slots.set(i, null);
            }
        }
        places.clear();
        GeoLocatorChain.closeAll(List.of(delegate));
    }
}
