package io.privacykit.servlet;

import io.privacykit.consent.ConsentDecision;
import io.privacykit.consent.CookieCategory;
import io.privacykit.jurisdiction.Jurisdiction;
import java.util.Optional;

/**
 * Told what {@link PrivacyFilter} decides, for metrics and audits. Called on the request's thread,
 * so keep it quick; an exception it throws is logged and otherwise ignored. Every method does
 * nothing by default.
 */
public interface PrivacyEventListener {

    /** The listener that does nothing. */
    PrivacyEventListener NONE = new PrivacyEventListener() {
    };

    /** A request was classified and its decision is enforced on the response. */
    default void decided(Jurisdiction jurisdiction, ConsentDecision decision) {
    }

    /**
     * A {@code Set-Cookie} was withheld from the response.
     *
     * @param name     the cookie's name as the app wrote it (null for a malformed header); any
     *                 string a client could make the app write, so not a safe metric tag by itself
     * @param category the category that named it, or empty when none did (unclassified)
     */
    default void cookieWithheld(String name, Optional<CookieCategory> category) {
    }
}
