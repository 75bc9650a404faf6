package io.privacykit.geo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.privacykit.geo.GeoTestData.ip;
import static org.assertj.core.api.Assertions.assertThat;

/** CDN geolocation headers: believed only from a trusted proxy, only for configured CDNs, only when well-formed. */
class CdnHeaderGeoLocatorTest {

    private final CdnHeaderGeoLocator all = new CdnHeaderGeoLocator(EnumSet.allOf(CdnProvider.class));

    @ParameterizedTest(name = "{0}: {1}={2}, {3}={4} -> {5}/{6}")
    @CsvSource(nullValues = "-", value = {
            "CLOUDFRONT, CloudFront-Viewer-Country,  US, CloudFront-Viewer-Country-Region, CA,    US, CA",
            "CLOUDFRONT, CloudFront-Viewer-Country,  de, CloudFront-Viewer-Country-Region, -,     DE, -",
            "CLOUDFRONT, cloudfront-viewer-country,  GB, cloudfront-viewer-country-region, ENG,   GB, ENG",
            "CLOUDFLARE, CF-IPCountry,               FR, CF-Region-Code,                   IDF,   FR, IDF",
            "CLOUDFLARE, CF-IPCountry,               BR, CF-Region-Code,                   -,     BR, -",
            "CLOUDFLARE, CF-IPCountry,               XX, CF-Region-Code,                   -,     -,  -",
            "CLOUDFLARE, CF-IPCountry,               T1, CF-Region-Code,                   -,     -,  -",
            "VERCEL,     X-Vercel-IP-Country,        CA, X-Vercel-IP-Country-Region,       QC,    CA, QC",
            "VERCEL,     X-Vercel-IP-Country,        US, X-Vercel-IP-Country-Region,       US-TX, US, TX",
            "APPENGINE,  X-AppEngine-Country,        US, X-AppEngine-Region,               ca,    US, CA",
            "APPENGINE,  X-AppEngine-Country,        ZZ, X-AppEngine-Region,               -,     -,  -",
            "APPENGINE,  X-AppEngine-Country,        ' AR ', X-AppEngine-Region,           ' B ', AR, B",
            // Malformed countries are ignored; a malformed region leaves the country.
            "CLOUDFRONT, CloudFront-Viewer-Country,  USA, CloudFront-Viewer-Country-Region, CA,   -,  -",
            "CLOUDFRONT, CloudFront-Viewer-Country,  U,   CloudFront-Viewer-Country-Region, CA,   -,  -",
            "CLOUDFRONT, CloudFront-Viewer-Country,  1A,  CloudFront-Viewer-Country-Region, CA,   -,  -",
            "CLOUDFRONT, CloudFront-Viewer-Country,  '',  CloudFront-Viewer-Country-Region, CA,   -,  -",
            "CLOUDFRONT, CloudFront-Viewer-Country,  \u00DCS, CloudFront-Viewer-Country-Region, CA, -,  -",
            "CLOUDFRONT, CloudFront-Viewer-Country,  US,  CloudFront-Viewer-Country-Region, CALI, US, -",
            "CLOUDFRONT, CloudFront-Viewer-Country,  US,  CloudFront-Viewer-Country-Region, C-A,  US, -",
            "CLOUDFRONT, CloudFront-Viewer-Country,  US,  CloudFront-Viewer-Country-Region, '',   US, -",
            "CLOUDFRONT, CloudFront-Viewer-Country,  US,  CloudFront-Viewer-Country-Region, <script>, US, -",
            "CLOUDFRONT, CloudFront-Viewer-Country,  US,  CloudFront-Viewer-Country-Region, DE-BY, US, -",
    })
    void readsEachCdnsHeaders(CdnProvider provider, String countryHeader, String country, String regionHeader,
                              String region, String expectedCountry, String expectedRegion) {
        RequestHeaders headers = region == null
                ? RequestHeaders.of(Map.of(countryHeader, List.of(country)))
                : RequestHeaders.of(Map.of(countryHeader, List.of(country), regionHeader, List.of(region)));
        GeoQuery fromCdn = new GeoQuery(ip("10.0.0.1"), true, headers);

        assertThat(new CdnHeaderGeoLocator(Set.of(provider)).locate(fromCdn)).isEqualTo(
                expectedCountry == null ? java.util.Optional.empty()
                        : java.util.Optional.of(new Location(expectedCountry, expectedRegion, LocationSource.HEADER)));
    }

