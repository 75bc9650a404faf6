package io.privacykit.response;

import io.privacykit.consent.CookieCategory;
import io.privacykit.policy.CspMode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The additional Content-Security-Policy of CSP mode: scripts, images, connections and frames only
 * from the site itself, the necessary categories' hosts and the allowed categories' hosts, so the
 * browser itself refuses a tracker that has no consent.
 *
 * <p>The policy has no nonce and no {@code 'unsafe-inline'}: enforced, it blocks every inline
 * script, the site's own too. Sites with inline scripts use report-only mode or external scripts;
 * per-response nonces are not implemented.
 */
public final class ContentSecurityPolicy {

    /** The header of an enforced policy. */
    public static final String ENFORCE_HEADER = "Content-Security-Policy";
    /** The header of a policy the browser only reports on. */
    public static final String REPORT_ONLY_HEADER = "Content-Security-Policy-Report-Only";
    static final List<String> DIRECTIVES = List.of("script-src", "img-src", "connect-src", "frame-src");

    /** A CSP host-source (RFC: CSP3 section 2.3.1) with optional scheme, wildcard, port and path. */
    private static final Pattern HOST_SOURCE =
            Pattern.compile("([a-z][a-z0-9+.-]*://)?(\\*\\.)?[A-Za-z0-9.-]+(:(\\d{1,5}|\\*))?(/[^\\s;,']*)?");

    private ContentSecurityPolicy() {
    }

    /** The header name for {@code mode}, or null when the mode adds no header. */
    public static String headerName(CspMode mode) {
        return switch (mode) {
            case OFF -> null;
            case ENFORCE -> ENFORCE_HEADER;
            case REPORT_ONLY -> REPORT_ONLY_HEADER;
        };
    }

    /** The policy value for the given categories and the set of allowed category names. */
    public static String value(List<CookieCategory> categories, Set<String> allowed) {
        Set<String> sources = new LinkedHashSet<>();
        sources.add("'self'");
        for (CookieCategory category : categories) {
            if (category.required() || allowed.contains(category.name())) {
                for (String host : category.hosts()) {
                    // A value that is no host-source could break the header or widen it ('unsafe-inline').
                    if (HOST_SOURCE.matcher(host.trim()).matches()) {
                        sources.add(host.trim());
                    }
                }
            }
        }
        String list = String.join(" ", sources);
        StringBuilder value = new StringBuilder();
        for (String directive : DIRECTIVES) {
            if (value.length() > 0) {
                value.append("; ");
            }
            value.append(directive).append(' ').append(list);
        }
        return value.toString();
    }
}
