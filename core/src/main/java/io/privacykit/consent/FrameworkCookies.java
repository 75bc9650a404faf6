package io.privacykit.consent;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Cookies that the host application's framework needs to work at all, strictly necessary without
 * configuration: the servlet container's session cookie, Spring Security's {@code XSRF-TOKEN} and
 * {@code remember-me}, Spring Session's {@code SESSION}, each also with the {@code __Host-} and
 * {@code __Secure-} prefixes. A policy that lists one of them in a category still wins.
 */
public final class FrameworkCookies {

    /** The servlet container's session cookie name when the app does not change it. */
    public static final String DEFAULT_SESSION_COOKIE = "JSESSIONID";
    /** The names besides the session cookie. */
    public static final List<String> SPRING = List.of("XSRF-TOKEN", "SESSION", "remember-me");

    private static final List<String> PREFIXES = List.of("", "__Host-", "__Secure-");

    private FrameworkCookies() {
    }

    /** Every framework cookie name, with {@code sessionCookie} (null: {@code JSESSIONID}) as the container's. */
    public static Set<String> names(String sessionCookie) {
        List<String> bare = new ArrayList<>();
        bare.add(sessionCookie == null || sessionCookie.isBlank() ? DEFAULT_SESSION_COOKIE : sessionCookie.trim());
        bare.addAll(SPRING);
        Set<String> names = new LinkedHashSet<>();
        for (String name : bare) {
            for (String prefix : PREFIXES) {
                names.add(prefix + name);
            }
        }
        return Set.copyOf(names);
    }
}
