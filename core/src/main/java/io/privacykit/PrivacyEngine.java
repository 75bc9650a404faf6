package io.privacykit;

import io.privacykit.consent.CategoryDecision;
import io.privacykit.consent.ConsentCookieCodec;
import io.privacykit.consent.ConsentCookieResult;
import io.privacykit.consent.ConsentDecider;
import io.privacykit.consent.ConsentDecision;
import io.privacykit.consent.ConsentLedger;
import io.privacykit.consent.ConsentMethod;
import io.privacykit.consent.ConsentReceipt;
import io.privacykit.consent.ConsentState;
import io.privacykit.consent.CookieCategory;
import io.privacykit.consent.ConsentEvent;
import io.privacykit.consent.DecisionReason;
import io.privacykit.consent.DntResponse;
import io.privacykit.consent.IpHasher;
import io.privacykit.consent.LedgerEntry;
import io.privacykit.consent.Signals;
import io.privacykit.geo.ClientAddress;
import io.privacykit.geo.ClientAddressResolver;
import io.privacykit.geo.GeoLocator;
import io.privacykit.geo.GeoLocatorChain;
import io.privacykit.geo.GeoLocators;
import io.privacykit.geo.GeoQuery;
import io.privacykit.geo.Location;
import io.privacykit.geo.RequestHeaders;
import io.privacykit.jurisdiction.Jurisdiction;
import io.privacykit.jurisdiction.JurisdictionResolver;
import io.privacykit.policy.Policy;
import io.privacykit.store.PrivacyStore;
import io.privacykit.store.PrivacyStoreProvider;
import io.privacykit.internal.DaemonThreads;
import io.privacykit.internal.Providers;
import io.privacykit.policy.CspMode;
import io.privacykit.response.ContentSecurityPolicy;
import io.privacykit.response.CookieSite;
import io.privacykit.response.ResponseCookie;
import java.util.Collections;
import io.privacykit.consent.ConsentSettings;
import io.privacykit.store.StoreException;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The request path without HTTP: client address, location, jurisdiction, consent
 * cookie and decision for one visit, and the consent changes a visit can make, recorded in the
 * proof-of-consent ledger before they are acknowledged. Thread-safe; one per application.
 */
public final class PrivacyEngine implements AutoCloseable {

    /**
     * What PrivacyKit knows about one request.
     *
     * @param client       the visitor's address, empty when the socket address was unusable
     * @param jurisdiction the law that applies and how the location was decided
     * @param cookie       what the consent cookie held
     * @param signals      the privacy signals sent
     * @param decision     the per-category decision
     * @param superseded   whether the ledger holds a newer record of the cookie's consent id than
     *                     the cookie the browser sent (which {@code cookie} then holds instead)
     */
    public record Visit(Optional<ClientAddress> client, Jurisdiction jurisdiction, ConsentCookieResult cookie,
                        Signals signals, ConsentDecision decision, boolean superseded) {
        public Visit {
            Objects.requireNonNull(client, "client");
            Objects.requireNonNull(jurisdiction, "jurisdiction");
            Objects.requireNonNull(cookie, "cookie");
            Objects.requireNonNull(signals, "signals");
            Objects.requireNonNull(decision, "decision");
        }

        /** A visit whose cookie is what the browser sent. */
        public Visit(Optional<ClientAddress> client, Jurisdiction jurisdiction, ConsentCookieResult cookie,
                     Signals signals, ConsentDecision decision) {
            this(client, jurisdiction, cookie, signals, decision, false);
        }

        /** The visitor's verified consent, if the cookie held a valid one. */
        public Optional<ConsentState> consent() {
            return cookie.consent();
        }
    }

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
    public record RequestOutcome(Visit visit, ConsentDecision decision, Optional<ConsentState> consent,
                                 List<ResponseCookie> cookies, Optional<String> csp, Map<String, String> wouldExpire,
                                 List<LedgerEntry> recorded) {

        public RequestOutcome {
            Objects.requireNonNull(visit, "visit");
            Objects.requireNonNull(decision, "decision");
            Objects.requireNonNull(consent, "consent");
            Objects.requireNonNull(csp, "csp");
            // Most requests set and record nothing: the shared empty list, not a copy of an empty one.
            cookies = cookies.isEmpty() ? List.of() : List.copyOf(cookies);
            wouldExpire = wouldExpire.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(wouldExpire));
            recorded = recorded.isEmpty() ? List.of() : List.copyOf(recorded);
        }

