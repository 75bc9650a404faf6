package io.privacykit.servlet;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * Limits how fast one network may change consent ({@code privacy.web.consent-rate-limit}). Each
 * change writes a ledger record and may mint a consent id, so an unlimited client could grow the
 * ledger without bound. A network is the client address truncated to /24 (IPv4) or /48 (IPv6),
 * as the ledger hashes it: people behind one NAT share a bucket, and a client cannot escape its
 * bucket by rotating addresses within its network. Token buckets (Bucket4j) per network, kept in
 * a bounded Caffeine cache. Thread-safe.
 */
final class ConsentRateLimit {

    private static final int MAX_NETWORKS = 100_000;
    private static final Duration FORGET_AFTER = Duration.ofMinutes(10);

    private final int perMinute;
    private final Cache<Long, Bucket> buckets;

    /** @param perMinute changes a network may make a minute, in bursts of as many; 0 for no limit */
    ConsentRateLimit(int perMinute) {
        this.perMinute = perMinute;
        this.buckets = Caffeine.newBuilder().maximumSize(MAX_NETWORKS).expireAfterAccess(FORGET_AFTER).build();
    }

    /**
     * Takes one change from the network's bucket.
     *
     * @return empty when the change may go ahead, else how many seconds to wait before the next
     */
    OptionalLong tryChange(InetAddress client) {
        if (perMinute == 0 || client == null) {
            return OptionalLong.empty();
        }
        Bucket bucket = buckets.get(network(client), key -> Bucket.builder()
                .addLimit(limit -> limit.capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)))
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return OptionalLong.empty();
        }
        long seconds = Math.max(1, Duration.ofNanos(probe.getNanosToWaitForRefill()).toSeconds() + 1);
        return OptionalLong.of(seconds);
    }

    /** How many seconds the network must wait before its next change, without taking one; empty when it may go ahead. */
    OptionalLong waitBefore(InetAddress client) {
        if (perMinute == 0 || client == null) {
            return OptionalLong.empty();
        }
        Bucket bucket = buckets.getIfPresent(network(client));
        if (bucket == null) {
            return OptionalLong.empty();
        }
        EstimationProbe probe = bucket.estimateAbilityToConsume(1);
        if (probe.canBeConsumed()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Math.max(1, Duration.ofNanos(probe.getNanosToWaitForRefill()).toSeconds() + 1));
    }

    /**
     * The client's /24 or /48 network as a number, IPv4 and IPv6 apart: no text built, and for
     * IPv4 no copy of the address.
     */
    static long network(InetAddress client) {
        if (client instanceof Inet4Address) {
            return 1L << 48 | (client.hashCode() >>> 8); // Inet4Address's hash is its address
        }
        byte[] bytes = client.getAddress();
        long network = 2L << 48;
        for (int i = 0; i < 6; i++) {
            network |= (long) (bytes[i] & 0xff) << (40 - 8 * i);
        }
        return network;
    }
}
