package io.privacykit.servlet;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Refuses consent changes sent from another site (cross-site request forgery): the {@code Origin}
 * header, or without it the {@code Referer}, must name the site's own origin or a configured one.
 * Behind a trusted proxy that terminates TLS, the own origin is the one the proxy was asked for.
 */
final class SameOrigin {

    private final List<String> allowed;

    SameOrigin(List<String> allowedOrigins) {
        this.allowed = allowedOrigins.stream().map(SameOrigin::normalize).flatMap(Optional::stream).toList();
    }

    /**
     * Whether the request may change consent.
     *
     * @param viaTrustedProxy whether the socket peer is a trusted proxy, whose forwarding headers
     *                        name the scheme and host the browser used; from anyone else they are ignored
     */
    boolean permits(HttpServletRequest request, boolean viaTrustedProxy) {
        String origin = request.getHeader("Origin");
        if (origin == null) {
            origin = request.getHeader("Referer");
        }
        if (origin == null) {
            // Browsers send Origin on every cross-origin POST (Fetch standard, "append a request
            // Origin header"), so a forged form or fetch cannot arrive with neither header: what
            // does is a non-browser client (curl, a server-side integration), which CSRF cannot use.
            return true;
        }
        Optional<String> claimed = normalize(origin.trim());
        // "null" (sandboxed or privacy-sensitive contexts) and garbage normalise to nothing.
        return claimed.isPresent() && (claimed.get().equals(own(request, viaTrustedProxy)) || allowed.contains(claimed.get()));
    }

    /** The origin the browser addressed. */
    private static String own(HttpServletRequest request, boolean viaTrustedProxy) {
        String scheme = null;
        String host = null;
        if (viaTrustedProxy) {
            scheme = firstValue(request.getHeader("X-Forwarded-Proto"));
            host = firstValue(request.getHeader("X-Forwarded-Host"));
            String nearest = nearestForwarded(request);
            if (scheme == null) {
                scheme = parameter(nearest, "proto");
            }
            if (host == null) {
                host = parameter(nearest, "host");
            }
        }
        if (scheme == null && host == null) {
            return origin(request.getScheme(), request.getServerName(), request.getServerPort());
        }
        String authority = host != null ? host : request.getHeader("Host");
        return normalize((scheme != null ? scheme : request.getScheme()) + "://" + authority).orElse("");
    }

    /** The first of a comma-separated list (the client-facing proxy's), or null. */
    private static String firstValue(String header) {
        String first = header == null ? "" : header.split(",", 2)[0].trim();
        return first.isEmpty() ? null : first;
    }

    /** The last element of RFC 7239 {@code Forwarded}: the one the nearest proxy (ours) added. */
    private static String nearestForwarded(HttpServletRequest request) {
        String last = null;
        java.util.Enumeration<String> values = request.getHeaders("Forwarded");
        while (values != null && values.hasMoreElements()) {
            String[] elements = values.nextElement().split(",");
            last = elements.length == 0 ? last : elements[elements.length - 1];
        }
        return last;
    }

    /** A {@code name=value} pair of one {@code Forwarded} element (RFC 7239 section 4), unquoted, or null. */
    private static String parameter(String element, String name) {
        if (element == null) {
            return null;
        }
        for (String pair : element.split(";")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && pair.substring(0, equals).trim().equalsIgnoreCase(name)) {
                String value = pair.substring(equals + 1).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                return value.isEmpty() ? null : value;
            }
        }
        return null;
    }

    /** {@code scheme://host[:port]} of a URL or origin, lower case, without a default port. */
    static Optional<String> normalize(String url) {
        try {
            URI uri = new URI(url);
            if (uri.getScheme() == null || uri.getHost() == null) {
                return Optional.empty();
            }
            return Optional.of(origin(uri.getScheme(), uri.getHost(), uri.getPort()));
        } catch (java.net.URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static String origin(String scheme, String host, int port) {
        String s = scheme.toLowerCase(Locale.ROOT);
        String h = host.toLowerCase(Locale.ROOT);
        if (h.indexOf(':') >= 0 && !h.startsWith("[")) {
            h = "[" + h + "]";
        }
        boolean defaultPort = port < 0 || (s.equals("http") && port == 80) || (s.equals("https") && port == 443);
        return s + "://" + h + (defaultPort ? "" : ":" + port);
    }
}
