package io.privacykit.servlet;

import io.privacykit.geo.IpLiteral;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The {@code Set-Cookie} values that make a browser delete a cookie (RFC 6265 section 5.3, step 11). */
final class CookieExpiry {

    /** Parent domains tried at most: enough for {@code a.b.example.co.uk}. */
    static final int MAX_DOMAINS = 4;

    private CookieExpiry() {
    }

    /** The deletion of a host-only cookie called {@code name} with {@code Path=/}. */
    static String of(String name) {
        return of(name, null, "/");
    }

    /** {@link #forHost(String, String, List)} at {@code Path=/} alone. */
    static List<String> forHost(String name, String host) {
        return forHost(name, host, List.of("/"));
    }

    /**
     * Deletions of {@code name} for the host itself and for each of its parent domains. A browser
     * deletes a cookie only when name, domain and path match, and trackers usually set theirs on
     * the registrable domain ({@code _ga} on {@code .example.com} for {@code www.example.com}),
     * where a host-only deletion misses it. A deletion for a public suffix ({@code co.uk}) is
     * ignored by the browser, so no public-suffix list is needed. Each of these is sent for each
     * of {@code paths}, since the path must match too.
     */
    static List<String> forHost(String name, String host, List<String> paths) {
        List<String> domains = new ArrayList<>();
        domains.add(null);
        // __Host- cookies never carry a Domain (RFC 6265bis 4.1.3.2); IP and single-label hosts have no parents.
        if (host != null && !name.startsWith("__Host-") && host.indexOf('.') >= 0
                && IpLiteral.parse(host).isEmpty() && !host.startsWith("[")) {
            String domain = host.toLowerCase(Locale.ROOT);
            while (domain.indexOf('.') > 0 && domains.size() <= MAX_DOMAINS) {
                domains.add(domain);
                domain = domain.substring(domain.indexOf('.') + 1);
            }
        }
        List<String> deletions = new ArrayList<>();
        for (String path : paths) {
            for (String domain : domains) {
                deletions.add(of(name, domain, path));
            }
        }
        return deletions;
    }

    private static String of(String name, String domain, String path) {
        StringBuilder value = new StringBuilder(name).append("=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=")
                .append(path);
        if (domain != null) {
            value.append("; Domain=").append(domain);
        }
        // Browsers only accept __Secure- and __Host- cookies, deletions included, with Secure (RFC 6265bis 4.1.3).
        if (name.startsWith("__Secure-") || name.startsWith("__Host-")) {
            value.append("; Secure");
        }
        return value.toString();
    }
}
