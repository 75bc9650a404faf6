package io.privacykit.consent;

import io.privacykit.geo.IpLiteral;
import io.privacykit.geo.LocationSource;
import io.privacykit.jurisdiction.Regime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One consent change as the proof-of-consent ledger keeps it: who (a pseudonymous consent id,
 * optionally linked to a subject), when, under which policy version and law, what was chosen per
 * category, and how. Holds no raw IP address: only the keyed hash an {@link IpHasher} makes.
 *
 * @param consentId      the pseudonymous id carried in the consent cookie
 * @param at             when the change happened, kept to the microsecond (what every supported database stores)
 * @param policyVersion  the policy version the choice was made under
 * @param regime         the regime that applied
 * @param law            the law's name
 * @param locationSource how the visitor's location was decided
 * @param country        the visitor's country, or {@code null} when unknown
 * @param region         the visitor's subdivision, or {@code null}
 * @param choices        category name to granted, in the order given
 * @param method         how the change came about
 * @param page           the path the change was made on, without query or fragment, at most
 *                       {@value #MAX_TEXT} characters; or {@code null}
 * @param ipHash         the keyed hash of the visitor's truncated address, or {@code null} when
 *                       there was none; never an address
 * @param userAgent      the visitor's user agent, at most {@value #MAX_TEXT} characters; or {@code null}
 * @param subjectId      the app's id of the signed-in person, or {@code null}
 */
public record ConsentEvent(String consentId, Instant at, String policyVersion, Regime regime, String law,
                           LocationSource locationSource, String country, String region,
                           Map<String, Boolean> choices, ConsentMethod method, String page, String ipHash,
                           String userAgent, String subjectId) {

    /** The most characters kept of a page path or a user agent. */
    public static final int MAX_TEXT = 512;
    /** The most characters of a consent id or policy version. */
    public static final int MAX_ID = 128;
    /** The most characters of a law's name or a subject id. */
    public static final int MAX_NAME = 256;
    /** The most characters of an IP hash. */
    public static final int MAX_HASH = 64;

    public ConsentEvent {
        requireText(consentId, "consentId", MAX_ID);
        at = Objects.requireNonNull(at, "at").truncatedTo(ChronoUnit.MICROS);
        requireText(policyVersion, "policyVersion", MAX_ID);
        Objects.requireNonNull(regime, "regime");
        requireText(law, "law", MAX_NAME);
        Objects.requireNonNull(locationSource, "locationSource");
        Objects.requireNonNull(method, "method");
        choices = copyOf(choices);
        page = truncate(pathOnly(page));
        if (ipHash != null && IpLiteral.parse(ipHash).isPresent()) {
            // Data minimisation (GDPR Art. 5(1)(c)): the ledger never holds an address.
            throw new IllegalArgumentException("ipHash must be a keyed hash, not an IP address");
        }
        if (ipHash != null) {
            requireText(ipHash, "ipHash", MAX_HASH);
        }
        userAgent = truncate(userAgent);
        if (subjectId != null) {
            requireText(subjectId, "subjectId", MAX_NAME);
        }
    }

    private static void requireText(String value, String name, int maxLength) {
        Objects.requireNonNull(value, name);
        if (value.isBlank() || value.length() > maxLength) {
            throw new IllegalArgumentException(name + " must have 1 to " + maxLength + " characters");
        }
    }

    private static Map<String, Boolean> copyOf(Map<String, Boolean> choices) {
        Objects.requireNonNull(choices, "choices");
        Map<String, Boolean> copy = new LinkedHashMap<>();
        choices.forEach((category, granted) -> copy.put(
                Objects.requireNonNull(category, "choices key"),
                Objects.requireNonNull(granted, "choices value")));
        return Collections.unmodifiableMap(copy);
    }

    /** The path of a page reference: scheme, host, query and fragment removed. */
    private static String pathOnly(String page) {
        if (page == null) {
            return null;
        }
        String path = page;
        int scheme = path.indexOf("://");
        if (scheme >= 0 && path.indexOf('/') > scheme) {
            int slash = path.indexOf('/', scheme + 3);
            path = slash < 0 ? "/" : path.substring(slash);
        }
        int end = path.length();
        int query = path.indexOf('?');
        int fragment = path.indexOf('#');
        if (query >= 0) {
            end = query;
        }
        if (fragment >= 0 && fragment < end) {
            end = fragment;
        }
        path = path.substring(0, end);
        return path.isEmpty() ? null : path;
    }

    private static String truncate(String text) {
        if (text == null || text.length() <= MAX_TEXT) {
            return text;
        }
        int end = MAX_TEXT;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--; // never split a surrogate pair
        }
        return text.substring(0, end);
    }
}
