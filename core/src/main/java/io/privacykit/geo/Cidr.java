package io.privacykit.geo;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.Objects;

/**
 * An IPv4 or IPv6 address range in CIDR notation ({@code 10.0.0.0/8}, {@code 2001:db8::/32}); a
 * bare address is a range of one. IPv4-mapped IPv6 addresses ({@code ::ffff:a.b.c.d}) match
 * IPv4 ranges, as Java already reports them as IPv4.
 */
public final class Cidr {

    private final byte[] network;
    private final int prefixLength;
    private final String text;

    private Cidr(byte[] network, int prefixLength) {
        this.network = network;
        this.prefixLength = prefixLength;
        this.text = toText(network, prefixLength);
    }

    /**
     * Parses {@code address[/prefix]}.
     *
     * @throws IllegalArgumentException with a message naming the problem
     */
    public static Cidr parse(String text) {
        Objects.requireNonNull(text, "text");
        String trimmed = text.trim();
        int slash = trimmed.indexOf('/');
        String addressText = slash < 0 ? trimmed : trimmed.substring(0, slash);
        InetAddress address = IpLiteral.parse(addressText)
                .orElseThrow(() -> new IllegalArgumentException("not an IP address: '" + addressText + "'"));
        byte[] bytes = address.getAddress();
        // Java turns ::ffff:a.b.c.d into a 4-byte address, so its prefix counts from bit 96.
        int offset = bytes.length == 4 && addressText.indexOf(':') >= 0 ? 96 : 0;
        int max = bytes.length * 8;
        int prefix = max;
        if (slash >= 0) {
            String prefixText = trimmed.substring(slash + 1);
            try {
                prefix = Integer.parseInt(prefixText);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a prefix length: '" + prefixText + "'");
            }
            if (prefix < offset || prefix > max + offset) {
                throw new IllegalArgumentException("prefix length must be " + offset + "-" + (max + offset) + ": "
                        + prefix);
            }
            prefix -= offset;
        }
        return new Cidr(mask(bytes, prefix), prefix);
    }

    /** Whether {@code address} lies in this range. */
    public boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        if (candidate.length != network.length) {
            return false;
        }
        for (int i = 0; i < candidate.length; i++) { // as mask(candidate) equals network, without a copy per request
            if ((byte) (candidate[i] & byteMask(i, prefixLength)) != network[i]) {
                return false;
            }
        }
        return true;
    }

    /** The prefix length in bits. */
    public int prefixLength() {
        return prefixLength;
    }

    private static byte[] mask(byte[] bytes, int prefix) {
        byte[] out = bytes.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] &= (byte) byteMask(i, prefix);
        }
        return out;
    }

    /** The bits of byte {@code i} that a prefix of {@code prefix} bits covers. */
    private static int byteMask(int i, int prefix) {
        int bits = Math.max(0, Math.min(8, prefix - i * 8));
        return 0xFF << (8 - bits);
    }

    private static String toText(byte[] network, int prefix) {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr other && other.prefixLength == prefixLength && Arrays.equals(other.network, network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefixLength;
    }

    @Override
    public String toString() {
        return text;
    }
}
