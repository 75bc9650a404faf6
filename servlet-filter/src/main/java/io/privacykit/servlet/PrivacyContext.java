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
 * category is not allowed asks {@link #isAllowed(String)}. Reading any of it marks the response
 * as shaped by the decision ({@code Vary} on the consent inputs, {@code Cache-Control: private}).
 */
public final class PrivacyContext {

    /** The request attribute that holds the context. */
    public static final String ATTRIBUTE = PrivacyContext.class.getName();

    /**
     * The request attribute that holds the banner's tags for the page's {@code <head>}, as
     * {@link #headTags()} returns them: in a JSP {@code ${requestScope['io.privacykit.head']}}, or
     * the {@code <privacykit:head/>} tag.
     */
    public static final String HEAD_ATTRIBUTE = "io.privacykit.head";

    /** What the context does to the response it belongs to. */
    interface Response {
        /** The app read the decision or its inputs: the response must not be shared between visitors. */
        void consulted();

        /** Carries the subject's consent in force to this browser, or does nothing and returns empty. */
        Optional<PrivacyEngine.ConsentChange> restore(String subjectId);
    }

    private final PrivacyEngine engine;
    private final PrivacyEngine.Visit visit;
    private final Response response;
    private final String headTags;
    private volatile ConsentDecision decision;
    private volatile Optional<ConsentState> consent;

    PrivacyContext(PrivacyEngine engine, PrivacyEngine.Visit visit, ConsentDecision decision,
                   Optional<ConsentState> consent, Response response, String headTags) {
        this.engine = engine;
        this.headTags = headTags;
        this.visit = visit;
        this.decision = decision;
        this.consent = consent;
        this.response = response;
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

    /**
     * The tags that load the banner, for the page's {@code <head>}: its stylesheet and its script
     * ({@code defer}), with the context path and {@code privacy.web.prefix} applied, e.g.
     * {@code <link rel="stylesheet" href="/shop/privacy/banner.css"><script src="/shop/privacy/banner.js" defer></script>}.
     * The same for every visitor, so reading them does not mark the response.
     */
    public String headTags() {
        return headTags;
    }

    /** The law that applies to the visitor. */
    public Jurisdiction jurisdiction() {
        response.consulted();
        return visit.jurisdiction();
    }

    /** The per-category decision. */
    public ConsentDecision decision() {
        response.consulted();
        return decision;
    }

    /** The categories whose cookies and trackers this response may use. */
    public Set<String> allowedCategories() {
        return decision().allowedCategories();
    }

    /** Whether the category may be used in this response; false for a category the policy lacks. */
    public boolean isAllowed(String category) {
        return decision().allowed(category);
    }

    /** Whether the visitor still has a choice to make (opt-in regime, none recorded). */
    public boolean needsChoice() {
        return decision().needsChoice();
    }

    /** The privacy signals the request carried. */
    public Signals signals() {
        response.consulted();
        return visit.signals();
    }

    /** The visitor's consent id, once they have made a choice. */
    public Optional<String> consentId() {
        response.consulted();
        return consent.map(ConsentState::consentId);
    }

    /**
     * Links the visitor's consent to the app's id of the signed-in person, so that the choice
     * follows them across devices and a rights request finds it. On a browser with no consent of
     * its own, the person's latest choice still in force, made on another device, is restored
     * instead: this response carries its consent cookie (link before the response is committed)
     * and follows its decision from here on.
     *
     * @return true when this browser's consent is now the person's; false when the browser has no
     *         consent and the person none in force
     * @throws io.privacykit.store.StoreException when the store cannot record the link or read the ledger
     */
    public synchronized boolean linkSubject(String subjectId) {
        Objects.requireNonNull(subjectId, "subjectId");
        Optional<ConsentState> own = consent;
        if (own.isPresent()) {
            engine.linkSubject(own.get().consentId(), subjectId);
            return true;
        }
        Optional<PrivacyEngine.ConsentChange> restored = response.restore(subjectId);
        if (restored.isEmpty()) {
            return false;
        }
        decision = restored.get().decision();
        consent = Optional.of(restored.get().state());
        return true;
    }
}
