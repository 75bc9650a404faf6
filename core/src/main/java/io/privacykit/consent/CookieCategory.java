package io.privacykit.consent;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A purpose for which cookies and third-party hosts are used. The reference policy names four:
 * {@code necessary}, {@code functionality}, {@code performance} and {@code advertising};
 * configuration may add more.
 *
 * @param name          lower-case name, e.g. {@code performance}
 * @param required      strictly necessary: always allowed (ePrivacy Art. 5(3) exemption)
 * @param saleOrSharing whether the category sells or shares personal information (CCPA
 *                      1798.140(ad)/(ah)), so that an opt-out of sale, GPC among them, withdraws it
 * @param cookies       the cookie names of this category, exact ({@code _ga}) or prefix ({@code _ga_*});
 *                      {@link CookieClassifier} matches them
 * @param hosts         the third-party hosts its scripts, pixels and frames load from
 */
public record CookieCategory(String name, boolean required, boolean saleOrSharing, List<String> cookies,
                             List<String> hosts) {

    /** The name every category must match. */
    public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    public static final String NECESSARY = "necessary";
    public static final String FUNCTIONALITY = "functionality";
    public static final String PERFORMANCE = "performance";
    public static final String ADVERTISING = "advertising";

    public CookieCategory {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("category name must match " + NAME + ": '" + name + "'");
        }
        cookies = List.copyOf(cookies);
        hosts = List.copyOf(hosts);
    }
}
