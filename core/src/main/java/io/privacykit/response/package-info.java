/**
 * What PrivacyKit does to a response, without HTTP: the cookies it sets, clears and expires (with
 * their paths and domains), the Content-Security-Policy of CSP mode, and the cookie knowledge of
 * one site ({@link io.privacykit.response.CookieSite}) they are worked out from.
 */
package io.privacykit.response;
