package io.privacykit.servlet;

/** The {@code Set-Cookie} value that makes a browser delete a cookie (RFC 6265 section 5.3, step 11). */
final class CookieExpiry {

    private CookieExpiry() {
    }

    static String of(String name) {
        StringBuilder value = new StringBuilder(name).append("=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/");
        // Browsers only accept __Secure- and __Host- cookies, deletions included, with Secure (RFC 6265bis 4.1.3).
        if (name.startsWith("__Secure-") || name.startsWith("__Host-")) {
            value.append("; Secure");
        }
        return value.toString();
    }
}
