package io.privacykit.consent;

/** What happens to a cookie that no category names ({@code privacy.cookies.unclassified}). */
public enum UnclassifiedCookies {
    /** Dropped, logged once per name and counted: the safe default. */
    BLOCK,
    /** Let through, logged once per name and counted. */
    ALLOW
}
