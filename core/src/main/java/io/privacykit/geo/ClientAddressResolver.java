package io.privacykit.geo;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds the visitor's address: the socket peer, unless the peer is a configured trusted proxy,
 * in which case the one configured {@link ForwardedHeader} ({@code X-Forwarded-For}, or
 * {@code Forwarded} per RFC 7239) is walked from right to left, skipping trusted hops; the first
 * untrusted hop is the client. Forwarding headers from untrusted peers are ignored, because anyone
 * can send them. Thread-safe; never throws for any header content and never resolves a host name.
 */
public final class ClientAddressResolver {

    private final Cidr[] trustedProxies;
    private final String headerName;
    private final boolean forwarded;
    /**
     * The trusted proxy of the last forwarded request: behind a proxy every request comes from the
     * same few addresses, which then are neither parsed nor checked again. Only ever a trusted one.
     */
    private volatile TrustedPeer lastTrustedPeer;

    /** A resolver that reads {@code X-Forwarded-For}, and only from peers in {@code trustedProxies}. */
    public ClientAddressResolver(List<Cidr> trustedProxies) {
        this(trustedProxies, ForwardedHeader.X_FORWARDED_FOR);
    }

    /**
     * A resolver that reads {@code header} alone, and only from peers in {@code trustedProxies}.
     * The other header is never read: nginx and AWS load balancers, for one, pass a client-sent
     * {@code Forwarded} through untouched while appending to {@code X-Forwarded-For}.
     */
    public ClientAddressResolver(List<Cidr> trustedProxies, ForwardedHeader header) {
        this.trustedProxies = List.copyOf(trustedProxies).toArray(new Cidr[0]);
        this.headerName = Objects.requireNonNull(header, "header").headerName();
        this.forwarded = header == ForwardedHeader.FORWARDED;
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
        TrustedPeer last = lastTrustedPeer;
        InetAddress peer;
        if (last != null && last.text().equals(remoteAddr)) {
            peer = last.address();
        } else {
            peer = ForwardingHops.parseNode(remoteAddr);
            if (peer == null) {
                return Optional.empty();
            }
            if (!isTrusted(peer)) {
                return Optional.of(new ClientAddress(peer, false));
            }
            lastTrustedPeer = new TrustedPeer(remoteAddr, peer);
        }
        return Optional.of(new ClientAddress(forwardedClient(peer, headers), true));
    }

    /** A trusted proxy's address as the container reports it, parsed. */
    private record TrustedPeer(String text, InetAddress address) {
    }

    private InetAddress forwardedClient(InetAddress peer, RequestHeaders headers) {
        if (headers == null) {
            return peer;
        }
        String[] hops = ForwardingHops.nearestHops(Objects.requireNonNullElse(headers.values(headerName), List.of()),
                forwarded);
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
