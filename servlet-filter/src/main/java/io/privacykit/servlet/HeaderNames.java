package io.privacykit.servlet;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Header names and the {@code Vary} and {@code Cache-Control} merges the filter needs. */
final class HeaderNames {

    static final String SET_COOKIE = "Set-Cookie";
    static final String VARY = "Vary";
    static final String CACHE_CONTROL = "Cache-Control";
    /** The request headers a consent decision depends on (RFC 9110 section 12.5.5). */
    static final List<String> CONSENT_INPUTS = List.of("Cookie", "Sec-GPC", "DNT");

    private HeaderNames() {
    }

    static boolean isSetCookie(String name) {
        return SET_COOKIE.equalsIgnoreCase(name == null ? null : name.trim());
    }

    static boolean isVary(String name) {
        return VARY.equalsIgnoreCase(name == null ? null : name.trim());
    }

    static boolean isCacheControl(String name) {
        return CACHE_CONTROL.equalsIgnoreCase(name == null ? null : name.trim());
    }

    /**
     * One {@code Cache-Control} value that keeps a response out of shared caches (RFC 9111 section
     * 5.2.2.7): {@code existing}'s directives without {@code public}, led by {@code private} unless
     * they hold {@code no-store} or {@code private} already.
     */
    static String privateCacheControl(Collection<String> existing) {
        List<String> kept = new ArrayList<>();
        boolean unshared = false;
        for (String value : existing) {
            if (value == null) {
                continue;
            }
            // Quoted arguments (no-cache="Set-Cookie, Vary") may hold commas: split outside quotes only.
            for (String directive : value.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)")) {
                String d = directive.trim();
                String name = d.split("=", 2)[0].trim().toLowerCase(Locale.ROOT);
                // A qualified private="field" leaves the rest shareable: it gives way to a plain private.
                if (d.isEmpty() || name.equals("public") || (name.equals("private") && !d.equalsIgnoreCase("private"))) {
                    continue;
                }
                unshared |= name.equals("no-store") || name.equals("private");
                kept.add(d);
            }
        }
        if (!unshared) {
            kept.add(0, "private");
        }
        return String.join(", ", kept);
    }

    /**
     * One {@code Vary} value holding every field of {@code existing} plus {@code added}, each once
     * (case-insensitively), in first-seen order; {@code *} stays {@code *}.
     */
    static String mergeVary(Collection<String> existing, Collection<String> added) {
        Set<String> seen = new LinkedHashSet<>();
        List<String> fields = new ArrayList<>();
        List<String> all = new ArrayList<>();
        for (String value : existing) {
            if (value != null) {
                all.addAll(List.of(value.split(",")));
            }
        }
        all.addAll(added);
        for (String field : all) {
            String f = field.trim();
            if (f.equals("*")) {
                return "*";
            }
            if (!f.isEmpty() && seen.add(f.toLowerCase(Locale.ROOT))) {
                fields.add(f);
            }
        }
        return String.join(", ", fields);
    }
}
