package io.privacykit.servlet;

import io.privacykit.consent.CookieCatalogue;
import io.privacykit.consent.CookieCategory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A category suggested for a cookie nothing classifies, and the line that puts it there.
 *
 * @param category the suggested category
 * @param pattern  the name or prefix pattern to list ({@code _ga_*} when the catalogue knows a prefix)
 * @param source   where the suggestion comes from: the catalogue's platform, or a guess from the name
 * @param line     the {@code privacy.cookies.<category>=...} line to paste: the category's list plus {@code pattern}
 */
record CookieSuggestion(String category, String pattern, String source, String line) {

    /** Name fragments and the category they hint at, checked in order; the first that a name holds wins. */
    private static final List<String[]> HINTS = List.of(
            new String[] {CookieCategory.NECESSARY, "sess", "csrf", "xsrf", "auth", "token", "login", "secur", "consent"},
            new String[] {CookieCategory.ADVERTISING, "_fb", "_gcl", "pixel", "campaign", "utm", "adid", "_ad", "ads",
                "retarget", "affiliate"},
            new String[] {CookieCategory.PERFORMANCE, "_ga", "analytic", "stat", "metric", "track", "visit", "_pk",
                "matomo", "_hj", "abtest", "experiment"},
            new String[] {CookieCategory.FUNCTIONALITY, "lang", "locale", "theme", "pref", "currency", "tz", "setting"});

    /** The suggestion for cookie {@code name} under {@code categories}, with {@code catalogue} consulted first (may be null). */
    static CookieSuggestion of(String name, List<CookieCategory> categories, CookieCatalogue catalogue) {
        Optional<CookieCatalogue.Entry> known = catalogue == null ? Optional.empty() : catalogue.find(name);
        String category;
        String pattern;
        String source;
        if (known.isPresent()) {
            category = known.get().category();
            pattern = known.get().pattern();
            source = "the cookie catalogue: " + (known.get().platform().isEmpty() ? "" : known.get().platform() + ", ")
                    + "kept " + known.get().retention();
        } else {
            category = guess(name);
            pattern = name;
            source = "a guess from the name";
        }
        List<String> listed = new ArrayList<>();
        for (CookieCategory c : categories) {
            if (c.name().equals(category)) {
                listed.addAll(c.cookies());
            }
        }
        listed.add(pattern);
        return new CookieSuggestion(category, pattern, source, "privacy.cookies." + category + "=" + String.join(",", listed));
    }

    /** The category a name hints at; {@code functionality} when it hints at none, never {@code necessary} by default. */
    static String guess(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (String[] hint : HINTS) {
            for (int i = 1; i < hint.length; i++) {
                if (lower.contains(hint[i])) {
                    return hint[0];
                }
            }
        }
        return CookieCategory.FUNCTIONALITY;
    }
}
