package io.privacykit.policy;

import java.util.List;
import java.util.Objects;

/**
 * How the filter exposes itself over HTTP ({@code privacy.web.*}). Plain values: core knows no HTTP.
 *
 * @param prefix          the path prefix of PrivacyKit's endpoints (default {@code /privacy})
 * @param allowedOrigins  origins besides the request's own that may POST consent changes
 * @param csp             the Content-Security-Policy mode
 */
public record WebSettings(String prefix, List<String> allowedOrigins, CspMode csp) {
    public WebSettings {
        Objects.requireNonNull(prefix, "prefix");
        allowedOrigins = List.copyOf(allowedOrigins);
        Objects.requireNonNull(csp, "csp");
    }
}
