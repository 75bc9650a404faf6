package io.privacykit.policy;

import io.privacykit.consent.CookieCategory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads {@code privacy.categories} and each category's cookies, hosts and sale flag. */
final class CategoryReader {

    /** Category names that {@code privacy.cookies.unclassified} and {@code privacy.cookies.catalogue} use. */
    private static final List<String> RESERVED = List.of("unclassified", "catalogue");

    private CategoryReader() {
    }

    /** The categories: {@code necessary} first, the other standard ones, then the extras as declared. */
    static List<CookieCategory> read(ConfigValues config) {
        List<CookieCategory> categories = new ArrayList<>();
        Map<String, String> ownerOfCookie = new HashMap<>();
        for (String name : names(config)) {
            String cookiesKey = PolicyKeys.COOKIES_PREFIX + name;
            List<String> cookies = config.list(cookiesKey, List.of(), Syntax::cookiePattern,
                    "cookie names (RFC 6265 tokens) or prefix patterns such as _ga_*");
            for (String cookie : cookies) {
                String owner = ownerOfCookie.putIfAbsent(cookie, cookiesKey);
                if (owner != null) {
                    config.problem(owner.equals(cookiesKey)
                            ? config.label(cookiesKey) + ": cookie '" + cookie + "' is listed twice"
                            : "cookie '" + cookie + "' is in both " + owner + " and " + cookiesKey
                                    + "; a cookie may be in only one category");
                }
            }
            List<String> hosts = List.copyOf(new LinkedHashSet<>(config.list(PolicyKeys.HOSTS_PREFIX + name, List.of(),
                    Syntax::host, "host names such as www.example.com or *.example.com (no scheme, port or path)")));
            boolean necessary = name.equals(CookieCategory.NECESSARY);
            // CCPA 1798.120/1798.135: advertising cookies are the ones that "sell or share".
            boolean sale = !necessary && config.bool(PolicyKeys.SALE_PREFIX + name, name.equals(CookieCategory.ADVERTISING));
            categories.add(new CookieCategory(name, necessary, sale, List.copyOf(new LinkedHashSet<>(cookies)), hosts));
        }
        return categories;
    }

    private static List<String> names(ConfigValues config) {
        List<String> names = new ArrayList<>(ConfigValues.STANDARD_CATEGORIES);
        Set<String> declared = new HashSet<>();
        for (String name : ConfigValues.splitList(config.get(PolicyKeys.CATEGORIES).orElse(""))) {
            if (!CookieCategory.NAME.matcher(name).matches()) {
                config.invalid(PolicyKeys.CATEGORIES, name,
                        "category names of lower-case letters, digits and '-', starting with a letter, at most 32 long");
            } else if (RESERVED.contains(name)) {
                config.invalid(PolicyKeys.CATEGORIES, name, "a name other than 'unclassified' and 'catalogue', which "
                        + PolicyKeys.COOKIES_UNCLASSIFIED + " and " + PolicyKeys.COOKIES_CATALOGUE + " use");
            } else if (!declared.add(name)) {
                config.problem(config.label(PolicyKeys.CATEGORIES) + ": category '" + name + "' is declared twice");
            } else if (!names.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }
}
