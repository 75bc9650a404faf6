package io.privacykit.policy;

/** Whether the filter adds a Content-Security-Policy that limits third-party hosts to allowed categories. */
public enum CspMode {
    /** No header. */
    OFF,
    /** {@code Content-Security-Policy}: the browser refuses trackers without consent. */
    ENFORCE,
    /** {@code Content-Security-Policy-Report-Only}: for discovering what a site loads. */
    REPORT_ONLY
}
