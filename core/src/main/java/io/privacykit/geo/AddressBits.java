package io.privacykit.geo;

/**
 * An IP address as two 64-bit halves and a well-mixed hash of them, for tables keyed by address
 * that compare two longs rather than an {@link java.net.InetAddress} and its holder. An IPv4
 * address is taken as IPv4-mapped ({@code ::ffff:a.b.c.d}, RFC 4291 section 2.5.5.2), so it never
 * equals another IPv6 address.
 */
public final class AddressBits {

    private AddressBits() {
    }

    /** The first 64 bits of {@code address} (4 or 16 bytes, as {@link java.net.InetAddress#getAddress()}) as IPv6. */
    public static long high(byte[] address) {
        return address.length == 4 ? 0 : bits(address, 0);
    }

    /** The last 64 bits of {@code address} as IPv6. */
    public static long low(byte[] address) {
        if (address.length == 4) {
            return 0xFFFF_0000_0000L | (bits(address, 0) >>> 32);
        }
        return bits(address, 8);
    }

    /** A hash of the address's halves whose every bit depends on every bit of both. */
    public static int hash(long high, long low) {
        long h = high * 0x9E3779B97F4A7C15L ^ low;
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return (int) h;
    }

    /** Up to 8 bytes from {@code from}, big-endian, left-aligned. */
    private static long bits(byte[] address, int from) {
        long value = 0;
        int end = Math.min(address.length, from + 8);
        for (int i = from; i < from + 8; i++) {
            value = (value << 8) | (i < end ? address[i] & 0xFF : 0);
        }
        return value;
    }
}