        /**
         * Whether the decision shapes the response whatever the app does: it carries cookies or a CSP
         * that another visitor may not get, so it must not be shared between visitors.
         */
        public boolean mustBePrivate() {
            return !cookies.isEmpty() || csp.isPresent();
        }
    }

    /**
     * A consent change that the ledger has committed.
     *
     * @param state        the visitor's new consent
     * @param cookieValue  the signed consent cookie value that carries it
     * @param cookieMaxAge how long the cookie lives: the consent's validity plus {@link #LAPSE_GRACE}
     * @param decision     the decision under the new consent
     * @param entry        the committed ledger record (for a restored consent, the record it copies)
     */
    public record ConsentChange(ConsentState state, String cookieValue, Duration cookieMaxAge,
                                ConsentDecision decision, LedgerEntry entry) {
    }

    /**
     * One HTTP request, as far as PrivacyKit reads it.
     *
     * @param remoteAddr  the socket's remote address as text
     * @param headers     the request headers
     * @param cookies     the request's cookies, name to first value
     * @param host        the host the request was sent to (for the {@code Domain} of expiries; it may supply
     *                    null), worked out only when an expiry needs it: most responses expire nothing
     * @param contextPath the application's context path, {@code ""} at the root
     * @param origin      where the request came from, worked out only when a ledger record needs it
     * @param site        the site's cookie knowledge
     */
    public record Request(String remoteAddr, RequestHeaders headers, Map<String, String> cookies,
                          Supplier<String> host, String contextPath, Supplier<Origin> origin, CookieSite site) {
        public Request {
            Objects.requireNonNull(headers, "headers");
            Objects.requireNonNull(cookies, "cookies");
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(contextPath, "contextPath");
            Objects.requireNonNull(origin, "origin");
            Objects.requireNonNull(site, "site");
        }

        /** A request whose host is known already ({@code host} may be null). */
        public Request(String remoteAddr, RequestHeaders headers, Map<String, String> cookies, String host,
                       String contextPath, Supplier<Origin> origin, CookieSite site) {
            this(remoteAddr, headers, cookies, () -> host, contextPath, origin, site);
        }
    }

    /**
     * Where and how a consent change was made, for its ledger record.
     *
     * @param page      the page's path, or null
     * @param userAgent the {@code User-Agent}, or null
     */
    public record Origin(String page, String userAgent) {
    }

    /**
     * How much longer than its validity the consent cookie lives in the browser. A browser deletes a
     * cookie at its Max-Age without telling the server; with this grace the expired consent still
     * arrives, so its lapse is recorded in the ledger ({@link #recordLapse}) and the cookie cleared.
     * Validity is checked on the signed time of the choice, never on the cookie's lifetime.
     */
    public static final Duration LAPSE_GRACE = Duration.ofDays(30);

    /**
     * How often this instance reads the records appended to the ledger since it last looked. A
     * change recorded here is known at once; one recorded by another instance beats an older
     * cookie here after about this long (and the time its read takes).
     */
    public static final Duration LEDGER_RECHECK = Duration.ofSeconds(1);
    /** Records read a page at a time when following the ledger. */
    private static final int FOLLOW_PAGE = 1_000;
    /** How long close() waits for the follower thread to leave. */
    private static final Duration THREADS_EXIT = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(PrivacyEngine.class);

    private final Policy policy;
    private final ClientAddressResolver addresses;
    private final GeoLocator locator;
    private final JurisdictionResolver jurisdictions;
    private final ConsentCookieCodec codec;
    private final ConsentDecider decider;
    private final Set<io.privacykit.jurisdiction.Regime> optInRegimes;
    private final io.privacykit.jurisdiction.AgeGate ageGate;
    private final PrivacyStore store;
    private final ConsentLedger ledger;
    /** Consent ids minted for GPC signals per network in the current minute (see mayMintForGpc). */
    private final Cache<String, java.util.concurrent.atomic.AtomicInteger> gpcMints = Caffeine.newBuilder()
            .expireAfterWrite(java.time.Duration.ofMinutes(1)).maximumSize(100_000).build();
    private final Clock clock;
    private final List<AutoCloseable> owned;
    /** Follows the ledger every {@link #LEDGER_RECHECK}, off the request threads. */
    private final DaemonThreads followerThreads = new DaemonThreads("privacykit-ledger-follower");
    private final ScheduledExecutorService follower = Executors.newSingleThreadScheduledExecutor(followerThreads);
    /** The sequence of the last ledger record followed; -1 while unknown. Set at start-up, then on the follower thread only. */
    private long followed = -1;
    /**
     * Consent id -> a holder of what the check of a cookie needs of its newest ledger record (empty:
     * none), so that a returning cookie costs no read. Read once per consent id, then kept current
     * by following the ledger ({@link #followLedger()}): the cost of staying current is one read of
     * the new records a {@link #LEDGER_RECHECK}, however many visitors are remembered. Holders are
     * held weakly: one stays as long as a remembered cookie in {@link #returning} points to it, so
     * every holder a cookie is checked against is one the follower updates.
     */
    private final LoadingCache<String, LatestRecord> latestRecords;
    /**
     * Exact consent cookie value -> its verified state and the holder of its consent id's newest
     * record, so that a returning visitor's cookie costs one look-up for both and no verification.
     * At most {@code privacy.consent.cache.max-size} cookies.
     */
    private final Cache<String, Returning> returning;
    /** Null when the locator's answers may depend on more than the address, or are not to be kept. */
    private final RememberedVisits visits;
    /** Ledger records counted per stripe of consent ids, as they reach {@link #latestRecords}. */
    private final RecordChanges recordChanges = new RecordChanges();
    /** How long a kept visit's location holds: the locator's {@link GeoLocator#addressAnswerLifetime}. */
    private final long visitLifetimeMillis;

    /** Allowed categories -> the CSP value, made once per set. */
    private final Map<Set<String>, Optional<String>> cspValues = new ConcurrentHashMap<>();

    /**
     * An engine over the given parts; the caller keeps ownership of {@code locator} and {@code store}.
     */
    public PrivacyEngine(Policy policy, GeoLocator locator, PrivacyStore store, Clock clock) {
        this(policy, locator, store, clock, List.of());
    }

    private PrivacyEngine(Policy policy, GeoLocator locator, PrivacyStore store, Clock clock, List<AutoCloseable> owned) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.locator = Objects.requireNonNull(locator, "locator");
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.addresses = new ClientAddressResolver(policy.geo().trustedProxies(), policy.geo().forwardedHeader());
        this.jurisdictions = new JurisdictionResolver(policy.jurisdiction(), clock);
        this.codec = new ConsentCookieCodec(policy.consent(), clock);
        this.optInRegimes = optInRegimes(policy);
        this.decider = new ConsentDecider(policy.categories(), policy.signals(), optInRegimes,
                policy.jurisdiction().ukAnalyticsExemption());
        this.ageGate = new io.privacykit.jurisdiction.AgeGate(policy.minimumAge());
        this.ledger = new ConsentLedger(store, new IpHasher(policy.consent().ipHashKey()), clock);
        this.owned = List.copyOf(owned);
        this.latestRecords = Caffeine.newBuilder().weakValues()
                .build(consentId -> new LatestRecord(latest(store.consentHistory(consentId)).map(NewestRecord::of)));
        this.returning = Caffeine.newBuilder().maximumSize(policy.consent().cacheMaxSize()).build();
        Duration lifetime = locator.addressAnswerLifetime().orElse(Duration.ZERO);
        this.visitLifetimeMillis = lifetime.compareTo(Duration.ofMillis(Long.MAX_VALUE)) >= 0
                ? Long.MAX_VALUE : lifetime.toMillis();
        this.visits = visitLifetimeMillis > 0 ? new RememberedVisits(policy.consent().cacheMaxSize(), recordChanges) : null;
        try {
            // Before any request, so no record read for a cookie can predate where following starts.
            followed = store.lastLedgerSequence();
        } catch (RuntimeException e) {
            LOG.debug("The ledger's end could not be read; the follower will look for it: {}", e.toString());
        }
        follower.scheduleWithFixedDelay(this::followLedger, LEDGER_RECHECK.toMillis(), LEDGER_RECHECK.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * Reads the records appended since the last look, whichever instance appended them, into the
     * remembered consent ids; ids not remembered are read when a cookie names them. When the store
     * could not say where the ledger ended at start-up, the first look finds that and forgets what
     * was read before it. When the store cannot be read, what was read stands, as a cookie does then
     * (see {@link #current}), until a later look.
     */
    private void followLedger() {
        try {
            if (followed < 0) {
                followed = store.lastLedgerSequence();
                returning.invalidateAll();
                latestRecords.invalidateAll();
                if (visits != null) {
                    visits.clear(); // decided from holders the follower no longer updates
                }
                // And a visit that a request in flight keeps after the clear, from a count read before it.
                recordChanges.arrivedEverywhere();
                return;
            }
            List<LedgerEntry> page;
            do {
                page = store.ledger(followed, FOLLOW_PAGE);
                for (LedgerEntry entry : page) {
                    // Waits for a read of the same id in progress, so the record is not lost to it.
                    latestRecords.asMap().computeIfPresent(entry.event().consentId(), (id, known) -> known.offer(entry));
                    recordChanges.arrived(entry.event().consentId());
                    followed = entry.sequence();
                }
            } while (page.size() == FOLLOW_PAGE && !follower.isShutdown());
        } catch (RuntimeException e) {
            LOG.debug("The ledger could not be followed: {}", e.toString());
        }
    }

    /**
     * Remembers a record this instance appended, unless a newer one of its consent id was followed
     * meanwhile; returns the id's holder.
     */
    private LatestRecord remember(LedgerEntry entry) {
        LatestRecord latest = latestRecords.asMap().merge(entry.event().consentId(),
                new LatestRecord(Optional.of(NewestRecord.of(entry))), (known, appended) -> known.offer(entry));
        recordChanges.arrived(entry.event().consentId());
        return latest;
    }

    /**
     * The newest record known of one consent id (empty: none), updated in place by the follower and
     * by this instance's appends, which the map's compute functions serialise per id.
     */
    private static final class LatestRecord {
        private volatile Optional<NewestRecord> record;

        LatestRecord(Optional<NewestRecord> record) {
            this.record = record;
        }

        Optional<NewestRecord> record() {
            return record;
        }

        /** Keeps {@code entry} unless a record as new or newer is known; returns this holder. */
        LatestRecord offer(LedgerEntry entry) {
            Optional<NewestRecord> known = record;
            if (known.isEmpty() || known.get().sequence() < entry.sequence()) {
                record = Optional.of(NewestRecord.of(entry));
            }
            return this;
        }
    }

    /**
     * A verified cookie remembered: its state (as the result its verification gave, which a
     * request within the valid span reuses), the holder of its consent id's newest record, and
     * what a request needs of the state without reading it: the span of epoch milliseconds in
     * which it is valid ({@link ConsentCookieCodec#validSpan}), the regime it was given under,
     * its choices packed for the decider ({@link ConsentDecider#pack}) and its consent id's
     * {@link RecordChanges#stripe}.
     */
    private record Returning(ConsentCookieResult.Valid valid, LatestRecord latest, long validFrom, long validUntil,
                             io.privacykit.jurisdiction.Regime regime, long choices, int stripe) {

        ConsentState state() {
            return valid.state();
        }

        boolean validAt(long epochMilli) {
            return validFrom <= epochMilli && epochMilli < validUntil;
        }
    }

    private Returning remembered(ConsentCookieResult.Valid valid, LatestRecord latest) {
        ConsentState state = valid.state();
        ConsentCookieCodec.ValidSpan span = codec.validSpan(state);
        return new Returning(valid, latest, span.fromEpochMilli(), span.untilEpochMilli(), state.regime(),
                decider.pack(state.choices()), RecordChanges.stripe(state.consentId()));
    }

    /**
     * What the check of a cookie needs of a consent id's newest ledger record, rather than the
     * record, whose hashes, seal, address hash and user agent the check never reads.
     */
    private record NewestRecord(long sequence, java.time.Instant at, ConsentMethod method, String policyVersion,
                                Map<String, Boolean> choices, io.privacykit.jurisdiction.Regime regime) {

        static NewestRecord of(LedgerEntry entry) {
            ConsentEvent event = entry.event();
            return new NewestRecord(entry.sequence(), event.at(), event.method(), event.policyVersion(),
                    event.choices(), event.regime());
        }
    }

    /**
     * An engine with the standard locator chain of the policy's geolocation settings and the store
     * of its storage settings (the {@link PrivacyStoreProvider} on the classpath:
     * {@code privacykit-jdbc}), both closed with the engine.
     *
     * @throws IllegalStateException when no store provider or GeoIP reader is on the classpath
     */
    public static PrivacyEngine open(Policy policy) {
        PrivacyStoreProvider stores = Providers.first(PrivacyStoreProvider.class).orElseThrow(() ->
                new IllegalStateException("No PrivacyKit store is on the classpath: add the dependency "
                        + "io.privacykit:privacykit-jdbc, or pass your own PrivacyStore to new PrivacyEngine(...)."));
        GeoLocatorChain locator = GeoLocators.standard(policy.geo());
        PrivacyStore store;
        try {
            store = stores.open(policy.store());
        } catch (RuntimeException e) {
            closeQuietly(locator, e);
            throw e;
        }
        return new PrivacyEngine(policy, locator, store, Clock.systemUTC(), List.of(store, locator));
    }

    private static java.util.Set<io.privacykit.jurisdiction.Regime> optInRegimes(Policy policy) {
        java.util.Set<io.privacykit.jurisdiction.Regime> regimes = new java.util.HashSet<>(ConsentDecider.OPT_IN_REGIMES);
        if (policy.jurisdiction().defaultConsentModel() == io.privacykit.jurisdiction.ConsentModel.OPT_IN) {
            regimes.add(io.privacykit.jurisdiction.Regime.DEFAULT);
        }
        return regimes;
    }

    /** The policy this engine enforces. */
    public Policy policy() {
        return policy;
    }

    /**
     * Classifies one request. Never throws on bad input: an unusable address is an unknown
     * location (the fallback regime), a bad cookie is no consent.
     *
     * @param remoteAddr  the socket's remote address as text
     * @param headers     the request headers
     * @param consentCookieValue the consent cookie's value, or null when absent
     */
    public Visit assess(String remoteAddr, RequestHeaders headers, String consentCookieValue) {
        long now = clock.millis();
        Optional<ClientAddress> client = addresses.resolve(remoteAddr, headers);
        Signals signals = Signals.fromHeaders(headers.first("Sec-GPC"), headers.first("DNT"));
        if (visits != null && client.isPresent()) {
            Visit kept = visits.find(client.get(), consentCookieValue, signals, now);
            if (kept != null) {
                return kept;
            }
        }
        Location location = Location.UNKNOWN;
        if (client.isPresent()) { // not Optional.flatMap: its lambda would be one more object per request
            ClientAddress c = client.get();
            location = locator.locate(new GeoQuery(c.address(), c.viaTrustedProxy(), headers)).orElse(Location.UNKNOWN);
        }
        Jurisdiction jurisdiction = jurisdictions.resolve(location);
        Returning known = consentCookieValue == null ? null : returning.getIfPresent(consentCookieValue);
        // Read before the check, so that a record arriving meanwhile makes the kept visit stale.
        long changesSeen = known == null ? 0 : recordChanges.count(known.stripe());
        ConsentCookieResult sent;
        boolean validAsRemembered = false;
        if (known == null) {
            sent = codec.decode(consentCookieValue);
        } else if (known.validAt(now)) {
            sent = known.valid();
            validAsRemembered = known.choices() != ConsentDecider.NOT_PACKED;
        } else {
            sent = codec.inForce(known.state());
        }
        ConsentCookieResult cookie = current(sent, consentCookieValue, known);
        // A remembered cookie that nothing superseded is decided from what was remembered of it,
        // without reading its state's choices again.
        ConsentDecision decision = validAsRemembered && cookie == sent
                ? decider.decide(jurisdiction, known.regime(), known.choices(), signals)
                : decider.decide(jurisdiction, cookie.consent(), signals);
        Visit visit = new Visit(client, jurisdiction, cookie, signals, decision, cookie != sent);
        // Kept: a located visitor without a cookie, or with a remembered valid one that nothing superseded.
        // Not kept: an unknown location (a database that failed may answer next time), a cookie that is
        // new, invalid, lapsed or superseded (its next request is decided afresh, and is then kept).
        if (visits != null && client.isPresent() && location.country() != null && cookie == sent
                && (consentCookieValue == null || validAsRemembered)) {
            long until = Math.min(jurisdictions.rulesChangeAfter(location, now), saturatedAdd(now, visitLifetimeMillis));
            if (known != null) {
                until = Math.min(until, known.validUntil());
            }
            visits.remember(client.get(), consentCookieValue, signals, visit, now, until,
                    known == null ? RememberedVisits.NO_CONSENT : known.stripe(), changesSeen);
        }
        return visit;
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    /**
     * The consent in force for a cookie: the cookie is only a copy of a ledger record, and a newer
     * record of its consent id (a withdrawal made since, GDPR Art. 7(3)) beats it, so replaying an
     * old cookie brings back nothing. A newer lapse makes the cookie a lapsed one. A cookie without
     * a sequence (written before cookies carried one) is compared by the time of its choice. When
     * the ledger cannot be read the cookie stands: refusing every returning visitor's consent
     * during an outage would be no safer than the signed copy.
     */
    private ConsentCookieResult current(ConsentCookieResult sent, String cookieValue, Returning known) {
        if (!(sent instanceof ConsentCookieResult.Valid valid)) {
            return sent;
        }
        ConsentState state = valid.state();
        LatestRecord holder;
        if (known != null) {
            holder = known.latest();
        } else {
            try {
                holder = latestRecords.get(state.consentId());
            } catch (RuntimeException e) {
                LOG.debug("The ledger could not be read to check a consent cookie: {}", e.toString());
                return sent;
            }
            returning.put(cookieValue, remembered(valid, holder));
        }
        Optional<NewestRecord> latest = holder.record();
        if (latest.isEmpty() || !newer(latest.get(), state)) {
            return sent;
        }
        NewestRecord record = latest.get();
        ConsentState recorded;
        try {
            recorded = new ConsentState(state.consentId(), record.choices(), record.at(), record.policyVersion(),
                    record.regime(), record.sequence());
        } catch (IllegalArgumentException e) {
            return new ConsentCookieResult.Rejected(io.privacykit.consent.RejectionReason.MALFORMED);
        }
        if (record.method() == ConsentMethod.EXPIRY) {
            return new ConsentCookieResult.Lapsed(recorded, io.privacykit.consent.RejectionReason.EXPIRED);
        }
        // The record decides what is in force, exactly as a cookie carrying it would.
        ConsentCookieResult inForce = codec.decode(codec.encode(recorded));
        return inForce instanceof ConsentCookieResult.Absent ? sent : inForce;
    }

    private static boolean newer(NewestRecord record, ConsentState copy) {
        if (copy.ledgerSequence() > 0) {
            return record.sequence() > copy.ledgerSequence();
        }
        return record.at().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).isAfter(copy.givenAt());
    }

    /**
     * Decides one request and records what it obliges, once: a GPC signal that overrides a stored
     * grant is recorded as an opt-out (11 CCR 7025(c)) and a lapsed consent as an expiry, and the
     * cookies follow (a new consent cookie, a cleared one, expiries of withdrawn categories). A
     * ledger that cannot take a record leaves the decision as strict as it is and the record to the
     * visitor's next request.
     *
     * @throws RuntimeException when the request cannot be assessed at all: enforce {@link #failClosed(Request)}
     */
    public RequestOutcome decide(Request request) {
        Visit visit = assess(request.remoteAddr(), request.headers(), request.cookies().get(policy.consent().cookieName()));
        Optional<ConsentState> consent = visit.consent();
        ConsentDecision decision = visit.decision();
        List<ResponseCookie> cookies = new ArrayList<>(); // no array until a cookie is added: most requests add none
        List<LedgerEntry> recorded = new ArrayList<>();
        if (visit.superseded() && consent.isPresent()) {
            cookies.add(consentCookie(consent.get()));
        }
        if (decision.gpcApplied() && consent.isPresent()) {
            try {
                Optional<ConsentChange> gpc = recordGpcOptOut(visit, request.origin().get());
                // Unless the browser already holds this very record's cookie.
                if (gpc.isPresent() && (visit.superseded() || !gpc.get().state().equals(consent.get()))) {
                    consent = Optional.of(gpc.get().state());
                    decision = gpc.get().decision();
                    cookies.clear();
                    cookies.add(consentCookie(gpc.get().state()));
                    recorded.add(gpc.get().entry());
                }
            } catch (RuntimeException e) {
                // The decision enforces GPC already; the record is retried on the visitor's next request.
                LOG.warn("Could not record a GPC opt-out in the consent ledger: {}", e.getMessage());
            }
        }
        if (decision.gpcApplied() && consent.isEmpty() && !(visit.cookie() instanceof ConsentCookieResult.Lapsed)) {
            // No stored consent: the opt-out is recorded for the visitor once, as a new consent that
            // refuses the withdrawn categories, so that later requests carry it (11 CCR 7025(c)).
            Map<String, Boolean> optOut = new LinkedHashMap<>();
            decision.categories().forEach((name, d) -> {
                if (d.reason() == DecisionReason.GPC_OPT_OUT) {
                    optOut.put(name, false);
                }
            });
            if (!optOut.isEmpty() && mayMintForGpc(visit)) {
                try {
                    ConsentChange gpc = record(visit, Optional.empty(), optOut, ConsentMethod.GPC, request.origin().get());
                    consent = Optional.of(gpc.state());
                    decision = gpc.decision();
                    cookies.add(consentCookie(gpc.state()));
                    recorded.add(gpc.entry());
                } catch (RuntimeException e) {
                    LOG.warn("Could not record a GPC opt-out in the consent ledger: {}", e.getMessage());
                }
            }
        }
        if (visit.cookie() instanceof ConsentCookieResult.Lapsed) {
            try {
                Optional<LedgerEntry> lapse = recordLapse(visit, request.origin().get());
                if (lapse.isPresent()) {
                    cookies.add(CookieSite.clear(policy.consent().cookieName()));
                    recorded.add(lapse.get());
                }
            } catch (RuntimeException e) {
                LOG.warn("Could not record a lapsed consent in the consent ledger: {}", e.getMessage());
            }
        }
        return outcome(request, visit, consent, decision, cookies, recorded);
    }

    /**
     * The outcome of {@code current}'s request decided again for what the app knows of the
     * signed-in person: a declared residence ({@link #resolveResidence(String)}) replaces the
     * jurisdiction of the address, and a declared age applies the regime's minors rule and the
     * policy's minimum age ({@link #applyAge}). A residence that differs from the regime the
     * consent was recorded under is recorded in the ledger once (method {@code api}, location
     * source {@code override}), as a new consent when the browser has none; the new consent
     * cookie is among the outcome's cookies. Only the cookies not yet sent are in the outcome.
     *
     * @param residence the declared residence's jurisdiction, or empty to keep the address's
     * @param age       the declared age, or empty
     * @throws io.privacykit.store.StoreException when the ledger cannot record the residence
     */
    public RequestOutcome reconsider(Request request, RequestOutcome current, Optional<Jurisdiction> residence,
                                     java.util.OptionalInt age) {
        Visit before = current.visit();
        Jurisdiction jurisdiction = residence.orElse(before.jurisdiction());
        Optional<ConsentState> consent = current.consent();
        List<ResponseCookie> cookies = new ArrayList<>(2);
        List<LedgerEntry> recorded = new ArrayList<>(1);
        Visit visit = new Visit(before.client(), jurisdiction, before.cookie(), before.signals(),
                decider.decide(jurisdiction, consent, before.signals()), before.superseded());
        if (residence.isPresent() && (consent.isEmpty() || consent.get().regime() != jurisdiction.regime())) {
            Map<String, Boolean> choices = new LinkedHashMap<>();
            // A grant made where the boxes start ticked is no opt-in consent (Planet49): only refusals move.
            boolean grantsCount = consent.isPresent() && (optInRegimes.contains(consent.get().regime())
                    || !optInRegimes.contains(jurisdiction.regime()));
            consent.ifPresent(c -> c.choices().forEach((name, granted) -> {
                if (!granted || grantsCount) {
                    choices.put(name, granted);
                }
            }));
            ConsentChange change = record(visit, consent, choices, ConsentMethod.API, request.origin().get());
            consent = Optional.of(change.state());
            cookies.add(consentCookie(change.state()));
            recorded.add(change.entry());
            visit = new Visit(before.client(), jurisdiction, before.cookie(), before.signals(), change.decision(),
                    before.superseded());
        }
        ConsentDecision decision = visit.decision();
        if (age.isPresent()) {
            decision = applyAge(jurisdiction, decision, age.getAsInt());
        }
        return outcome(request, visit, consent, decision, cookies, recorded);
    }

    /** The jurisdiction of a declared residence ({@code US-CA}, {@code DE}); see {@link JurisdictionResolver#resolveResidence}. */
    public Jurisdiction resolveResidence(String declared) {
        return jurisdictions.resolveResidence(declared);
    }

    /** The age gate of the policy's minimum age ({@code privacy.policy.minimum-age}). */
    public io.privacykit.jurisdiction.AgeGate ageGate() {
        return ageGate;
    }

    /**
     * {@code decision} for a person of {@code age}: below the policy's minimum age every category
     * but the necessary ones is withheld; where the minors rule bans sale or targeted advertising,
     * or needs a parent's consent (which PrivacyKit cannot verify), the sale/sharing categories are
     * withheld; where it needs the minor's own opt-in, they are withheld unless granted.
     */
    public ConsentDecision applyAge(Jurisdiction jurisdiction, ConsentDecision decision, int age) {
        boolean belowMinimum = age < ageGate.minimumAge();
        io.privacykit.jurisdiction.MinorsOutcome sale = strictest(
                ageGate.decide(jurisdiction, age, io.privacykit.jurisdiction.MinorsPurpose.SALE),
                ageGate.decide(jurisdiction, age, io.privacykit.jurisdiction.MinorsPurpose.TARGETED_ADVERTISING));
        Map<String, CategoryDecision> categories = new LinkedHashMap<>();
        boolean changed = false;
        for (CookieCategory category : policy.categories()) {
            CategoryDecision d = decision.categories().get(category.name());
            if (d == null) {
                continue;
            }
            CategoryDecision next = d;
            if (!category.required() && d.allowed()) {
                if (belowMinimum) {
                    next = CategoryDecision.of(DecisionReason.REFUSED);
                } else if (category.saleOrSharing()) {
                    if (sale instanceof io.privacykit.jurisdiction.MinorsOutcome.Banned
                            || sale instanceof io.privacykit.jurisdiction.MinorsOutcome.ConsentRequired c
                            && c.by() == io.privacykit.jurisdiction.MinorsOutcome.Consenter.PARENT) {
                        next = CategoryDecision.of(DecisionReason.REFUSED);
                    } else if (sale instanceof io.privacykit.jurisdiction.MinorsOutcome.ConsentRequired
                            && d.reason() != DecisionReason.GRANTED) {
                        next = CategoryDecision.of(DecisionReason.AWAITING_CONSENT);
                    }
                }
            }
            changed |= next != d;
            categories.put(category.name(), next);
        }
        return changed ? new ConsentDecision(categories, decision.gpcApplied(), decision.dntHonored(),
                decision.dntApplied()) : decision;
    }

    /**
     * Whether one more consent id may be minted for a GPC signal from this visitor's network (a /24
     * or /48): at most {@code privacy.web.consent-rate-limit} a minute, like consent POSTs. Each
     * mint writes a ledger record, and a client that never keeps the cookie would otherwise write
     * one per request. Past the limit the signal is still enforced; it is only not recorded.
     */
    private boolean mayMintForGpc(Visit visit) {
        int perMinute = policy.web().consentChangesPerMinute();
        if (perMinute == 0) {
            return true;
        }
        String network = visit.client().map(client -> {
            byte[] address = client.address().getAddress();
            return java.util.HexFormat.of().formatHex(address, 0, address.length == 4 ? 3 : 6);
        }).orElse("");
        return gpcMints.get(network, key -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet() <= perMinute;
    }

    /** The stricter of two outcomes: below the minimum age, then banned, then a parent's, then the minor's consent. */
    private static io.privacykit.jurisdiction.MinorsOutcome strictest(io.privacykit.jurisdiction.MinorsOutcome a,
                                                                      io.privacykit.jurisdiction.MinorsOutcome b) {
        return rank(a) >= rank(b) ? a : b;
    }

    private static int rank(io.privacykit.jurisdiction.MinorsOutcome outcome) {
        if (outcome instanceof io.privacykit.jurisdiction.MinorsOutcome.BelowMinimumAge) {
            return 4;
        }
        if (outcome instanceof io.privacykit.jurisdiction.MinorsOutcome.Banned) {
            return 3;
        }
        if (outcome instanceof io.privacykit.jurisdiction.MinorsOutcome.ConsentRequired c) {
            return c.by() == io.privacykit.jurisdiction.MinorsOutcome.Consenter.PARENT ? 2 : 1;
        }
        return 0;
    }

    /**
     * The outcome of a request on which the visitor's choice was committed ({@link #choose}): the
     * change's consent cookie, and expiries of the request's cookies its decision no longer allows.
     */
    public RequestOutcome afterChoice(Request request, Visit visit, ConsentChange change) {
        return outcome(request, visit, Optional.of(change.state()), change.decision(),
                new ArrayList<>(List.of(consentCookie(change.state()))), List.of(change.entry()));
    }

    /**
     * The outcome of a request to which a signed-in person's consent was restored
     * ({@link #restoreForSubject}): its consent cookie, nothing recorded.
     */
    public RequestOutcome afterRestore(Request request, Visit visit, ConsentChange change) {
        return outcome(request, visit, Optional.of(change.state()), change.decision(),
                new ArrayList<>(List.of(consentCookie(change.state()))), List.of());
    }

    /**
     * The outcome to enforce when {@link #decide} failed: {@link #failClosed(String)}'s visit, only
     * strictly necessary cookies, nothing recorded, nothing expired. Never throws.
     */
    public RequestOutcome failClosed(Request request) {
        Visit visit = failClosed(request.remoteAddr());
        return new RequestOutcome(visit, visit.decision(), Optional.empty(), List.of(), Optional.empty(), Map.of(),
                List.of());
    }

    private RequestOutcome outcome(Request request, Visit visit, Optional<ConsentState> consent,
                                   ConsentDecision decision, List<ResponseCookie> cookies, List<LedgerEntry> recorded) {
        CookieSite.Sweep sweep = request.site().sweep(request.cookies().keySet(), decision, request.host(),
                request.contextPath());
        cookies.addAll(sweep.expire());
        return new RequestOutcome(visit, decision, consent, cookies, csp(decision.allowedCategories()),
                sweep.wouldExpire(), recorded);
    }

    /** The CSP value for {@code allowed}, made once per set; empty when CSP mode is off. */
    private Optional<String> csp(Set<String> allowed) {
        if (policy.web().csp() == CspMode.OFF) {
            return Optional.empty();
        }
        Optional<String> known = cspValues.get(allowed);
        if (known == null) {
            known = Optional.of(ContentSecurityPolicy.value(policy.categories(), allowed));
            if (cspValues.size() < 1024) {
                cspValues.put(Set.copyOf(allowed), known);
            }
        }
        return known;
    }

    /** The signed consent cookie that carries {@code state}. */
    private ResponseCookie consentCookie(ConsentState state) {
        ConsentSettings settings = policy.consent();
        StringBuilder cookie = new StringBuilder(settings.cookieName()).append('=').append(codec.encode(state))
                .append("; Max-Age=").append(cookieMaxAge(state).toSeconds())
                .append("; Path=/; HttpOnly; SameSite=").append(settings.sameSite());
        // Browsers drop SameSite=None cookies without Secure.
        if (settings.secureCookie() || settings.sameSite().equalsIgnoreCase("None")) {
            cookie.append("; Secure");
        }
        return new ResponseCookie(ResponseCookie.Kind.SET, settings.cookieName(), "/", null, cookie.toString());
    }

    /**
     * The visit to enforce when {@link #assess} failed: the fallback jurisdiction of an unknown
     * location, no consent, no signals, and only strictly necessary categories allowed (the others
     * awaiting a decision that could not be made). Never throws for any {@code remoteAddr}.
     */
    public Visit failClosed(String remoteAddr) {
        Optional<ClientAddress> client;
        try {
            client = addresses.resolve(remoteAddr, RequestHeaders.none());
        } catch (RuntimeException e) {
            client = Optional.empty();
        }
        Map<String, CategoryDecision> categories = new LinkedHashMap<>();
        for (CookieCategory category : policy.categories()) {
            categories.put(category.name(), CategoryDecision.of(
                    category.required() ? DecisionReason.NECESSARY : DecisionReason.AWAITING_CONSENT));
        }
        ConsentDecision decision = new ConsentDecision(categories, false,
                policy.signals().dnt() == DntResponse.HONOR, false);
        return new Visit(client, jurisdictions.resolve(Location.UNKNOWN), new ConsentCookieResult.Absent(),
                Signals.NONE, decision);
    }

    /**
     * Records the visitor's choice and returns it committed. Categories the visitor did not name
     * keep their earlier choice, or stay unchosen when there was none: the decision then treats
     * them as the consent model says (withheld awaiting consent under opt-in, GDPR Art. 4(11);
     * allowed under opt-out and notice), so opting out of one category refuses nothing else. A
     * choice that takes back an earlier grant is a withdrawal (GDPR Art. 7(3)).
     *
     * @throws io.privacykit.store.StoreException when the ledger could not commit it: acknowledge nothing
     */
    public ConsentChange choose(Visit visit, Map<String, Boolean> given, ConsentMethod method, Origin origin) {
        Optional<ConsentState> before = visit.consent();
        Map<String, Boolean> choices = new LinkedHashMap<>();
        for (CookieCategory category : policy.categories()) {
            if (category.required()) {
                continue;
            }
            Boolean choice = given.get(category.name());
            if (choice == null) {
                choice = before.map(s -> s.choices().get(category.name())).orElse(null);
            }
            if (choice != null) {
                choices.put(category.name(), choice);
            }
        }
        boolean withdrawal = before.isPresent() && choices.entrySet().stream()
                .anyMatch(c -> !c.getValue() && before.get().granted(c.getKey()));
        ConsentMethod recorded = withdrawal && method != ConsentMethod.GPC ? ConsentMethod.WITHDRAWAL : method;
        return record(visit, before, choices, recorded, origin);
    }

    /**
     * When a Global Privacy Control signal overrides what the visitor's stored consent grants,
     * records that opt-out once (CCPA regulations 11 CCR 7025(c)) and returns the change, whose
     * cookie then no longer differs; empty when the signal changes nothing stored.
     *
     * @throws io.privacykit.store.StoreException when the ledger could not commit it
     */
    public Optional<ConsentChange> recordGpcOptOut(Visit visit, Origin origin) {
        Optional<ConsentState> before = visit.consent();
        if (!visit.decision().gpcApplied() || before.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Boolean> choices = new LinkedHashMap<>(before.get().choices());
        boolean changed = false;
        for (Map.Entry<String, CategoryDecision> category : visit.decision().categories().entrySet()) {
            if (category.getValue().reason() == DecisionReason.GPC_OPT_OUT && before.get().granted(category.getKey())) {
                choices.put(category.getKey(), false);
                changed = true;
            }
        }
        if (!changed) {
            // The consent in force already is this opt-out: a page's assets that arrived with the
            // cookie from before it, which the ledger's newer record superseded, share its record.
            LatestRecord holder = visit.superseded() ? latestRecords.getIfPresent(before.get().consentId()) : null;
            Optional<NewestRecord> recorded = holder == null ? null : holder.record();
            if (recorded != null && recorded.isPresent() && recorded.get().method() == ConsentMethod.GPC
                    && recorded.get().sequence() == before.get().ledgerSequence()) {
                long sequence = recorded.get().sequence();
                return store.consentHistory(before.get().consentId()).stream()
                        .filter(entry -> entry.sequence() == sequence).findFirst()
                        .map(entry -> changeOf(visit, entry));
            }
            return Optional.empty();
        }
        // A page and its assets arrive together with the same stale cookie: record the opt-out
        // once and hand the others the change already recorded.
        Optional<LedgerEntry> latest = latest(store.consentHistory(before.get().consentId()));
        if (latest.isPresent() && latest.get().event().method() == ConsentMethod.GPC
                && latest.get().event().choices().equals(choices)
                && latest.get().event().policyVersion().equals(policy.version())) {
            return Optional.of(changeOf(visit, latest.get()));
        }
        return Optional.of(record(visit, before, choices, ConsentMethod.GPC, origin));
    }

    /**
     * When the visitor's consent cookie is genuine but has lapsed (expired, or given under a policy
     * version that requires asking again), records the lapse once as an {@link ConsentMethod#EXPIRY}
     * event with the choices that stopped counting; the caller then clears the cookie so that the
     * lapse is not recorded again. Requests that arrive together with the same lapsed cookie (a page
     * and its assets) share one record: when the consent's latest record already is the lapse of
     * that policy version, it is returned instead of appending another. Empty when the cookie has
     * not lapsed.
     *
     * @throws io.privacykit.store.StoreException when the ledger could not commit it
     */
    public Optional<LedgerEntry> recordLapse(Visit visit, Origin origin) {
        if (!(visit.cookie() instanceof ConsentCookieResult.Lapsed lapsed)) {
            return Optional.empty();
        }
        ConsentState state = lapsed.state();
        Optional<LedgerEntry> latest = latest(store.consentHistory(state.consentId()));
        if (latest.isPresent() && latest.get().event().method() == ConsentMethod.EXPIRY
                && latest.get().event().policyVersion().equals(state.policyVersion())) {
            return latest;
        }
        InetAddress address = visit.client().map(ClientAddress::address).orElse(null);
        LedgerEntry lapse = ledger.record(state.consentId(), state.choices(), state.policyVersion(),
                visit.jurisdiction(), ConsentMethod.EXPIRY, origin.page(), address, origin.userAgent(), null);
        remember(lapse);
        return Optional.of(lapse);
    }

    private ConsentChange record(Visit visit, Optional<ConsentState> before, Map<String, Boolean> choices,
                                 ConsentMethod method, Origin origin) {
        String consentId = before.map(ConsentState::consentId).orElseGet(ConsentState::newConsentId);
        Jurisdiction jurisdiction = visit.jurisdiction();
        InetAddress address = visit.client().map(ClientAddress::address).orElse(null);
        LedgerEntry entry = ledger.record(consentId, choices, policy.version(), jurisdiction, method,
                origin.page(), address, origin.userAgent(), null);
        LatestRecord latest = remember(entry);
        ConsentState state = new ConsentState(consentId, choices, entry.event().at(), policy.version(),
                jurisdiction.regime(), entry.sequence());
        ConsentDecision decision = decider.decide(jurisdiction, Optional.of(state), visit.signals());
        String cookieValue = codec.encode(state);
        // Signed here, so the visitor's next request needs neither its verification nor a ledger read.
        returning.put(cookieValue, remembered(new ConsentCookieResult.Valid(state), latest));
        return new ConsentChange(state, cookieValue, cookieMaxAge(state), decision, entry);
    }

    /** The change that {@code entry}, already in the ledger, made. */
    private ConsentChange changeOf(Visit visit, LedgerEntry entry) {
        ConsentState state = new ConsentState(entry.event().consentId(), entry.event().choices(), entry.event().at(),
                entry.event().policyVersion(), entry.event().regime(), entry.sequence());
        ConsentDecision decision = decider.decide(visit.jurisdiction(), Optional.of(state), visit.signals());
        return new ConsentChange(state, codec.encode(state), cookieMaxAge(state), decision, entry);
    }

    private Duration cookieMaxAge(ConsentState state) {
        return codec.maxAgeFor(state.regime()).plus(LAPSE_GRACE);
    }

    /**
     * Carries a signed-in person's choice to a browser that has none (a choice follows the person
     * across devices): the latest ledger record among the consent ids linked to {@code subjectId},
     * when it is still in force (no lapse recorded, not expired, not under a policy version that
     * requires asking again), as a consent cookie for the same consent id. Nothing is recorded: the
     * consent already is in the ledger, the cookie is only a copy. Empty when the visit already has
     * a consent, or the subject has none in force.
     *
     * @throws io.privacykit.store.StoreException when the ledger cannot be read
     */
    public Optional<ConsentChange> restoreForSubject(Visit visit, String subjectId) {
        Objects.requireNonNull(subjectId, "subjectId");
        if (visit.consent().isPresent()) {
            return Optional.empty();
        }
        Optional<LedgerEntry> latest = latest(store.consentIdsOfSubject(subjectId).stream()
                .flatMap(id -> latest(store.consentHistory(id)).stream()).toList());
        if (latest.isEmpty() || latest.get().event().method() == ConsentMethod.EXPIRY) {
            return Optional.empty();
        }
        ConsentEvent event = latest.get().event();
        ConsentState state;
        try {
            state = new ConsentState(event.consentId(), event.choices(), event.at(), event.policyVersion(), event.regime(),
                    latest.get().sequence());
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // a record no cookie can carry
        }
        String cookieValue = codec.encode(state);
        // The codec decides what is in force, for a restored consent exactly as for a returning cookie.
        if (!(codec.decode(cookieValue) instanceof ConsentCookieResult.Valid)) {
            return Optional.empty();
        }
        ConsentDecision decision = decider.decide(visit.jurisdiction(), Optional.of(state), visit.signals());
        return Optional.of(new ConsentChange(state, cookieValue, cookieMaxAge(state), decision, latest.get()));
    }

    /** The receipt of the latest recorded change of {@code consentId}, if any. */
    public Optional<ConsentReceipt> receipt(String consentId) {
        return latest(store.consentHistory(consentId)).map(ledger::receipt);
    }

    /** The record with the highest sequence number. */
    private static Optional<LedgerEntry> latest(List<LedgerEntry> entries) {
        return entries.stream().max(java.util.Comparator.comparingLong(LedgerEntry::sequence));
    }

    /**
     * Links a consent id to the app's own id of the signed-in person, so that the choice follows
     * them and a rights request finds it.
     */
    public void linkSubject(String consentId, String subjectId) {
        store.linkSubject(consentId, subjectId, clock.instant());
    }

    /** The store behind the ledger. */
    public PrivacyStore store() {
        return store;
    }

    /** Closes what {@link #open(Policy)} opened; an engine built from parts closes nothing. */
    @Override
    public void close() {
        follower.shutdown(); // no interrupt: H2 closes its file under a thread interrupted while it reads
        followerThreads.awaitExit(THREADS_EXIT);
        RuntimeException failure = null;
        for (AutoCloseable resource : owned) {
            try {
                resource.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("Cannot close " + resource, e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static void closeQuietly(AutoCloseable resource, RuntimeException cause) {
        try {
            resource.close();
        } catch (Exception e) {
            cause.addSuppressed(e);
        }
    }
}
