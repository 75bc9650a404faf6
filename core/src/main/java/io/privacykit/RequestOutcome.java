package io.privacykit;

import io.privacykit.consent.ConsentDecision;
import io.privacykit.consent.ConsentState;
import io.privacykit.consent.LedgerEntry;
import io.privacykit.response.ResponseCookie;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything PrivacyKit decided for one request, as one immutable value that the HTTP layer
 * renders: the decision and the consent it rests on, the cookies PrivacyKit sets, clears or
 * expires, the Content-Security-Policy of CSP mode, whether the response must stay out of shared
 * caches, and the ledger records written while deciding (a GPC opt-out, a lapse).
 *
 * @param visit          what the request said (address, jurisdiction, cookie, signals)
 * @param decision       the per-category decision in force for the response
 * @param consent        the visitor's consent in force, if any
 * @param cookies        PrivacyKit's own {@code Set-Cookie}s, in the order to send them
 * @param csp            the Content-Security-Policy value for the allowed categories, empty when CSP mode is off
 * @param wouldExpire    in report-only mode, the cookies that would have been expired, each with why
 * @param recorded       the ledger records written for this request (for a page's assets that share
 *                       one lapse or GPC opt-out, the record written for the first of them)
 */
public record RequestOutcome(PrivacyEngine.Visit visit, ConsentDecision decision, Optional<ConsentState> consent,
                             List<ResponseCookie> cookies, Optional<String> csp, Map<String, String> wouldExpire,
                             List<LedgerEntry> recorded) {

    public RequestOutcome {
        Objects.requireNonNull(visit, "visit");
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(consent, "consent");
        Objects.requireNonNull(csp, "csp");
        cookies = List.copyOf(cookies);
        wouldExpire = wouldExpire.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(wouldExpire));
        recorded = List.copyOf(recorded);
    }

    /**
     * Whether the decision shapes the response whatever the app does: it carries cookies or a CSP
     * that another visitor may not get, so it must not be shared between visitors.
     */
    public boolean mustBePrivate() {
        return !cookies.isEmpty() || csp.isPresent();
    }
}
