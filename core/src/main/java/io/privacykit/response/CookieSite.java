package io.privacykit.response;

import io.privacykit.consent.ConsentDecision;
import io.privacykit.consent.CookieCategory;
import io.privacykit.consent.CookieClassifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What one site knows about its cookies: their categories (its container's session cookie
 * included), the paths the app set each one under, and whether PrivacyKit only reports. Works out
 * which cookies a request carries that the decision no longer allows, and where to expire them.
 * Thread-safe; one per filter.
 */
public final class CookieSite {

    /**
     * The expiries for one request.
     *
     * @param expire      deletions to send, within {@link #BUDGET_BYTES}
     * @param wouldExpire in report-only mode, the cookie names that would have been expired, each
     *                    with why; empty when enforcing
     */
    public record Sweep(List<ResponseCookie> expire, Map<String, String> wouldExpire) {
        /** Nothing to expire. */
        public static final Sweep NONE = new Sweep(List.of(), Map.of());

        public Sweep {
            expire = List.copyOf(expire);
            wouldExpire = wouldExpire.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(wouldExpire));
        }
    }

    /** The most bytes of deletions one response carries (see {@link CookieExpiry#BUDGET_BYTES}). */
    public static final int BUDGET_BYTES = CookieExpiry.BUDGET_BYTES;

    private final CookieClassifier classifier;
    private final String consentCookie;
    private final boolean reportOnly;
    private final CookiePaths paths = new CookiePaths();
    /**
     * Each cookie's deletions by host and context path, as last worked out: the requests that expire
     * cookies mostly expire the same ones on the same host, and the deletions change only when the
     * app sets a cookie under a new path. Bounded, since the host comes from the request.
     */
    private final Map<ExpiryKey, Expiries> expiries = new ConcurrentHashMap<>();
    static final int MAX_EXPIRIES = 1024;

    private record ExpiryKey(String name, String host, String contextPath) {
    }

    /** A cookie's deletions, worked out when the kept paths were at {@code pathsVersion}. */
    private record Expiries(long pathsVersion, List<ResponseCookie> cookies) {
    }

    /**
     * @param classifier    the categories of the site's cookies
     * @param consentCookie the name of the consent cookie, which is never swept
     * @param reportOnly    whether withdrawn cookies are only reported, never expired
     */
    public CookieSite(CookieClassifier classifier, String consentCookie, boolean reportOnly) {
        this.classifier = Objects.requireNonNull(classifier, "classifier");
        this.consentCookie = Objects.requireNonNull(consentCookie, "consentCookie");
        this.reportOnly = reportOnly;
    }

    /** The categories of the site's cookies. */
    public CookieClassifier classifier() {
        return classifier;
    }

    /** Whether PrivacyKit only reports what it would withhold or expire. */
    public boolean reportOnly() {
        return reportOnly;
    }

    /**
     * Notes that the app set cookie {@code name} with {@code Path} attribute {@code path}, or with
     * none ({@code null}) on a request to {@code requestPath}, so that a withdrawal expires it there too.
     */
    public void cookieSet(String name, String path, String requestPath) {
        if (name != null) {
            paths.record(name, path != null ? path : CookiePaths.defaultPath(requestPath));
        }
    }

    /**
     * The request's cookies of categories {@code decision} does not allow, expired on {@code host}
     * and its parent domains, at {@code /}, the context path and each path the app set them under.
     * Allocates nothing when there is none.
     */
    public Sweep sweep(Collection<String> cookieNames, ConsentDecision decision, String host, String contextPath) {
        return sweep(cookieNames, decision, () -> host, contextPath);
    }

    /**
     * {@link #sweep(Collection, ConsentDecision, String, String)} with the host worked out only when a
     * cookie is to be expired.
     */
    public Sweep sweep(Collection<String> cookieNames, ConsentDecision decision, Supplier<String> host,
                       String contextPath) {
        String hostName = null;
        List<List<ResponseCookie>> deletions = null;
        Map<String, String> would = null;
        for (String name : cookieNames) {
            if (name.equals(consentCookie)) {
                continue;
            }
            Optional<CookieCategory> category = classifier.categoryOf(name);
            if (category.isEmpty() || category.get().required() || decision.allowed(category.get().name())) {
                continue;
            }
            if (reportOnly) {
                if (would == null) {
                    would = new LinkedHashMap<>();
                }
                would.put(name, "category '" + category.get().name() + "' not allowed");
                continue;
            }
            if (deletions == null) {
                deletions = new ArrayList<>();
                hostName = host.get(); // once, at the first cookie to expire
            }
            deletions.add(expiriesOf(name, hostName, contextPath));
        }
        if (deletions == null && would == null) {
            return Sweep.NONE;
        }
        List<ResponseCookie> expire = deletions == null ? List.of()
                : CookieExpiry.withinBudget(deletions, cookie -> cookie.header().length());
        return new Sweep(expire, would == null ? Map.of() : would);
    }

    /** The deletions of cookie {@code name} on {@code host} under {@code contextPath}, most useful first. */
    private List<ResponseCookie> expiriesOf(String name, String host, String contextPath) {
        ExpiryKey key = new ExpiryKey(name, host, contextPath);
        long version = paths.version();
        Expiries known = expiries.get(key);
        if (known != null && known.pathsVersion() == version) {
            return known.cookies();
        }
        List<ResponseCookie> cookies = new ArrayList<>();
        for (String header : CookieExpiry.forHost(name, host, paths.of(name, contextPath))) {
            cookies.add(CookieExpiry.cookieOf(header));
        }
        cookies = List.copyOf(cookies);
        if (expiries.size() >= MAX_EXPIRIES) {
            expiries.clear();
        }
        expiries.put(key, new Expiries(version, cookies));
        return cookies;
    }

    /** How many hosts' and cookies' deletions are kept worked out. */
    int expiriesKept() {
        return expiries.size();
    }

    /** The deletion of a host-only cookie called {@code name} at {@code Path=/}. */
    public static ResponseCookie clear(String name) {
        return new ResponseCookie(ResponseCookie.Kind.CLEAR, name, "/", null, CookieExpiry.of(name));
    }
}
