package io.privacykit.geo;

import java.net.InetAddress;
import java.util.List;

/**
 * Lexing of {@code Forwarded} (RFC 7239) and {@code X-Forwarded-For} into hop nodes, and of one node
 * into an address. Hand-written and allocation-light: no regex, no splitting of the whole header,
 * only the nearest {@link #MAX_HOPS} elements are ever materialised. Nothing here throws or
 * resolves a host name.
 */
final class ForwardingHops {

    /** Hops beyond this many (counted from our side) are never looked at. */
    static final int MAX_HOPS = 64;

    /** Longer than any bracketed IPv6 address with a zone id and a port. */
    private static final int MAX_NODE_LENGTH = 64;

    private ForwardingHops() {
    }

    /**
     * The nearest hops, oldest first, newest (closest to us) last: for {@code Forwarded} each
     * element's {@code for=} value (null when an element has none, several, or bad syntax); for
     * {@code X-Forwarded-For} each element as written. Empty list elements are skipped (RFC 9110
     * section 5.6.1 lets recipients ignore them).
     */
    static String[] nearestHops(List<String> lines, boolean forwarded) {
        int count = elements(lines, forwarded, 0, null);
        if (count == 0) {
            return new String[0];
        }
        String[] hops = new String[Math.min(count, MAX_HOPS)];
        elements(lines, forwarded, count - hops.length, hops);
        return hops;
    }

    /** Counts the non-empty elements; stores those from index {@code skip} on when {@code out} is given. */
    private static int elements(List<String> lines, boolean forwarded, int skip, String[] out) {
        int index = 0;
        for (String line : lines) {
            if (line == null) {
                continue;
            }
            int length = line.length();
            int start = 0;
            boolean quoted = false;
            for (int i = 0; i <= length; i++) {
                char c = i < length ? line.charAt(i) : ',';
                if (quoted && i < length) {
                    if (c == '\\' && i + 1 < length) {
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    }
                    continue;
                }
                if (c == '"') {
                    quoted = true;
                } else if (c == ',') {
                    int from = skipSpace(line, start, i);
                    int to = trimSpace(line, from, i);
                    if (from < to) {
                        if (out != null && index >= skip) {
                            out[index - skip] = forwarded ? forParameter(line, from, to) : line.substring(from, to);
                        }
                        index++;
                    }
                    start = i + 1;
                }
            }
        }
        return index;
    }

    /**
     * The value of the single {@code for} parameter of one {@code Forwarded} element (RFC 7239
     * section 4: pairs separated by ';', values tokens or quoted strings), or null.
     */
    private static String forParameter(String line, int start, int end) {
        String found = null;
        int pairStart = start;
        while (pairStart <= end) {
            int pairEnd = pairStart;
            boolean quoted = false;
            for (; pairEnd < end; pairEnd++) {
                char c = line.charAt(pairEnd);
                if (quoted) {
                    if (c == '\\') {
                        pairEnd++;
                    } else if (c == '"') {
                        quoted = false;
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == ';') {
                    break;
                }
            }
            pairEnd = Math.min(pairEnd, end);
            int from = skipSpace(line, pairStart, pairEnd);
            int to = trimSpace(line, from, pairEnd);
            if (from < to) {
                int eq = indexOf(line, '=', from, to);
                if (eq <= from) {
                    return null;
                }
                if (trimSpace(line, from, eq) - from == 3 && line.regionMatches(true, from, "for", 0, 3)) {
                    if (found != null) {
                        return null; // two for= in one element: which one would the proxy mean?
                    }
                    found = unquote(line, skipSpace(line, eq + 1, to), to);
                    if (found == null) {
                        return null;
                    }
                }
            }
            pairStart = pairEnd + 1;
        }
        return found;
    }

    private static String unquote(String line, int from, int to) {
        if (from >= to || to - from > MAX_NODE_LENGTH + 2) {
            return null; // empty, or too long to be any node parseNode accepts
        }
        if (line.charAt(from) != '"') {
            return indexOf(line, '"', from, to) >= 0 ? null : line.substring(from, to);
        }
        if (to - from < 2 || line.charAt(to - 1) != '"') {
            return null;
        }
        StringBuilder value = new StringBuilder(to - from);
        for (int i = from + 1; i < to - 1; i++) {
            char c = line.charAt(i);
            if (c == '\\') {
                if (++i >= to - 1) {
                    return null; // the closing quote was escaped
                }
                c = line.charAt(i);
            } else if (c == '"') {
                return null;
            }
            value.append(c);
        }
        return value.toString();
    }

    /**
     * The address in one node: {@code 1.2.3.4}, {@code 1.2.3.4:80}, {@code [2001:db8::1]},
     * {@code [2001:db8::1]:4711}, a bare IPv6 literal, optionally with a zone id. Null for
     * anything else, including RFC 7239 obfuscated identifiers ({@code _hidden}) and
     * {@code unknown}: those stop a walk.
     */
    static InetAddress parseNode(String node) {
        if (node == null) {
            return null;
        }
        int from = skipSpace(node, 0, node.length());
        int to = trimSpace(node, from, node.length());
        if (from >= to || to - from > MAX_NODE_LENGTH) {
            return null;
        }
        if (node.charAt(from) == '[') {
            int close = node.indexOf(']', from);
            if (close < 0 || close >= to) {
                return null;
            }
            if (close + 1 < to && (node.charAt(close + 1) != ':' || !isPort(node, close + 2, to))) {
                return null;
            }
            String inside = node.substring(from + 1, withoutZone(node, from + 1, close));
            return inside.indexOf(':') < 0 ? null : IpLiteral.parse(inside).orElse(null);
        }
        int colon = node.indexOf(':', from);
        if (colon < 0 || colon >= to) {
            // The common case, a plain IPv4 address: no copy unless there was space to trim.
            return IpLiteral.parse(from == 0 && to == node.length() ? node : node.substring(from, to)).orElse(null);
        }
        if (node.lastIndexOf(':', to - 1) == colon) {
            // exactly one colon: IPv4 with a port
            return isPort(node, colon + 1, to) ? IpLiteral.parse(node.substring(from, colon)).orElse(null) : null;
        }
        return IpLiteral.parse(node.substring(from, withoutZone(node, from, to))).orElse(null);
    }

    /** RFC 7239 section 6: a port is 1-5 digits or an obfuscated "_" identifier. */
    private static boolean isPort(String s, int from, int to) {
        if (from >= to) {
            return false;
        }
        if (s.charAt(from) == '_') {
            for (int i = from + 1; i < to; i++) {
                char c = s.charAt(i);
                if (!(isAsciiAlphanumeric(c) || c == '.' || c == '_' || c == '-')) {
                    return false;
                }
            }
            return to - from > 1;
        }
        if (to - from > 5) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** Like {@link String#indexOf(int, int)} but never looks past {@code to}: lines may be huge. */
    private static int indexOf(String s, char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }

    private static int withoutZone(String s, int from, int to) {
        int percent = s.indexOf('%', from);
        return percent >= 0 && percent < to ? percent : to;
    }

    private static boolean isAsciiAlphanumeric(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static int skipSpace(String s, int from, int to) {
        while (from < to && (s.charAt(from) == ' ' || s.charAt(from) == '\t')) {
            from++;
        }
        return from;
    }

    private static int trimSpace(String s, int from, int to) {
        while (to > from && (s.charAt(to - 1) == ' ' || s.charAt(to - 1) == '\t')) {
            to--;
        }
        return to;
    }
}
