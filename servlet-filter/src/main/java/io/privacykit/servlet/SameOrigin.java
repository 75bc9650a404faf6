package io.privacykit.servlet;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Refuses consent changes sent from another site (cross-site request forgery): the {@code Origin}
 * header, or without it the {@code Referer}, must name the request's own origin or a configured one.
 */
final class SameOrigin {

    private final List<String> allowed;

    SameOrigin(List<String> allowedOrigins) {
        this.allowed = allowedOrigins.stream().map(SameOrigin::normalize).flatMap(Optional::stream).toList();
    }

    /** Whether the request may change consent. A request with neither header (an API client) may. */
    boolean permits(HttpServletRequest request) {
        String origin = request.getHeader("Origin");
        if (origin != null) {
            return matches(normalize(origin.trim()), request);
        }
        String referer = request.getHeader("Referer");
        if (referer != null) {
            return matches(normalize(referer.trim()), request);
        }
        return true;
    }

    private boolean matches(Optional<String> origin, HttpServletRequest request) {
        if (origin.isEmpty()) {
            return false; // "null" (sandboxed or privacy-sensitive contexts) or garbage
        }
        String own = origin(request.getScheme(), request.getServerName(), request.getServerPort());
        return origin.get().equals(own) || allowed.contains(origin.get());
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
