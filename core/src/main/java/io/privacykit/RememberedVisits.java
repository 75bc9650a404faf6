package io.privacykit;

import io.privacykit.consent.Signals;
import io.privacykit.geo.AddressBits;
import io.privacykit.geo.ClientAddress;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The visits of returning visitors, each kept until something it was decided from may change, so
 * that a visitor's next request is one look-up rather than a geolocation, a jurisdiction, a
 * consent check and a decision. In a busy server each of those reads memory and runs code that
 * the rest of the request has pushed out of the CPU's caches (see docs/performance.md).
 *
 * <p>A visit is kept under everything the request carries that it was decided from: the client
 * address, whether a trusted proxy forwarded it, the consent cookie's value and the privacy
 * signals. What the request does not carry bounds how long it is used: the span in which the
 * jurisdiction's rules, the cookie's consent and the geolocation's answer hold, and a check that no
 * newer ledger record of the cookie's consent can have arrived since ({@link RecordChanges}: a
 * withdrawal on another device, GDPR Art. 7(3), takes effect on the next request as it did without
 * this table).
 *
 * <p>A fixed table of sets of {@value #WAYS} slots: a key's hash names a set and its own slot in
 * it, which a look-up reads first. A new visit takes a free or ended slot of its set, else its own
 * slot. Two threads writing a slot at once keep the later; the other visit is decided afresh when
 * it comes back, which costs what every request cost without the table.
 */
final class RememberedVisits {

    /** The most visits a table holds, whatever the setting: 4 MB of slots. */
    static final int MAX_CAPACITY = 1 << 20;
    /** Slots per set: enough that 10,000 visitors in 65,536 slots nearly all keep their visit (one slot kept 85%). */
    static final int WAYS = 4;

    /** The stripe of a visit without a consent, which no ledger record ends. */
    static final int NO_CONSENT = -1;

    private final AtomicReferenceArray<Entry> slots;
    private final RecordChanges changes;
    private final int ways;
    private final int setMask;

    /**
     * A table of {@code capacity} slots rounded up to a power of two, at most {@value #MAX_CAPACITY},
     * whose visits with a consent hold while {@code changes} counts no new record of it.
     */
    RememberedVisits(long capacity, RecordChanges changes) {
        this.changes = Objects.requireNonNull(changes, "changes");
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        long wanted = Math.min(capacity, MAX_CAPACITY);
        int size = wanted == 1 ? 1 : (int) (Long.highestOneBit(wanted - 1) << 1);
        this.slots = new AtomicReferenceArray<>(size);
        this.ways = Math.min(WAYS, size);
        this.setMask = size / ways - 1;
    }

    /**
     * A visit, the request it answers and the span of epoch milliseconds it holds for, as long as
     * the count of records of its consent's stripe is still {@code changesSeen}.
     */
    private record Entry(long high, long low, boolean viaTrustedProxy, String cookie, Signals signals,
                         PrivacyEngine.Visit visit, long fromMillis, long untilMillis, int stripe, long changesSeen) {

        boolean current(RecordChanges changes) {
            return stripe == NO_CONSENT || changes.count(stripe) == changesSeen;
        }

        boolean answers(Key key, String cookie, Signals signals) {
            return low == key.low() && high == key.high() && viaTrustedProxy == key.viaTrustedProxy()
                    && this.signals.equals(signals) && Objects.equals(this.cookie, cookie);
        }

        /** Whether this visit answers at {@code epochMilli}; a slot whose visit does not may be taken by another. */
        boolean holdsAt(long epochMilli, RecordChanges changes) {
            return fromMillis <= epochMilli && epochMilli < untilMillis && current(changes);
        }
    }

    /**
     * The visit kept for a request from {@code client} with consent cookie {@code cookie} (null
     * when it sent none) and {@code signals}, if it still holds at {@code now}; otherwise null.
     */
    PrivacyEngine.Visit find(ClientAddress client, String cookie, Signals signals, long now) {
        Key key = Key.of(client, cookie, signals);
        int base = base(key);
        for (int i = own(key), n = 0; n < ways; n++, i = i + 1 == base + ways ? base : i + 1) {
            Entry entry = slots.get(i);
            if (entry != null && entry.answers(key, cookie, signals)) {
                return entry.holdsAt(now, changes) ? entry.visit() : null;
            }
        }
        return null;
    }

    /**
     * Keeps {@code visit}, decided at {@code now} for a request from {@code client} with
     * {@code cookie} and {@code signals}, until {@code untilMillis} and while the count of records
     * of its consent's {@code stripe} is {@code changesSeen}, as read before its consent was
     * checked ({@link #NO_CONSENT}: a visit without one).
     */
    void remember(ClientAddress client, String cookie, Signals signals, PrivacyEngine.Visit visit, long now,
                  long untilMillis, int stripe, long changesSeen) {
        if (untilMillis <= now) {
            return;
        }
        Key key = Key.of(client, cookie, signals);
        int base = base(key);
        // The key's own earlier visit first, so that a set never holds two; else a free or ended slot.
        int slot = -1;
        for (int i = base; i < base + ways && slot < 0; i++) {
            Entry held = slots.get(i);
            if (held != null && held.answers(key, cookie, signals)) {
                slot = i;
            }
        }
        for (int i = base; i < base + ways && slot < 0; i++) {
            Entry held = slots.get(i);
            if (held == null || !held.holdsAt(now, changes)) {
                slot = i;
            }
        }
        if (slot < 0) {
            slot = own(key);
        }
        slots.set(slot, new Entry(key.high(), key.low(), key.viaTrustedProxy(), cookie, signals, visit, now,
                untilMillis, stripe, changesSeen));
    }

    /** Forgets every visit. */
    void clear() {
        for (int i = 0; i < slots.length(); i++) {
            slots.set(i, null);
        }
    }

    /** The first slot of the key's set. */
    private int base(Key key) {
        return (key.hash() & setMask) * ways;
    }

    /** The key's own slot in its set, the one a look-up reads first. */
    private int own(Key key) {
        return base(key) + ((key.hash() >>> 29) & (ways - 1));
    }

    /** A request's client address as its 128 bits, and the hash of the address, cookie and signals. */
    private record Key(long high, long low, boolean viaTrustedProxy, int hash) {

        static Key of(ClientAddress client, String cookie, Signals signals) {
            byte[] address = client.address().getAddress();
            long high = AddressBits.high(address);
            long low = AddressBits.low(address);
            int hash = AddressBits.hash(high ^ tail(cookie), low) ^ (signals.gpc() ? 0x5BD1E995 : 0)
                    ^ (signals.dnt() ? 0x27D4EB2F : 0);
            return new Key(high, low, client.viaTrustedProxy(), hash);
        }
    }

    /**
     * A hash of the cookie's last characters: the end of a signed cookie is its signature, as
     * varied as the whole value, and the look-up compares the whole value anyway.
     */
    private static long tail(String cookie) {
        if (cookie == null) {
            return 0;
        }
        long h = cookie.length();
        for (int i = Math.max(0, cookie.length() - 16); i < cookie.length(); i++) {
            h = h * 31 + cookie.charAt(i);
        }
        return h * 0x9E3779B97F4A7C15L;
    }
}
