/**
 * The Jakarta Servlet 6 adapter: {@link io.privacykit.servlet.PrivacyFilter} turns each request
 * into the inputs of {@link io.privacykit.PrivacyEngine} and its decision into HTTP.
 *
 * <h2>Registration</h2>
 * Adding the jar and a {@code privacy.properties} is enough: {@link io.privacykit.servlet.PrivacyKitInitializer},
 * a {@code ServletContainerInitializer}, registers the filter for {@code /*} (REQUEST, FORWARD,
 * INCLUDE, ASYNC, ERROR; async supported) only when the configuration exists. A web fragment cannot
 * register a filter conditionally, so {@code META-INF/web-fragment.xml} only names the jar
 * ({@code privacykit}) for {@code <absolute-ordering>}. To register by code instead, set the
 * context parameter {@code privacykit.auto-register=false} and add
 * {@code PrivacyFilter.create(policy)} or {@code new PrivacyFilter(engine)} with the same mapping.
 *
 * <h2>Endpoints (under {@code privacy.web.prefix}, default {@code /privacy})</h2>
 * {@code GET /consent} (the decision as JSON, with {@code needsChoice}), {@code POST /consent}
 * (form or JSON: {@code accept=all}, {@code reject=all} or one field per category; committed to
 * the ledger before the 200 and the signed cookie), {@code GET /consent/receipt},
 * {@code GET /banner.js}, {@code GET /banner.css}, and {@code GET /.well-known/gpc.json} (relative
 * to the context path; Global Privacy Control wants it at the site root: see docs/deployment.md).
 * Errors are JSON {@code {"error": "..."}}: 400, 403 (another origin), 405, 413 (over 16 KiB),
 * 408 (a body not complete within 5 s; read without holding a thread), 415, and 503 when the store
 * cannot commit (nothing is acknowledged then).
 *
 * <h2>The banner</h2>
 * {@code <script src="/privacy/banner.js" defer></script>} plus the stylesheet, both under the
 * context path; {@link io.privacykit.servlet.PrivacyContext#headTags()}, the request attribute
 * {@value io.privacykit.servlet.PrivacyContext#HEAD_ATTRIBUTE} and the JSP tag
 * {@code <privacykit:head/>} ({@link io.privacykit.servlet.HeadTag}) give both tags with the context
 * path and prefix applied. The script finds its endpoint beside its own address. The server picks
 * the language from {@code Accept-Language} (English, Spanish, Portuguese; English otherwise) and
 * embeds the strings and the visitor's current decision in the script, so that the Google Consent
 * Mode default is set synchronously; include the script after the page's {@code gtag} stub and
 * before {@code gtag('config', ...)}. Tags written as
 * {@code <script type="text/plain" data-privacy-category="performance">} run once their category
 * is allowed. Any element with {@code data-privacy-choices} reopens the dialog; without one the
 * script adds a "Privacy choices" button (opt out with {@code data-no-choices-link} on the script tag).
 *
 * <h2>Caching</h2>
 * A response the decision shaped (a cookie let through or held back, the CSP, the app reading
 * {@link io.privacykit.servlet.PrivacyContext}) gets {@code Vary: Cookie, Sec-GPC, DNT} and
 * {@code private} added to its {@code Cache-Control} unless that holds {@code no-store} or
 * {@code private} already: the decision also depends on the visitor's address, which no
 * {@code Vary} can name. The app's directives stay as written ({@code public} alone gives way),
 * {@code Vary} is merged, and {@code Pragma} and {@code Expires} are never touched. The filter's own
 * lone {@code private} is hidden from the app's {@code getHeader}/{@code containsHeader}, so that a
 * writer that only sets {@code Cache-Control} where none is (Spring Security's) still writes its
 * {@code no-store}; map PrivacyFilter ahead of such filters.
 *
 * <h2>Behind a proxy</h2>
 * When the socket peer is in {@code privacy.geo.trusted-proxies}, the visitor's address comes from
 * {@code Forwarded} or {@code X-Forwarded-For}, and the site's own origin, against which consent
 * POSTs are checked, from {@code X-Forwarded-Proto}/{@code X-Forwarded-Host} or the nearest
 * {@code Forwarded} element's {@code proto}/{@code host}. From any other peer these headers are ignored.
 *
 * <h2>Limits</h2>
 * Expiring a withdrawn category's cookies sends {@code Max-Age=0} for the request's host and for
 * each of its parent domains (where trackers such as Google Analytics set theirs), at {@code /},
 * the context path and each path (at most four per name) the app was seen setting the cookie
 * under; a cookie set only by scripts in the browser at another path cannot be seen by the server.
 * {@code privacy.csp=enforce} sends no nonce and no {@code 'unsafe-inline'}, so the browser blocks
 * every inline script, the page's own included; with inline scripts use {@code report-only}, or
 * move them to files served by the site (allowed by {@code 'self'}).
 */
package io.privacykit.servlet;
