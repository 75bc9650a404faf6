package io.privacykit.policy;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/** The shapes of configured names: cookie names, host names, origins, versions, path prefixes. */
final class Syntax {

    /** RFC 6265 section 4.1.1: a cookie name is an RFC 2616 token. */
    private static final Pattern COOKIE_TOKEN = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");
    /** RFC 1123 host name labels; a leading {@code *.} is a CSP wildcard (CSP3 section 2.3.1). */
    private static final Pattern HOST = Pattern.compile(
            "(\\*\\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");
    /** Policy versions travel in the consent cookie: short and cookie-safe. */
    static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,31}");
    /** One path segment of the endpoint prefix: RFC 3986 unreserved characters. */
    private static final Pattern PREFIX = Pattern.compile("(/[A-Za-z0-9._~-]+)+");

    private Syntax() {
    }

    /** Whether {@code name} is a valid cookie name. */
    static boolean isCookieName(String name) {
        return COOKIE_TOKEN.matcher(name).matches() && name.indexOf('*') < 0;
    }

    /** A cookie name or a prefix pattern ({@code _ga_*}). */
    static String cookiePattern(String text) {
        String name = text.endsWith("*") ? text.substring(0, text.length() - 1) : text;
        if (!isCookieName(name)) {
            throw new IllegalArgumentException(text);
        }
        return text;
    }

    /** A host name in lower case, optionally starting with {@code *.}; at most 253 characters. */
    static String host(String text) {
        String host = text.toLowerCase(Locale.ROOT);
        if (host.length() > 253 || !HOST.matcher(host).matches()) {
            throw new IllegalArgumentException(text);
        }
        return host;
    }

    /** {@code http(s)://host[:port]} in its serialised form: lower case, no default port (RFC 6454 section 6.2). */
    static String origin(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(text, e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null
                || uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null
                || !(uri.getRawPath() == null || uri.getRawPath().isEmpty())) {
            throw new IllegalArgumentException(text);
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (!host.startsWith("[")) {
            host(host);
            if (host.startsWith("*.")) {
                throw new IllegalArgumentException(text);
            }
        }
        int port = uri.getPort();
        if (port == 0 || port > 65535) {
            throw new IllegalArgumentException(text);
        }
        boolean defaultPort = port == -1 || scheme.equals("http") && port == 80 || scheme.equals("https") && port == 443;
        return scheme + "://" + host + (defaultPort ? "" : ":" + port);
    }

    /** An endpoint prefix: starts with '/', does not end with '/', no empty, '.' or '..' segments. */
    static String prefix(String text) {
        if (!PREFIX.matcher(text).matches() || text.matches(".*/\\.{1,2}(/.*)?")) {
            throw new IllegalArgumentException(text);
        }
        return text;
    }

    /** A policy version. */
    static String version(String text) {
        if (!VERSION.matcher(text).matches()) {
            throw new IllegalArgumentException(text);
        }
        return text;
    }
}
