package io.privacykit.response;

import io.privacykit.geo.IpLiteral;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** The {@code Set-Cookie} values that make a browser delete a cookie (RFC 6265 section 5.3, step 11). */
final class CookieExpiry {

    /** Parent domains tried at most: enough for {@code a.b.example.co.uk}. */
    static final int MAX_DOMAINS = 4;

    /**
     * The most bytes of deletions one response carries. Containers refuse responses whose header
     * block exceeds their limit (8 KiB by default in Jetty and Tomcat) with a 500, which would
     * also swallow a consent change; the cookies left over are still sent by the browser and
     * deleted on the next responses.
     */
    static final int BUDGET_BYTES = 4096;

    /** A host name as RFC 1123 section 2.1 allows it: letters, digits and hyphens in dot-separated labels. */
    private static final Pattern HOST_NAME = Pattern.compile(
            "(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*",
            Pattern.CASE_INSENSITIVE);

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
        // __Host- cookies never carry a Domain (RFC 6265bis 4.1.3.2); IP and single-label hosts have
        // no parents. The host comes from the request's Host header: only a well-formed host name
        // may become a Domain attribute, never "example.com;Domain=evil.com".
        if (host != null && !name.startsWith("__Host-") && host.indexOf('.') >= 0
                && IpLiteral.parse(host).isEmpty() && HOST_NAME.matcher(host).matches()) {
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

    /**
     * Picks deletions within {@link #BUDGET_BYTES}, most useful first: the first deletion of every
     * cookie (host-only, at {@code /}), then the second of every cookie, and so on, so that many
     * cookies in one request never make a response too large for the container.
     *
     * @param perCookie each cookie's deletions, most likely first, as {@link #forHost} orders them
     * @param length    a deletion's {@code Set-Cookie} value's length
     */
    static <T> List<T> withinBudget(List<List<T>> perCookie, java.util.function.ToIntFunction<T> length) {
        List<T> chosen = new ArrayList<>();
        int used = 0;
        for (int rank = 0; ; rank++) {
            boolean any = false;
            for (List<T> deletions : perCookie) {
                if (rank >= deletions.size()) {
                    continue;
                }
                any = true;
                T deletion = deletions.get(rank);
                int size = length.applyAsInt(deletion) + "Set-Cookie: \r\n".length();
                if (used + size > BUDGET_BYTES) {
                    return chosen;
                }
                chosen.add(deletion);
                used += size;
            }
            if (!any) {
                return chosen;
            }
        }
    }

    /** The cookie a deletion made by this class stands for, with its name, path and domain. */
    static ResponseCookie cookieOf(String deletion) {
        String name = deletion.substring(0, deletion.indexOf('='));
        return new ResponseCookie(ResponseCookie.Kind.EXPIRE, name, attribute(deletion, "; Path="),
                attribute(deletion, "; Domain="), deletion);
    }

    private static String attribute(String header, String prefix) {
        int start = header.indexOf(prefix);
        if (start < 0) {
            return null;
        }
        start += prefix.length();
        int end = header.indexOf(';', start);
        return header.substring(start, end < 0 ? header.length() : end);
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
