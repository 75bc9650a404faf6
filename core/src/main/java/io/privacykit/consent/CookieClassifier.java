package io.privacykit.consent;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the category a cookie belongs to, by the categories' cookie names and prefix patterns
 * ({@code _ga_*}): an exact name wins, then the longest prefix, then the category listed first.
 * Immutable and thread-safe; built once per policy, so a lookup is one hash lookup and, for names
 * no category lists exactly, a scan of the prefixes, longest first, that allocates nothing.
 */
public final class CookieClassifier {

    private final Map<String, Optional<CookieCategory>> exact;
    private final Prefix[] prefixes;

    /** A classifier for {@code categories}, in the policy's order. */
    public CookieClassifier(List<CookieCategory> categories) {
        Map<String, Optional<CookieCategory>> names = new HashMap<>();
        List<Prefix> patterns = new ArrayList<>();
        for (CookieCategory category : categories) {
            Optional<CookieCategory> found = Optional.of(category);
            for (String pattern : category.cookies()) {
                if (pattern.endsWith("*")) {
                    patterns.add(new Prefix(pattern.substring(0, pattern.length() - 1), found));
                } else {
                    names.putIfAbsent(pattern, found);
                }
            }
        }
        // Stable sort: between prefixes of equal length the category listed first keeps winning.
        patterns.sort(Comparator.comparingInt((Prefix p) -> p.prefix().length()).reversed());
        this.exact = Map.copyOf(names);
        this.prefixes = patterns.toArray(new Prefix[0]);
    }

    /** The category of the cookie called {@code cookieName}, or empty when no category names it (or it is null). */
    public Optional<CookieCategory> categoryOf(String cookieName) {
        if (cookieName == null) {
            return Optional.empty();
        }
        Optional<CookieCategory> byName = exact.get(cookieName);
        if (byName != null) {
            return byName;
        }
        for (Prefix prefix : prefixes) {
            if (cookieName.startsWith(prefix.prefix())) {
                return prefix.category();
            }
        }
        return Optional.empty();
    }

    private record Prefix(String prefix, Optional<CookieCategory> category) {
    }
}
