package io.privacykit.spring.boot;

import io.privacykit.consent.ConsentDecision;
import io.privacykit.consent.CookieCategory;
import io.privacykit.jurisdiction.Jurisdiction;
import io.privacykit.servlet.PrivacyEventListener;
import java.util.List;
import java.util.Optional;

/** Every {@link PrivacyEventListener} bean, in order. */
record CompositeListener(List<PrivacyEventListener> listeners) implements PrivacyEventListener {

    CompositeListener {
        listeners = List.copyOf(listeners);
    }

    @Override
    public void decided(Jurisdiction jurisdiction, ConsentDecision decision) {
        listeners.forEach(l -> l.decided(jurisdiction, decision));
    }

    @Override
    public void cookieWithheld(String name, Optional<CookieCategory> category) {
        listeners.forEach(l -> l.cookieWithheld(name, category));
    }
}
