package io.privacykit.geo;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Believes the country (and region, where sent) that a CDN in front of the app put in its
 * geolocation headers, but only when the request reached us through a trusted proxy: from anyone
 * else those headers are just text the visitor chose. Malformed or "unknown" codes are ignored.
 */
public final class CdnHeaderGeoLocator implements GeoLocator {

    private final CdnProvider[] providers;

    /** A locator reading the header families of {@code providers}, in {@link CdnProvider} order. */
    public CdnHeaderGeoLocator(Set<CdnProvider> providers) {
        this.providers = providers.isEmpty() ? new CdnProvider[0]
                : EnumSet.copyOf(providers).toArray(new CdnProvider[0]);
    }

    @Override
    public Optional<Location> locate(GeoQuery query) {
        if (!query.fromTrustedProxy()) {
            return Optional.empty();
        }
        for (CdnProvider provider : providers) {
            Optional<Location> location = locate(provider, query.headers());
            if (location.isPresent()) {
                return location;
            }
        }
        return Optional.empty();
    }

    private static Optional<Location> locate(CdnProvider provider, RequestHeaders headers) {
        return switch (provider) {
            case CLOUDFRONT -> read(headers, "CloudFront-Viewer-Country", "CloudFront-Viewer-Country-Region");
            // Cloudflare sends XX for unknown and T1 for Tor exit nodes: neither is a place.
            case CLOUDFLARE -> read(headers, "CF-IPCountry", "CF-Region-Code", "XX", "T1");
            case VERCEL -> read(headers, "X-Vercel-IP-Country", "X-Vercel-IP-Country-Region");
            // App Engine sends ZZ when it cannot tell.
            case APPENGINE -> read(headers, "X-AppEngine-Country", "X-AppEngine-Region", "ZZ");
        };
    }

    private static Optional<Location> read(RequestHeaders headers, String countryHeader, String regionHeader,
                                           String... unknownCountries) {
        String country = single(headers, countryHeader);
        if (country == null || !isCountryCode(country)) {
            return Optional.empty();
        }
        for (String unknown : unknownCountries) {
            if (unknown.equalsIgnoreCase(country)) {
                return Optional.empty();
            }
        }
        String region = single(headers, regionHeader);
        if (region != null && region.length() > country.length() + 1
                && region.regionMatches(true, 0, country, 0, country.length()) && region.charAt(2) == '-') {
            region = region.substring(3); // "US-CA" -> "CA"
        }
        if (region != null && !isRegionCode(region)) {
            region = null;
        }
        return Optional.of(new Location(country, region, LocationSource.HEADER));
    }

    /** The header's value, or null when absent or sent several times with different values. */
    private static String single(RequestHeaders headers, String name) {
        List<String> values = headers.values(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        String first = values.get(0) == null ? null : values.get(0).trim();
        for (int i = 1; i < values.size(); i++) {
            String other = values.get(i);
            if (other == null || !other.trim().equalsIgnoreCase(first)) {
                return null;
            }
        }
        return first;
    }

    /** ISO 3166-1 alpha-2: two ASCII letters. */
    private static boolean isCountryCode(String code) {
        return code.length() == 2 && isAsciiLetter(code.charAt(0)) && isAsciiLetter(code.charAt(1));
    }

    /** ISO 3166-2 subdivision part: one to three ASCII letters or digits. */
    private static boolean isRegionCode(String code) {
        if (code.isEmpty() || code.length() > 3) {
            return false;
        }
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (!isAsciiLetter(c) && (c < '0' || c > '9')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
