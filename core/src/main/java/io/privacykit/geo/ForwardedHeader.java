package io.privacykit.geo;

/**
 * The one forwarding header the trusted proxies write ({@code privacy.geo.forwarded-header}). Only
 * that header is read: a proxy passes the other through as the client sent it, so reading it would
 * let any client choose its own address.
 */
public enum ForwardedHeader {
    /** {@code X-Forwarded-For}, which nginx, HAProxy, AWS load balancers and most CDNs append to. */
    X_FORWARDED_FOR("X-Forwarded-For"),
    /** {@code Forwarded} (RFC 7239), for proxies configured to append to it. */
    FORWARDED("Forwarded");

    private final String headerName;

    ForwardedHeader(String headerName) {
        this.headerName = headerName;
    }

    /** The HTTP header name, e.g. {@code X-Forwarded-For}. */
    public String headerName() {
        return headerName;
    }
}
