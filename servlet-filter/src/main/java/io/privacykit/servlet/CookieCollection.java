package io.privacykit.servlet;

import io.privacykit.PrivacyEngine;
import io.privacykit.collection.CollectionMode;
import io.privacykit.collection.CollectionRecorder;
import io.privacykit.collection.PolicyViolationException;
import io.privacykit.collection.RecordingContext;
import io.privacykit.collection.SourceKind;
import io.privacykit.collection.SubjectId;
import io.privacykit.consent.ConsentDecision;
import io.privacykit.consent.ConsentState;
import io.privacykit.consent.IpHasher;
import io.privacykit.policy.Policy;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records what an analytics or advertising cookie collects from the visitor's browser, identifiers
 * and internet activity (Cal. Civ. Code 1798.140(v)(1)(A), (F)), once per visitor, category and UTC
 * day: the notice then shows them collected whether or not the app records anything itself.
 */
final class CookieCollection {

    private static final String IDENTIFIERS = "identifiers";
    private static final String INTERNET_ACTIVITY = "internet_activity";
    private static final Logger LOG = LoggerFactory.getLogger(CookieCollection.class);
    /** Cookie category to the purpose its cookies serve. */
    private static final Map<String, String> PURPOSES = Map.of("performance", "analytics", "advertising", "advertising");
    /** The most visitor-days remembered: past it a visitor may be recorded twice a day, which only adds to a count. */
    static final int MAX_SEEN = 1 << 17;
    private static final long DAY_MILLIS = Duration.ofDays(1).toMillis();

    private final CollectionRecorder recorder;
    private final Policy policy;
    private final IpHasher networks;
    private final Clock clock;
    private final boolean enabled;
    /** Visitors by consent id, else by network ({@link ConsentRateLimit#network}). */
    private final VisitorDays seen = new VisitorDays(MAX_SEEN);

    CookieCollection(CollectionRecorder recorder, Policy policy, Clock clock) {
        this.recorder = recorder;
        this.policy = policy;
        this.clock = clock;
        this.networks = new IpHasher(policy.consent().ipHashKey());
        // Strict mode throws on what the policy does not declare: record there only what it declares.
        // Report mode records anyway, so that the undeclared collection shows as a divergence.
        this.enabled = recorder.policy().settings().mode() == CollectionMode.REPORT
                || recorder.policy().collects(IDENTIFIERS) && recorder.policy().collects(INTERNET_ACTIVITY);
    }

    /** Called when a cookie of {@code category} is sent to the visitor of {@code visit}. */
    void cookieSent(String category, PrivacyEngine.Visit visit, Optional<ConsentState> consent, ConsentDecision decision) {
        String purpose = PURPOSES.get(category);
        if (!enabled || purpose == null) {
            return;
        }
        try {
            // Nothing hashed or built before the look-up: a visitor already seen today costs that alone.
            String consentId = consent.isPresent() ? consent.get().consentId() : null;
            java.net.InetAddress address = consentId == null && visit.client().isPresent()
                    ? visit.client().get().address() : null;
            if (consentId == null && address == null) {
                return;
            }
            long network = consentId != null ? 0 : ConsentRateLimit.network(address);
            if (!seen.firstSighting(Math.floorDiv(clock.millis(), DAY_MILLIS), category, consentId, network)) {
                return;
            }
            // The stored subject is keyed twice over: the network's keyed hash, then the subject key.
            String subjectKey = consentId != null ? "consent:" + consentId : "network:" + networks.hash(address);
            SubjectId subject = recorder.subjects().ofUserId(subjectKey);
            RecordingContext context = PrivacyContext.recordingContext(policy.categories(), visit, decision);
            recorder.collected(subject, IDENTIFIERS, SourceKind.DEVICE, purpose, context);
            recorder.collected(subject, INTERNET_ACTIVITY, SourceKind.DEVICE, purpose, context);
        } catch (PolicyViolationException e) {
            LOG.debug("A cookie's collection is not declared: {}", e.getMessage());
        } catch (RuntimeException e) {
            // Recording never fails the response that carries the cookie.
            LOG.warn("Could not record the collection of a '{}' cookie: {}", category, e.toString());
        }
    }
}
