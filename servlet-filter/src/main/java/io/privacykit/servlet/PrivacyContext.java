package io.privacykit.servlet;

import io.privacykit.PrivacyEngine;
import io.privacykit.consent.ConsentDecision;
import io.privacykit.consent.ConsentState;
import io.privacykit.consent.Signals;
import io.privacykit.jurisdiction.Jurisdiction;
import jakarta.servlet.ServletRequest;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What PrivacyKit decided for the current request, for application code and templates: the
 * jurisdiction, the allowed categories and the signals. A template that leaves out a tag when its
 * category is not allowed asks {@link #isAllowed(String)}.
 */
public final class PrivacyContext {

    /** The request attribute that holds the context. */
    public static final String ATTRIBUTE = PrivacyContext.class.getName();

    private final PrivacyEngine engine;
    private final PrivacyEngine.Visit visit;
    private final ConsentDecision decision;
    private final Optional<ConsentState> consent;
    private final Runnable onConsulted;

    PrivacyContext(PrivacyEngine engine, PrivacyEngine.Visit visit, ConsentDecision decision,
                   Optional<ConsentState> consent, Runnable onConsulted) {
        this.engine = engine;
        this.visit = visit;
        this.decision = decision;
        this.consent = consent;
        this.onConsulted = onConsulted;
    }

    /**
     * The context of {@code request}.
     *
     * @throws IllegalStateException when PrivacyFilter did not run for the request
     */
    public static PrivacyContext of(ServletRequest request) {
        Object context = request.getAttribute(ATTRIBUTE);
        if (context instanceof PrivacyContext privacy) {
            return privacy;
        }
        throw new IllegalStateException("No PrivacyContext on this request: PrivacyFilter is not mapped to it"
                + " (map it to /* for the REQUEST, FORWARD, INCLUDE, ASYNC and ERROR dispatches)");
    }

    /** The law that applies to the visitor. */
    public Jurisdiction jurisdiction() {
        return visit.jurisdiction();
    }

    /** The per-category decision. */
    public ConsentDecision decision() {
        onConsulted.run();
        return decision;
    }

    /** The categories whose cookies and trackers this response may use. */
    public Set<String> allowedCategories() {
        onConsulted.run();
        return decision.allowedCategories();
    }

    /** Whether the category may be used in this response; false for a category the policy lacks. */
    public boolean isAllowed(String category) {
        onConsulted.run();
        return decision.allowed(category);
    }

    /** Whether the visitor still has a choice to make (opt-in regime, none recorded). */
    public boolean needsChoice() {
        onConsulted.run();
        return decision.needsChoice();
    }

    /** The privacy signals the request carried. */
    public Signals signals() {
        return visit.signals();
    }

    /** The visitor's consent id, once they have made a choice. */
    public Optional<String> consentId() {
        return consent.map(ConsentState::consentId);
    }

    /**
     * Links the visitor's consent id to the app's id of the signed-in person, so that the choice
     * follows them across devices and a rights request finds it. Returns false when the visitor
     * has no consent id yet (no choice made).
     *
     * @throws io.privacykit.store.StoreException when the store cannot record the link
     */
    public boolean linkSubject(String subjectId) {
        Objects.requireNonNull(subjectId, "subjectId");
        if (consent.isEmpty()) {
            return false;
        }
        engine.linkSubject(consent.get().consentId(), subjectId);
        return true;
    }
}
