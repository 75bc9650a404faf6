package io.privacykit.rights;

import java.time.Duration;
import java.util.Objects;

/**
 * Rights-request configuration ({@code privacy.rights.*}).
 *
 * @param verificationTtl         how long a verification link works (default 24 hours)
 * @param exportTtl               how long an export's single download link works (default 7 days)
 * @param dueSoonDays             how many days ahead the operator's due-soon list looks (default 7)
 * @param requestsPerNetworkHour  requests one network may submit an hour, 0 for no limit (default 20)
 * @param requestsPerEmailHour    requests naming one e-mail address an hour, each of which mails that
 *                                address, at least 1 (default 5)
 */
public record RightsSettings(Duration verificationTtl, Duration exportTtl, int dueSoonDays, int requestsPerNetworkHour,
                             int requestsPerEmailHour) {

    /** Wrong tokens allowed before a request locks. */
    public static final int MAX_ATTEMPTS = 5;
    /** The default of {@link #requestsPerNetworkHour()}. */
    public static final int REQUESTS_PER_NETWORK_HOUR = 20;
    /** The default of {@link #requestsPerEmailHour()}. */
    public static final int REQUESTS_PER_EMAIL_HOUR = 5;

    public RightsSettings {
        Objects.requireNonNull(verificationTtl, "verificationTtl");
        Objects.requireNonNull(exportTtl, "exportTtl");
        if (verificationTtl.isNegative() || verificationTtl.isZero() || exportTtl.isNegative() || exportTtl.isZero()) {
            throw new IllegalArgumentException("link lifetimes must be positive");
        }
        if (dueSoonDays < 0) {
            throw new IllegalArgumentException("due-soon days must not be negative");
        }
        if (requestsPerNetworkHour < 0 || requestsPerEmailHour < 1) {
            throw new IllegalArgumentException("the network limit must not be negative and the e-mail limit at least 1");
        }
    }

    /** These lifetimes and horizon with the default request limits. */
    public RightsSettings(Duration verificationTtl, Duration exportTtl, int dueSoonDays) {
        this(verificationTtl, exportTtl, dueSoonDays, REQUESTS_PER_NETWORK_HOUR, REQUESTS_PER_EMAIL_HOUR);
    }

    /** 24 hours to verify, 7 days to download, 7 days ahead for due-soon, 20 requests a network and 5 an address an hour. */
    public static RightsSettings defaults() {
        return new RightsSettings(Duration.ofHours(24), Duration.ofDays(7), 7);
    }
}
