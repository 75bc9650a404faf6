package io.privacykit.servlet;

import java.util.Optional;

/** Reads the cookie name out of a raw {@code Set-Cookie} header value (RFC 6265 section 4.1.1). */
final class SetCookieNames {

    private SetCookieNames() {
    }

    /**
     * The cookie name of {@code headerValue}, or empty when the value is not a well-formed
     * {@code name=value} pair; a malformed value is treated as an unclassified cookie.
     */
    static Optional<String> nameOf(String headerValue) {
        if (headerValue == null) {
            return Optional.empty();
        }
        int semicolon = headerValue.indexOf(';');
        String pair = semicolon < 0 ? headerValue : headerValue.substring(0, semicolon);
        int equals = pair.indexOf('=');
        if (equals < 0) {
            return Optional.empty();
        }
        String name = pair.substring(0, equals).trim();
        return isToken(name) ? Optional.of(name) : Optional.empty();
    }

    /**
     * The value of the {@code Path} attribute of {@code headerValue} (the last one, as a browser
     * reads it: RFC 6265 section 5.3, step 9), or null when it has none that starts with '/'.
     */
    static String pathOf(String headerValue) {
        String path = null;
        int at = headerValue.indexOf(';');
        while (at >= 0) {
            int next = headerValue.indexOf(';', at + 1);
            int end = next < 0 ? headerValue.length() : next;
            int i = skipSpace(headerValue, at + 1, end);
            if (headerValue.regionMatches(true, i, "Path", 0, 4)) {
                i = skipSpace(headerValue, i + 4, end);
                if (i < end && headerValue.charAt(i) == '=') {
                    // Only the value is copied: attribute names are matched in place.
                    String value = headerValue.substring(i + 1, end).trim();
                    path = value.startsWith("/") ? value : null;
                }
            }
            at = next;
        }
        return path;
    }

    private static int skipSpace(String text, int from, int end) {
        int i = from;
        while (i < end && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    /** Whether {@code name} is an RFC 7230 token: what RFC 6265 allows as a cookie name. */
    static boolean isToken(String name) {
        if (name.isEmpty() || name.length() > 4096) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= 0x20 || c >= 0x7f || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }
}
