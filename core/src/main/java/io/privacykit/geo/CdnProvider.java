package io.privacykit.geo;

import java.util.Locale;

/** CDNs whose geolocation headers PrivacyKit can read when the request comes from a trusted proxy. */
public enum CdnProvider {
    /** {@code CloudFront-Viewer-Country}, {@code CloudFront-Viewer-Country-Region}. */
    CLOUDFRONT,
    /** {@code CF-IPCountry}, plus {@code CF-Region-Code} where Cloudflare sends it. */
    CLOUDFLARE,
    /** {@code X-Vercel-IP-Country}, {@code X-Vercel-IP-Country-Region}. */
    VERCEL,
    /** {@code X-AppEngine-Country}, {@code X-AppEngine-Region}. */
    APPENGINE;

    /** The lower-case name used in configuration. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
