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
    /** {@link #CONSENT_INPUTS} as one {@code Vary} value. */
    static final String CONSENT_VARY = String.join(", ", CONSENT_INPUTS);

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

    /** The value the filter writes when the app wrote no {@code Cache-Control}. */
    static final String PRIVATE = "private";
    /** Splits a {@code Cache-Control} value at commas outside quotes: no-cache="Set-Cookie, Vary" is one directive. */
    private static final java.util.regex.Pattern DIRECTIVES = java.util.regex.Pattern.compile(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)");

    /**
     * Whether {@code values} already keep a response out of shared caches: a {@code no-store} or a
     * plain {@code private} directive (RFC 9111 sections 5.2.2.5 and 5.2.2.7).
     */
    static boolean isUnshared(Collection<String> values) {
        for (String value : values) {
            if (value == null) {
                continue;
            }
            for (String directive : DIRECTIVES.split(value)) {
                String d = directive.trim();
                if (d.equalsIgnoreCase("no-store") || d.equalsIgnoreCase("private")) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * One {@code Cache-Control} value that keeps a response out of shared caches and keeps every
     * directive the app wrote. Values that hold {@code no-store} or {@code private} already come back
     * as written; otherwise {@code private} is appended ({@code max-age=60} becomes
     * {@code max-age=60, private}). Only two directives give way, because a cache could read them
     * as leave to share: {@code public} and a field-qualified {@code private="..."}, which the plain
     * {@code private} supersedes.
     */
    static String privateCacheControl(Collection<String> existing) {
        List<String> kept = new ArrayList<>();
        for (String value : existing) {
            if (value != null && !value.isBlank()) {
                kept.add(value.trim());
            }
        }
        if (isUnshared(kept)) {
            return String.join(", ", kept);
        }
        List<String> directives = new ArrayList<>();
        for (String value : kept) {
            for (String directive : DIRECTIVES.split(value)) {
                String d = directive.trim();
                String name = d.split("=", 2)[0].trim().toLowerCase(Locale.ROOT);
                if (!d.isEmpty() && !name.equals("public") && !name.equals("private")) {
                    directives.add(d);
                }
            }
        }
        directives.add(PRIVATE);
        return String.join(", ", directives);
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
