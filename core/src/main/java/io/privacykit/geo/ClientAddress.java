package io.privacykit.geo;

import java.net.InetAddress;
import java.util.Objects;

/**
 * The visitor's address as {@link ClientAddressResolver} determined it.
 *
 * @param address         the client: the socket peer, or the first untrusted hop of the forwarding
 *                        headers when the peer is a trusted proxy
 * @param viaTrustedProxy whether the socket peer was a trusted proxy, so that CDN headers may be believed
 */
public record ClientAddress(InetAddress address, boolean viaTrustedProxy) {
    public ClientAddress {
        Objects.requireNonNull(address, "address");
    }
}
