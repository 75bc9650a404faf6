package io.privacykit.geo;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds the visitor's address: the socket peer, unless the peer is a configured trusted proxy,
 * in which case {@code Forwarded} (RFC 7239) or, when that is absent, {@code X-Forwarded-For} is
 * walked from right to left, skipping trusted hops; the first untrusted hop is the client.
 * Forwarding headers from untrusted peers are ignored, because anyone can send them. Thread-safe;
 * never throws for any header content and never resolves a host name.
 */
public final class ClientAddressResolver {

    private final Cidr[] trustedProxies;

    /** A resolver that believes forwarding headers only from peers in {@code trustedProxies}. */
    public ClientAddressResolver(List<Cidr> trustedProxies) {
        this.trustedProxies = List.copyOf(trustedProxies).toArray(new Cidr[0]);
    }

    /**
     * The client of a request.
     *
     * @param remoteAddr the socket peer as the container reports it ({@code 203.0.113.9},
     *                   {@code [::1]}, {@code fe80::1%eth0}, ...)
     * @param headers    the request headers
     * @return the client, or empty when {@code remoteAddr} is not an IP address
     */
    public Optional<ClientAddress> resolve(String remoteAddr, RequestHeaders headers) {
        InetAddress peer = ForwardingHops.parseNode(remoteAddr);
        if (peer == null) {
            return Optional.empty();
        }
        if (!isTrusted(peer)) {
            return Optional.of(new ClientAddress(peer, false));
        }
        return Optional.of(new ClientAddress(forwardedClient(peer, headers), true));
    }

    private InetAddress forwardedClient(InetAddress peer, RequestHeaders headers) {
        if (headers == null) {
            return peer;
        }
        String[] hops = ForwardingHops.nearestHops(Objects.requireNonNullElse(headers.values("Forwarded"), List.of()),
                true);
        if (hops.length == 0) {
            hops = ForwardingHops.nearestHops(
                    Objects.requireNonNullElse(headers.values("X-Forwarded-For"), List.of()), false);
        }
        InetAddress nearestTrusted = peer;
        for (int i = hops.length - 1; i >= 0; i--) {
            InetAddress hop = ForwardingHops.parseNode(hops[i]);
            if (hop == null) {
                // Garbage, "unknown" or an obfuscated id: what lies beyond cannot be attributed.
                return nearestTrusted;
            }
            if (!isTrusted(hop)) {
                return hop;
            }
            nearestTrusted = hop;
        }
        return nearestTrusted;
    }

    /** Whether {@code address} is one of the configured trusted proxies. */
    boolean isTrusted(InetAddress address) {
        for (Cidr range : trustedProxies) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }
}
