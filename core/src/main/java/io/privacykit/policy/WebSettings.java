package io.privacykit.policy;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How the filter exposes itself over HTTP ({@code privacy.web.*}). Plain values: core knows no HTTP.
 *
 * @param prefix          the path prefix of PrivacyKit's endpoints (default {@code /privacy})
 * @param allowedOrigins  origins besides the request's own that may POST consent changes
 * @param csp             the Content-Security-Policy mode
 * @param consentChangesPerMinute how many consent changes one network (a /24 or /48) may post a
 *                        minute, in bursts of as many; 0 for no limit
 * @param adminToken      the bearer token of the operator endpoints ({@code privacy.admin.token}); empty
 *                        turns them off. A secret: {@link #toString()} leaves it out
 */
public record WebSettings(String prefix, List<String> allowedOrigins, CspMode csp, int consentChangesPerMinute,
                          Optional<String> adminToken) {

    /** The shortest admin token accepted: guessing one must be out of reach. */
    public static final int MIN_ADMIN_TOKEN_LENGTH = 32;

    /** The default limit: far above what people behind one network choose, far below a flood. */
    public static final int DEFAULT_CONSENT_CHANGES_PER_MINUTE = 120;

    public WebSettings {
        Objects.requireNonNull(prefix, "prefix");
        allowedOrigins = List.copyOf(allowedOrigins);
        Objects.requireNonNull(csp, "csp");
        if (consentChangesPerMinute < 0) {
            throw new IllegalArgumentException("consentChangesPerMinute must not be negative: " + consentChangesPerMinute);
        }
        Objects.requireNonNull(adminToken, "adminToken");
        if (adminToken.isPresent() && adminToken.get().length() < MIN_ADMIN_TOKEN_LENGTH) {
            throw new IllegalArgumentException("the admin token needs at least " + MIN_ADMIN_TOKEN_LENGTH + " characters");
        }
    }

    /** Settings without operator endpoints. */
    public WebSettings(String prefix, List<String> allowedOrigins, CspMode csp, int consentChangesPerMinute) {
        this(prefix, allowedOrigins, csp, consentChangesPerMinute, Optional.empty());
    }

    /** Settings with the default rate limit. */
    public WebSettings(String prefix, List<String> allowedOrigins, CspMode csp) {
        this(prefix, allowedOrigins, csp, DEFAULT_CONSENT_CHANGES_PER_MINUTE);
    }

    @Override
    public String toString() {
        return "WebSettings[prefix=" + prefix + ", allowedOrigins=" + allowedOrigins + ", csp=" + csp
                + ", consentChangesPerMinute=" + consentChangesPerMinute + ", adminToken="
                + (adminToken.isPresent() ? "(set)" : "(none)") + "]";
    }
}
