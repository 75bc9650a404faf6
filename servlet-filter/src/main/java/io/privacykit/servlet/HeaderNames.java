package io.privacykit.servlet;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Header names and the {@code Vary} merge the filter needs. */
final class HeaderNames {

    static final String SET_COOKIE = "Set-Cookie";
    static final String VARY = "Vary";
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
