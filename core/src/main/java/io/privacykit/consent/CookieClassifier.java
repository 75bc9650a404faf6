package io.privacykit.consent;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the category a cookie belongs to. The policy's own lists come first: its cookie names and
 * prefix patterns ({@code _ga_*}), an exact name winning, then the longest prefix, then the
 * category listed first. A name the policy does not list may then be a framework cookie
 * ({@link FrameworkCookies}: necessary), and after that a well-known one of the
 * {@link CookieCatalogue}. Immutable and thread-safe; built once per policy, so a lookup is a few
 * hash lookups and prefix scans, longest first, that allocate nothing.
 */
public final class CookieClassifier {

    private final Tier policy;
    private final Map<String, Optional<CookieCategory>> framework;
    private final Tier catalogue;

    /** A classifier of {@code categories}' own lists alone, in the policy's order. */
    public CookieClassifier(List<CookieCategory> categories) {
        this(categories, List.of(), null);
    }

    /**
     * A classifier of {@code categories}' lists, then of {@code necessaryNames} (the necessary
     * category's), then of {@code catalogue} when it is not null, mapped onto the categories of the
     * same name; catalogue entries of a category the policy lacks are left out.
     */
    public CookieClassifier(List<CookieCategory> categories, Collection<String> necessaryNames, CookieCatalogue catalogue) {
        List<Pattern> own = new ArrayList<>();
        Map<String, Optional<CookieCategory>> byName = new HashMap<>();
        for (CookieCategory category : categories) {
            Optional<CookieCategory> found = Optional.of(category);
            byName.putIfAbsent(category.name(), found);
            for (String pattern : category.cookies()) {
                own.add(pattern.endsWith("*")
                        ? new Pattern(pattern.substring(0, pattern.length() - 1), true, found)
                        : new Pattern(pattern, false, found));
            }
        }
        this.policy = new Tier(own);
        Optional<CookieCategory> necessary = byName.getOrDefault(CookieCategory.NECESSARY, Optional.empty());
        Map<String, Optional<CookieCategory>> frameworkNames = new HashMap<>();
        if (necessary.isPresent()) {
            for (String name : necessaryNames) {
                frameworkNames.put(name, necessary);
            }
        }
        this.framework = Map.copyOf(frameworkNames);
        List<Pattern> known = new ArrayList<>();
        if (catalogue != null) {
            for (CookieCatalogue.Entry entry : catalogue.entries()) {
                Optional<CookieCategory> category = byName.get(entry.category());
                if (category != null) {
                    known.add(new Pattern(entry.name(), entry.prefix(), category));
                }
            }
        }
        this.catalogue = new Tier(known);
    }

    /** The category of the cookie called {@code cookieName}, or empty when nothing names it (or it is null). */
    public Optional<CookieCategory> categoryOf(String cookieName) {
        if (cookieName == null) {
            return Optional.empty();
        }
        Optional<CookieCategory> found = policy.find(cookieName);
        if (found != null) {
            return found;
        }
        found = framework.get(cookieName);
        if (found != null) {
            return found;
        }
        found = catalogue.find(cookieName);
        return found != null ? found : Optional.empty();
    }

    private record Pattern(String text, boolean prefix, Optional<CookieCategory> category) {
    }

    /** Exact names, then prefixes longest first; the first pattern of a name wins. */
    private static final class Tier {
        private final Map<String, Optional<CookieCategory>> exact;
        private final Pattern[] prefixes;

        Tier(List<Pattern> patterns) {
            Map<String, Optional<CookieCategory>> names = new HashMap<>();
            List<Pattern> prefixed = new ArrayList<>();
            for (Pattern pattern : patterns) {
                if (pattern.prefix()) {
                    prefixed.add(pattern);
                } else {
                    names.putIfAbsent(pattern.text(), pattern.category());
                }
            }
            // Stable sort: between prefixes of equal length the one listed first keeps winning.
            prefixed.sort(Comparator.comparingInt((Pattern p) -> p.text().length()).reversed());
            this.exact = Map.copyOf(names);
            this.prefixes = prefixed.toArray(new Pattern[0]);
        }

        /** The category, or null (not empty: no Optional is made for a miss). */
        Optional<CookieCategory> find(String cookieName) {
            Optional<CookieCategory> byName = exact.get(cookieName);
            if (byName != null) {
                return byName;
            }
            for (Pattern prefix : prefixes) {
                if (cookieName.startsWith(prefix.text())) {
                    return prefix.category();
                }
            }
            return null;
        }
    }
}
