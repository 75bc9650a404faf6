package io.privacykit.geo;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Parses IP address literals without ever touching DNS: {@link InetAddress#getByName} resolves
 * host names, so untrusted text is checked to be a literal before it is handed over.
 */
public final class IpLiteral {

    private static final int MAX_LENGTH = 45; // longest IPv6 text form, with an embedded IPv4

    private IpLiteral() {
    }

    /**
     * The address written in {@code text} (dotted-quad IPv4 or RFC 4291 IPv6, brackets and zone
     * ids not accepted), or empty for anything else. Never throws, never resolves a name.
     */
    public static Optional<InetAddress> parse(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        if (text.indexOf(':') >= 0) {
            return isIpv6Shaped(text) ? resolveLiteral(text) : Optional.empty();
        }
        return parseIpv4(text);
    }

    private static Optional<InetAddress> parseIpv4(String text) {
        byte[] bytes = new byte[4];
        int part = 0;
        int value = -1;
        int digits = 0;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '.';
            if (c >= '0' && c <= '9') {
                if (digits > 0 && value == 0) {
                    return Optional.empty(); // leading zeros are octal to some parsers: refuse
                }
                value = (value < 0 ? 0 : value * 10) + (c - '0');
                if (++digits > 3 || value > 255) {
                    return Optional.empty();
                }
            } else if (c == '.') {
                if (value < 0 || part > 3) {
                    return Optional.empty();
                }
                bytes[part++] = (byte) value;
                value = -1;
                digits = 0;
            } else {
                return Optional.empty();
            }
        }
        if (part != 4) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByAddress(bytes));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static boolean isIpv6Shaped(String text) {
        // InetAddress.getByName parses a literal only when the text starts with a hex digit or ':';
        // anything else (".:", ".1:2") it hands to the system resolver, a DNS query per request.
        if (Character.digit(text.charAt(0), 16) < 0 && text.charAt(0) != ':') {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
                    || c == ':' || c == '.';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static Optional<InetAddress> resolveLiteral(String text) {
        try {
            // Only hex digits, ':' and '.' reach here, so this cannot be a host name lookup.
            return Optional.of(InetAddress.getByName(text));
        } catch (UnknownHostException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