    @ParameterizedTest(name = "{0} headers from an untrusted client are ignored")
    @EnumSource(CdnProvider.class)
    void spoofedHeadersFromAnUntrustedClientAreIgnored(CdnProvider provider) {
        GeoQuery spoofed = new GeoQuery(ip("203.0.113.9"), false, everyCdnSays("US", "CA"));

        assertThat(new CdnHeaderGeoLocator(Set.of(provider)).locate(spoofed)).isEmpty();
        assertThat(all.locate(spoofed)).isEmpty();
    }

    @Test
    void onlyConfiguredCdnsAreBelieved() {
        RequestHeaders cloudflareOnly = RequestHeaders.of(Map.of("CF-IPCountry", List.of("DE")));
        GeoQuery query = new GeoQuery(ip("10.0.0.1"), true, cloudflareOnly);

        assertThat(new CdnHeaderGeoLocator(Set.of(CdnProvider.CLOUDFRONT, CdnProvider.VERCEL)).locate(query)).isEmpty();
        assertThat(new CdnHeaderGeoLocator(Set.of()).locate(query)).isEmpty();
        assertThat(new CdnHeaderGeoLocator(Set.of(CdnProvider.CLOUDFLARE)).locate(query))
                .contains(Location.of("DE", LocationSource.HEADER));
    }

    @Test
    void theFirstConfiguredCdnInCdnProviderOrderThatAnswersWins() {
        RequestHeaders headers = RequestHeaders.of(Map.of(
                "CF-IPCountry", List.of("XX"),
                "X-Vercel-IP-Country", List.of("BR"),
                "X-AppEngine-Country", List.of("AR")));

        assertThat(all.locate(new GeoQuery(ip("10.0.0.1"), true, headers)))
                .contains(Location.of("BR", LocationSource.HEADER));
    }

    @Test
    void aHeaderSentTwiceWithDifferentValuesIsNotBelieved() {
        RequestHeaders twice = RequestHeaders.of(Map.of("CF-IPCountry", List.of("US", "DE")));
        RequestHeaders sameTwice = RequestHeaders.of(Map.of("CF-IPCountry", List.of("DE", "de")));

        CdnHeaderGeoLocator cloudflare = new CdnHeaderGeoLocator(Set.of(CdnProvider.CLOUDFLARE));
        assertThat(cloudflare.locate(new GeoQuery(ip("10.0.0.1"), true, twice))).isEmpty();
        assertThat(cloudflare.locate(new GeoQuery(ip("10.0.0.1"), true, sameTwice)))
                .contains(Location.of("DE", LocationSource.HEADER));
    }

    @Test
    void noHeadersNoLocation() {
        assertThat(all.locate(new GeoQuery(ip("10.0.0.1"), true, RequestHeaders.none()))).isEmpty();
    }

    private static RequestHeaders everyCdnSays(String country, String region) {
        return RequestHeaders.of(Map.of(
                "CloudFront-Viewer-Country", List.of(country), "CloudFront-Viewer-Country-Region", List.of(region),
                "CF-IPCountry", List.of(country), "CF-Region-Code", List.of(region),
                "X-Vercel-IP-Country", List.of(country), "X-Vercel-IP-Country-Region", List.of(region),
                "X-AppEngine-Country", List.of(country), "X-AppEngine-Region", List.of(region)));
    }
}
