package io.privacykit.response;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code Path} attributes the app set each cookie name under, so that a withdrawal expires the
 * cookie at each of them: a browser deletes a cookie only at its exact path (RFC 6265 section 5.3,
 * step 11), and an app under a context path sets {@code Path=/examples/} or lets the path default
 * to the request's directory. Bounded: at most {@link #MAX_NAMES} names, {@link #MAX_PATHS} paths
 * each (the first seen); thread-safe, and a path already known costs one lookup.
 */
final class CookiePaths {

    static final int MAX_NAMES = 1000;
    static final int MAX_PATHS = 4;
    private static final int MAX_PATH_LENGTH = 1024;

    private final ConcurrentHashMap<String, List<String>> seen = new ConcurrentHashMap<>();
    /** Counts the paths kept: what was worked out from {@link #of} before a change is out of date after it. */
    private final AtomicLong changes = new AtomicLong();

    /** Notes that cookie {@code name} was set at {@code path}; {@code /} and unusable paths are not kept. */
    void record(String name, String path) {
        if (path == null || path.equals("/") || !usable(path)) {
            return;
        }
        List<String> known = seen.get(name);
        if (known != null && (known.contains(path) || known.size() >= MAX_PATHS)) {
            return;
        }
        if (known == null && seen.size() >= MAX_NAMES) {
            return;
        }
        List<String> after = seen.compute(name, (k, old) -> {
            if (old == null) {
                return List.of(path);
            }
            if (old.contains(path) || old.size() >= MAX_PATHS) {
                return old;
            }
            List<String> grown = new ArrayList<>(old);
            grown.add(path);
            return List.copyOf(grown);
        });
        if (after != known) {
            changes.incrementAndGet();
        }
    }

    /**
     * How many times the kept paths changed. Read it before {@link #of}: when it is the same later,
     * what {@code of} answered then is still its answer.
     */
    long version() {
        return changes.get();
    }

    /**
     * The paths to expire cookie {@code name} at: {@code /}, the context path, and those the app set
     * it under. A {@code __Host-} cookie only ever has {@code Path=/} (RFC 6265bis section 4.1.3.2).
     */
    List<String> of(String name, String contextPath) {
        if (name.startsWith("__Host-")) {
            return List.of("/");
        }
        Set<String> paths = new LinkedHashSet<>();
        paths.add("/");
        if (contextPath != null && !contextPath.isEmpty() && usable(contextPath)) {
            paths.add(contextPath);
        }
        paths.addAll(seen.getOrDefault(name, List.of()));
        return List.copyOf(paths);
    }

    /**
     * The path a browser gives a cookie set without one: the request path up to, not including,
     * its last '/' ({@code /} when that leaves nothing; RFC 6265 section 5.1.4).
     */
    static String defaultPath(String requestPath) {
        if (requestPath == null || !requestPath.startsWith("/")) {
            return "/";
        }
        int last = requestPath.lastIndexOf('/');
        return last <= 0 ? "/" : requestPath.substring(0, last);
    }

    /** A path that can go into a {@code Set-Cookie} as it is: printable ASCII without ';', and not too long. */
    private static boolean usable(String path) {
        if (path.length() > MAX_PATH_LENGTH || !path.startsWith("/")) {
            return false;
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == ';' || c == ',') {
                return false;
            }
        }
        return true;
    }
}
