package io.privacykit.geo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Geolocation configuration ({@code privacy.geo.*}).
 *
 * @param database        a GeoIP2/GeoLite2 City or Country file; empty means none is configured
 * @param trustedProxies  address ranges whose forwarding headers are believed
 * @param forwardedHeader the one forwarding header those proxies append to; the other is never read
 * @param cdnHeaders      the CDN header families believed from a trusted proxy
 * @param overrides       fixed locations for address ranges, checked before the database
 * @param cacheMaxSize    the most addresses the lookup cache holds
 * @param cacheTtl        how long a cached lookup stays valid
 */
public record GeoSettings(Optional<Path> database, List<Cidr> trustedProxies, ForwardedHeader forwardedHeader,
                          Set<CdnProvider> cdnHeaders, List<LocationOverride> overrides, long cacheMaxSize,
                          Duration cacheTtl) {
    public GeoSettings {
        Objects.requireNonNull(database, "database");
        trustedProxies = List.copyOf(trustedProxies);
        Objects.requireNonNull(forwardedHeader, "forwardedHeader");
        cdnHeaders = Set.copyOf(cdnHeaders);
        overrides = List.copyOf(overrides);
        Objects.requireNonNull(cacheTtl, "cacheTtl");
    }

    /** Settings whose trusted proxies append to {@code X-Forwarded-For}, the default. */
    public GeoSettings(Optional<Path> database, List<Cidr> trustedProxies, Set<CdnProvider> cdnHeaders,
                       List<LocationOverride> overrides, long cacheMaxSize, Duration cacheTtl) {
        this(database, trustedProxies, ForwardedHeader.X_FORWARDED_FOR, cdnHeaders, overrides, cacheMaxSize, cacheTtl);
    }
}
