package io.privacykit.servlet;

import io.privacykit.PrivacyEngine;
import io.privacykit.collection.CollectionRecorder;
import io.privacykit.collection.Outcome;
import io.privacykit.collection.Recipient;
import io.privacykit.collection.RecordingContext;
import io.privacykit.collection.SourceKind;
import io.privacykit.collection.SubjectId;
import io.privacykit.consent.CategoryDecision;
import io.privacykit.consent.CookieCategory;
import io.privacykit.consent.DecisionReason;
import io.privacykit.consent.ConsentDecision;
import io.privacykit.consent.ConsentState;
import io.privacykit.consent.Signals;
import io.privacykit.jurisdiction.Jurisdiction;
import jakarta.servlet.ServletRequest;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * What PrivacyKit decided for the current request, for application code and templates: the
 * jurisdiction, the allowed categories and the signals. A template that leaves out a tag when its
 * category is not allowed asks {@link #isAllowed(String)}. Reading any of it marks the response
 * as shaped by the decision ({@code Vary} on the consent inputs, {@code Cache-Control: private}).
 *
 * <p>It also records, bound to the request, the personal information the app collects, discloses,
 * sells and shares ({@link #collected(String, SourceKind, String)} and the like): each record is
 * checked against the policy with the visitor's jurisdiction, consent and opt-out. Under
 * {@code privacy.collection.mode=strict} a record the policy does not allow throws
 * {@link io.privacykit.collection.PolicyViolationException} to the app and nothing is stored.
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
        /** The outcome in force for the response: the request's, or one a restored consent replaced it with. */
        PrivacyEngine.RequestOutcome outcome();

        /** The app read the decision or its inputs: the response must not be shared between visitors. */
        void consulted();

        /** Carries the subject's consent in force to this browser, or does nothing and returns empty. */
        Optional<PrivacyEngine.ConsentChange> restore(String subjectId);

        /** Decides the request again with a declared residence and/or age (empty: as before) and enforces that. */
        void declare(Optional<Jurisdiction> residence, OptionalInt age);

        /** The age declared on this request, if any. */
        OptionalInt declaredAge();
    }

    private final PrivacyEngine engine;
    private final CollectionRecorder recorder;
    private final Response response;
    private final String headTags;
    private volatile SubjectId subject;
    /** GDPR special categories the app says the person explicitly consented to, on this request. */
    private volatile Set<String> explicitConsents = Set.of();
    private final io.privacykit.communication.CommunicationPreferences communications;

    PrivacyContext(PrivacyEngine engine, CollectionRecorder recorder, Response response, String headTags) {
        this(engine, recorder, response, headTags, null);
    }

    PrivacyContext(PrivacyEngine engine, CollectionRecorder recorder, Response response, String headTags,
                   io.privacykit.communication.CommunicationPreferences communications) {
        this.communications = communications;
        this.engine = engine;
        this.recorder = recorder;
        this.headTags = headTags;
        this.response = response;
    }

    /** What the filter enforces on this request's response. */
    Response response() {
        return response;
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
        return response.outcome().visit().jurisdiction();
    }

    /** The per-category decision. */
    public ConsentDecision decision() {
        response.consulted();
        return response.outcome().decision();
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
        return response.outcome().visit().signals();
    }

    /** The visitor's consent id, once they have made a choice. */
    public Optional<String> consentId() {
        response.consulted();
        return response.outcome().consent().map(ConsentState::consentId);
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
        subject = recorder.subjects().ofUserId(subjectId);
        Optional<ConsentState> own = response.outcome().consent();
        if (own.isPresent()) {
            engine.linkSubject(own.get().consentId(), subjectId);
            return true;
        }
        return response.restore(subjectId).isPresent();
    }

    /**
     * Declares where the signed-in person lives, as they told the app ({@code US-CA}, {@code DE}:
     * ISO 3166-1, optionally {@code -} and the ISO 3166-2 subdivision). US state laws protect
     * residents wherever they browse from, so the declared residence wins over the address's
     * location for this request: the decision is made again and enforced from here on (declare
     * before the response is committed). The residence is recorded in the consent ledger once per
     * change of regime, with location source {@code override} (a new consent when the browser has
     * none), and the response carries the consent cookie of that record.
     *
     * @return the jurisdiction now in force: the declared residence's, unless the request failed closed
     * @throws IllegalArgumentException when {@code residence} is not of that form (answer it with a 400)
     * @throws io.privacykit.store.StoreException when the ledger cannot record it
     */
    public synchronized Jurisdiction declareResidence(String residence) {
        Objects.requireNonNull(residence, "residence");
        Jurisdiction declared = engine.resolveResidence(residence);
        response.declare(Optional.of(declared), OptionalInt.empty());
        return response.outcome().visit().jurisdiction();
    }

    /**
     * Declares the signed-in person's age, as the app knows it. The regime's minors rule and the
     * policy's minimum age ({@code privacy.policy.minimum-age}) then apply to this request: below
     * the minimum age only necessary categories are allowed; where the law bans sale and targeted
     * advertising at this age, or needs a parent's consent, the sale/sharing categories are
     * withheld; where it needs the minor's own opt-in (California 13-15), they are withheld until
     * granted. {@link #maySell()} and {@link #mayShare()} follow, and the SDK's records get the age.
     *
     * @throws IllegalArgumentException when {@code age} is not 0-150
     */
    public synchronized void declareAge(int age) {
        if (age < 0 || age > 150) {
            throw new IllegalArgumentException("an age is 0-150, not " + age);
        }
        response.declare(Optional.empty(), OptionalInt.of(age));
    }

    /**
     * Counts, for the records made on this request, the person's explicit consent to the GDPR
     * special categories {@code categories} (Art. 9(2)(a)), which the app asked for and keeps the
     * proof of itself (Art. 7(1)); a cookie choice never is such a consent. A record of a special
     * category declared {@code explicit-consent} is otherwise a violation.
     *
     * @throws IllegalArgumentException when an id is blank
     */
    public synchronized void declareExplicitConsent(String... categories) {
        Set<String> all = new HashSet<>(explicitConsents);
        for (String category : categories) {
            if (category == null || category.isBlank()) {
                throw new IllegalArgumentException("a special category id is not blank");
            }
            all.add(category.strip());
        }
        explicitConsents = Set.copyOf(all);
    }

    /**
     * Whether the app may sell this visitor's personal information (Cal. Civ. Code 1798.140(ad))
     * on this request: every sale/sharing category ({@code privacy.sale.<category>}) is allowed, so
     * no opt-out (a choice, GPC, DNT where honoured) and no minors rule stands in the way.
     */
    public boolean maySell() {
        return !recordingContext().optedOutOfSale() && saleCategoriesAllowed();
    }

    /**
     * Whether the app may share this visitor's personal information for cross-context behavioural
     * advertising (1798.140(ah)) on this request. The same opt-out covers sale and sharing
     * (1798.120, 1798.135), so this is {@link #maySell()}.
     */
    public boolean mayShare() {
        return maySell();
    }

    private boolean saleCategoriesAllowed() {
        ConsentDecision decision = decision();
        for (CookieCategory category : engine.policy().categories()) {
            if (category.saleOrSharing() && !decision.allowed(category.name())) {
                return false;
            }
        }
        return true;
    }

    /**
     * When the app may ask the visitor again to opt in to sale or sharing, after they refused it:
     * for a declared age under 16 in California, 12 months after the refusal (Cal. Civ. Code
     * 1798.135(c)(4) with 1798.120(c)); empty when no wait applies (no refusal, no age declared,
     * another regime).
     */
    public Optional<java.time.Instant> mayAskToSellAgainFrom() {
        OptionalInt age = response.declaredAge();
        Optional<ConsentState> consent = response.outcome().consent();
        if (age.isEmpty() || consent.isEmpty()) {
            return Optional.empty();
        }
        boolean refused = engine.policy().categories().stream()
                .anyMatch(c -> c.saleOrSharing() && consent.get().refused(c.name()));
        return refused ? engine.ageGate().mayAskAgainFrom(jurisdiction(), age.getAsInt(), consent.get().givenAt())
                : Optional.empty();
    }

    /**
     * The pseudonymous id of a person: of an e-mail address (normalised) when the value holds an
     * {@code @}, else of the app's user id, as {@link #linkSubject(String)} makes it.
     */
    public SubjectId subjectOf(String userIdOrEmail) {
        Objects.requireNonNull(userIdOrEmail, "userIdOrEmail");
        return userIdOrEmail.indexOf('@') > 0 ? recorder.subjects().ofEmail(userIdOrEmail)
                : recorder.subjects().ofUserId(userIdOrEmail);
    }

    /**
     * The signed-in person's id, from the user id given to {@link #linkSubject(String)} on this request.
     *
     * @throws IllegalStateException when no subject was linked on this request
     */
    public SubjectId subject() {
        SubjectId linked = subject;
        if (linked == null) {
            throw new IllegalStateException("No subject is linked to this request: call linkSubject(userId) first,"
                    + " or pass a SubjectId (subjectOf(userIdOrEmail))");
        }
        return linked;
    }

    /**
     * The signed-in person's marketing preferences (see {@link #subject()}), changes recorded under
     * this visitor's regime.
     *
     * @throws IllegalStateException when no subject was linked on this request
     */
    public Communication communication() {
        return communication(subject());
    }

    /** {@code subject}'s marketing preferences (a newsletter sign-up without an account), under this visitor's regime. */
    public Communication communication(SubjectId subject) {
        if (communications == null) {
            throw new IllegalStateException("Communication preferences are not available on this context");
        }
        return new Communication(communications, subject, jurisdiction().regime());
    }

    /** Records that {@code category} was collected from the signed-in person (see {@link #subject()}). */
    public Outcome collected(String category, SourceKind source, String purpose) {
        return collected(subject(), category, source, purpose);
    }

    /** Records that {@code category} was collected from {@code subject}, checked against this request's context. */
    public Outcome collected(SubjectId subject, String category, SourceKind source, String purpose) {
        return recorder.collected(subject, category, source, purpose, recordingContext());
    }

    /** Records that the signed-in person's {@code category} was disclosed to {@code recipient} for a business purpose. */
    public Outcome disclosed(String category, Recipient recipient, String purpose) {
        return disclosed(subject(), category, recipient, purpose);
    }

    /** Records that {@code subject}'s {@code category} was disclosed to {@code recipient} for a business purpose. */
    public Outcome disclosed(SubjectId subject, String category, Recipient recipient, String purpose) {
        return recorder.disclosed(subject, category, recipient, purpose, recordingContext());
    }

    /** Records that the signed-in person's {@code category} was sold to {@code recipient} (Cal. Civ. Code 1798.140(ad)). */
    public Outcome sold(String category, Recipient recipient, String purpose) {
        return sold(subject(), category, recipient, purpose);
    }

    /** Records that {@code subject}'s {@code category} was sold to {@code recipient}. */
    public Outcome sold(SubjectId subject, String category, Recipient recipient, String purpose) {
        return recorder.sold(subject, category, recipient, purpose, recordingContext());
    }

    /** Records that the signed-in person's {@code category} was shared for cross-context behavioural advertising (1798.140(ah)). */
    public Outcome shared(String category, Recipient recipient, String purpose) {
        return shared(subject(), category, recipient, purpose);
    }

    /** Records that {@code subject}'s {@code category} was shared with {@code recipient}. */
    public Outcome shared(SubjectId subject, String category, Recipient recipient, String purpose) {
        return recorder.shared(subject, category, recipient, purpose, recordingContext());
    }

    /** What this request says about the visitor, for the recorder's checks. Does not mark the response. */
    RecordingContext recordingContext() {
        PrivacyEngine.RequestOutcome outcome = response.outcome();
        RecordingContext context = recordingContext(engine.policy().categories(), outcome.visit(), outcome.decision());
        Set<String> explicit = explicitConsents;
        if (!explicit.isEmpty()) {
            context = context.withConsentTo(explicit.toArray(String[]::new));
        }
        OptionalInt age = response.declaredAge();
        if (age.isEmpty()) {
            return context;
        }
        // A minor whose sale/sharing categories the minors rule withholds is opted out of both.
        boolean withheld = engine.policy().categories().stream()
                .anyMatch(c -> c.saleOrSharing() && !outcome.decision().allowed(c.name()));
        return new RecordingContext(context.jurisdiction(), context.optedOutOfSale() || withheld,
                context.consentedCategories(), age);
    }

    /**
     * The visitor's jurisdiction; opted out of sale and sharing when a sale/sharing category was
     * withdrawn by GPC, DNT (where honoured) or a refusal (Cal. Civ. Code 1798.120, 1798.135); the
     * categories they granted (or that are necessary).
     */
    static RecordingContext recordingContext(java.util.List<CookieCategory> categories, PrivacyEngine.Visit visit,
                                             ConsentDecision decision) {
        boolean optedOut = decision.gpcApplied() || decision.dntApplied();
        Set<String> consented = new HashSet<>();
        Map<String, CategoryDecision> decided = decision.categories();
        for (CookieCategory category : categories) {
            CategoryDecision d = decided.get(category.name());
            if (d == null) {
                continue;
            }
            if (d.reason() == DecisionReason.GRANTED || d.reason() == DecisionReason.NECESSARY) {
                consented.add(category.name());
            }
            if (category.saleOrSharing() && !d.allowed() && d.reason() != DecisionReason.AWAITING_CONSENT) {
                optedOut = true;
            }
        }
        return new RecordingContext(visit.jurisdiction(), optedOut, consented, OptionalInt.empty());
    }
}
