package io.privacykit;

import static org.assertj.core.api.Assertions.assertThat;

import io.privacykit.consent.ConsentMethod;
import io.privacykit.consent.ConsentCookieResult;
import io.privacykit.consent.LedgerEntry;
import io.privacykit.geo.GeoLocator;
import io.privacykit.geo.RequestHeaders;
import io.privacykit.jurisdiction.Regime;
import io.privacykit.policy.Policy;
import io.privacykit.policy.PolicyLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The HTTP-free request path on the real GeoLite2 City file and a real H2 store. */
class PrivacyEngineTest {

    @TempDir
    Path dir;
    PrivacyEngine engine;

    @BeforeEach
    void open() {
        engine = PrivacyEngine.open(policy(Map.of()));
    }

    private Policy policy(Map<String, String> extra) {
        Properties p = new Properties();
        p.setProperty("privacy.policy.version", "2020-04-01");
        p.setProperty("privacy.policy.last-updated", "2020-04-01");
        p.setProperty("privacy.consent.keys", "k1:" + base64("signing-secret-of-exactly-32-by!"));
        p.setProperty("privacy.consent.ip-hash-key", base64("ip-hash-secret-of-exactly-32-by!"));
        p.setProperty("privacy.cookies.performance", "_ga");
        p.setProperty("privacy.geo.database", System.getProperty("privacykit.test.geolite2.city"));
        p.setProperty("privacy.geo.trusted-proxies", "127.0.0.1/32");
        p.setProperty("privacy.data-dir", dir.toString());
        p.setProperty("privacy.store.url", "jdbc:h2:file:" + dir.resolve("store"));
        p.putAll(extra);
        return PolicyLoader.fromProperties(p, Map.of());
    }

    @AfterEach
    void close() {
        engine.close();
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static RequestHeaders headers(String... pairs) {
        Map<String, List<String>> map = new java.util.HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], List.of(pairs[i + 1]));
        }
        return RequestHeaders.of(map);
    }

    @ParameterizedTest(name = "{0} via {1} -> {2}")
    @CsvSource(nullValues = "-", textBlock = """
            193.99.144.80, -,             GDPR,     true
            127.0.0.1,     169.229.1.1,   CCPA,     false
            203.0.113.9,   169.229.1.1,   GDPR,     true
            not-an-ip,     -,             GDPR,     true
            """)
    void assessesAddressLocationJurisdictionAndDecision(String remote, String forwarded, Regime regime, boolean needsChoice) {
        RequestHeaders headers = forwarded == null ? RequestHeaders.none() : headers("X-Forwarded-For", forwarded);

        PrivacyEngine.Visit visit = engine.assess(remote, headers, null);

        // 203.0.113.9 is no trusted proxy: its X-Forwarded-For is ignored; the documentation range is unknown, so the
        // fallback, the strictest regime, applies.
        assertThat(visit.jurisdiction().regime()).isEqualTo(regime);
        assertThat(visit.decision().needsChoice()).isEqualTo(needsChoice);
        assertThat(visit.cookie()).isInstanceOf(ConsentCookieResult.Absent.class);
    }

    /**
     * Another instance of the same deployment (a second engine on the same store) records a
     * withdrawal for each of a thousand visitors this instance remembers: each older cookie here
     * gives the withdrawal, and a cookie carrying it, within a few {@link PrivacyEngine#LEDGER_RECHECK}s.
     */
    @Test
    void aWithdrawalOnAnotherInstanceBeatsEveryRememberedOlderCookieHere() throws InterruptedException {
        int visitors = 1_000;
        List<PrivacyEngine.ConsentChange> granted = new java.util.ArrayList<>();
        for (int i = 0; i < visitors; i++) {
            PrivacyEngine.Visit visit = engine.assess("193.99.144.80", RequestHeaders.none(), null);
            granted.add(engine.choose(visit, Map.of("performance", true), ConsentMethod.BANNER,
                    new PrivacyEngine.Origin("/", null)));
        }
        try (PrivacyEngine other = PrivacyEngine.open(policy(Map.of()))) {
            for (PrivacyEngine.ConsentChange change : granted) {
                PrivacyEngine.Visit there = other.assess("193.99.144.80", RequestHeaders.none(), change.cookieValue());
                other.choose(there, Map.of("performance", false), ConsentMethod.BANNER, new PrivacyEngine.Origin("/", null));
            }
        }
        Thread.sleep(PrivacyEngine.LEDGER_RECHECK.multipliedBy(3).toMillis());

        List<PrivacyEngine.Visit> returning = granted.stream()
                .map(change -> engine.assess("193.99.144.80", RequestHeaders.none(), change.cookieValue()))
                .toList();
        assertThat(returning).as("visits with a cookie from before the withdrawal").allSatisfy(visit -> {
            assertThat(visit.decision().allowedCategories()).doesNotContain("performance");
            assertThat(visit.superseded()).isTrue();
            assertThat(visit.consent()).get().satisfies(state -> assertThat(state.refused("performance")).isTrue());
        });
    }

    /**
     * The same across garbage collections and whatever the number of cookies remembered: a cookie
     * this instance still remembers is checked against a record the follower keeps current, and one
     * it forgot against the ledger. With 10 remembered, most of the 300 visitors' cookies were
     * forgotten, and their records with them, before the withdrawals.
     */
    @ParameterizedTest(name = "{0} cookies remembered")
    @ValueSource(ints = {10, 50_000})
    void rememberedOrForgottenEveryOlderCookieGivesTheWithdrawalOfAnotherInstance(int remembered)
            throws InterruptedException {
        int visitors = 300;
        try (PrivacyEngine here = PrivacyEngine.open(policy(Map.of("privacy.consent.cache.max-size",
                String.valueOf(remembered))))) {
            List<PrivacyEngine.ConsentChange> granted = new java.util.ArrayList<>();
            for (int i = 0; i < visitors; i++) {
                PrivacyEngine.Visit visit = here.assess("193.99.144.80", RequestHeaders.none(), null);
                granted.add(here.choose(visit, Map.of("performance", true), ConsentMethod.BANNER,
                        new PrivacyEngine.Origin("/", null)));
            }
            for (PrivacyEngine.ConsentChange change : granted) {
                assertThat(here.assess("193.99.144.80", RequestHeaders.none(), change.cookieValue()).consent())
                        .contains(change.state());
            }
            System.gc();
            for (PrivacyEngine.ConsentChange change : granted) {
                PrivacyEngine.Visit there = engine.assess("193.99.144.80", RequestHeaders.none(), change.cookieValue());
                engine.choose(there, Map.of("performance", false), ConsentMethod.BANNER, new PrivacyEngine.Origin("/", null));
            }
            System.gc();
            Thread.sleep(PrivacyEngine.LEDGER_RECHECK.multipliedBy(3).toMillis());

            assertThat(granted).as("visits here with a cookie from before the withdrawal there").allSatisfy(change -> {
                PrivacyEngine.Visit visit = here.assess("193.99.144.80", RequestHeaders.none(), change.cookieValue());
                assertThat(visit.decision().allowedCategories()).doesNotContain("performance");
                assertThat(visit.superseded()).isTrue();
            });
        }
    }

    /**
     * A returning visitor's visit is kept, so that its next request is one look-up; a withdrawal
     * made on another instance replaces it as soon as the follower brings the record, as it does a
     * visit decided afresh.
     */
    @Test
    void aKeptVisitGivesWayToAWithdrawalOnAnotherInstance() throws InterruptedException {
        PrivacyEngine.ConsentChange granted = engine.choose(engine.assess("193.99.144.80", RequestHeaders.none(), null),
                Map.of("performance", true), ConsentMethod.BANNER, new PrivacyEngine.Origin("/", null));
        PrivacyEngine.Visit first = engine.assess("193.99.144.80", RequestHeaders.none(), granted.cookieValue());
        assertThat(first.decision().allowed("performance")).isTrue();
        assertThat(engine.assess("193.99.144.80", RequestHeaders.none(), granted.cookieValue())).isSameAs(first);
        assertThat(engine.assess("193.99.144.80", headers("Sec-GPC", "1"), granted.cookieValue()))
                .as("the same visitor with another signal").isNotSameAs(first);

        try (PrivacyEngine other = PrivacyEngine.open(policy(Map.of()))) {
            other.choose(other.assess("193.99.144.80", RequestHeaders.none(), granted.cookieValue()),
                    Map.of("performance", false), ConsentMethod.BANNER, new PrivacyEngine.Origin("/", null));
        }
        Thread.sleep(PrivacyEngine.LEDGER_RECHECK.multipliedBy(3).toMillis());

        PrivacyEngine.Visit after = engine.assess("193.99.144.80", RequestHeaders.none(), granted.cookieValue());
        assertThat(after.superseded()).isTrue();
        assertThat(after.decision().allowed("performance")).isFalse();
    }

    /** A locator that may read the request's headers is asked on every request: nothing is kept by address. */
    @Test
    void aVisitIsNotKeptWhenTheLocatorReadsHeaders() {
        GeoLocator byHeader = query -> java.util.Optional.ofNullable(query.headers().first("X-Test-Country"))
                .map(country -> new io.privacykit.geo.Location(country, null, io.privacykit.geo.LocationSource.HEADER));
        try (PrivacyEngine headed = new PrivacyEngine(engine.policy(), byHeader, engine.store(), Clock.systemUTC())) {
            assertThat(headed.assess("193.99.144.80", headers("X-Test-Country", "DE"), null).jurisdiction().regime())
                    .isEqualTo(Regime.GDPR);
            assertThat(headed.assess("193.99.144.80", headers("X-Test-Country", "BR"), null).jurisdiction().regime())
                    .isEqualTo(Regime.LGPD);
        }
    }

    /**
     * Keeping remembered records current costs a read of the new records per {@link PrivacyEngine#LEDGER_RECHECK},
     * not a read per remembered visitor: while nothing is appended, returning visitors cost no ledger read.
     */
    @Test
    void rememberedVisitorsCostNoLedgerReadWhileNothingIsAppended() throws InterruptedException {
        Map<String, java.util.concurrent.atomic.AtomicInteger> calls = new java.util.concurrent.ConcurrentHashMap<>();
        io.privacykit.store.PrivacyStore real = engine.store();
        io.privacykit.store.PrivacyStore counted = (io.privacykit.store.PrivacyStore) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {io.privacykit.store.PrivacyStore.class}, (proxy, method, args) -> {
                    calls.computeIfAbsent(method.getName(), name -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
                    try {
                        return method.invoke(real, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        Policy policy = policy(Map.of());
        List<PrivacyEngine.ConsentChange> granted = new java.util.ArrayList<>();
        long started = System.nanoTime();
        try (io.privacykit.geo.GeoLocatorChain locator = io.privacykit.geo.GeoLocators.standard(policy.geo());
             PrivacyEngine instance = new PrivacyEngine(policy, locator, counted, Clock.systemUTC())) {
            for (int i = 0; i < 200; i++) {
                PrivacyEngine.Visit visit = instance.assess("193.99.144.80", RequestHeaders.none(), null);
                granted.add(instance.choose(visit, Map.of("performance", true), ConsentMethod.BANNER,
                        new PrivacyEngine.Origin("/", null)));
            }
            for (int round = 0; round < 3; round++) {
                Thread.sleep(PrivacyEngine.LEDGER_RECHECK.toMillis());
                for (PrivacyEngine.ConsentChange change : granted) {
                    assertThat(instance.assess("193.99.144.80", RequestHeaders.none(), change.cookieValue()).consent())
                            .contains(change.state());
                }
            }
        }
        long periods = Duration.ofNanos(System.nanoTime() - started).dividedBy(PrivacyEngine.LEDGER_RECHECK);
        assertThat(calls.get("consentHistory")).as("reads of one consent id's records").isNull();
        assertThat(calls.get("ledger").get()).as("reads of the new records").isBetween(1, (int) periods + 2);
    }

    @Test
    void aChoiceIsCommittedAndItsCookieVerifiesOnTheNextVisit() {
        PrivacyEngine.Visit first = engine.assess("193.99.144.80", RequestHeaders.none(), null);

        PrivacyEngine.ConsentChange change = engine.choose(first, Map.of("performance", true), ConsentMethod.BANNER,
                new PrivacyEngine.Origin("/home?x=1", "UA"));
        PrivacyEngine.Visit next = engine.assess("193.99.144.80", RequestHeaders.none(), change.cookieValue());

        // Categories the visitor did not name stay unchosen: under opt-in they still await consent.
        assertThat(change.state().choices()).isEqualTo(Map.of("performance", true));
        assertThat(change.decision().needsChoice()).isTrue();
        assertThat(change.cookieMaxAge()).isEqualTo(Duration.ofDays(365).plus(PrivacyEngine.LAPSE_GRACE));
        assertThat(next.consent()).contains(change.state());
        assertThat(next.decision().allowedCategories()).containsExactly("necessary", "performance");
        assertThat(engine.receipt(change.state().consentId())).get()
                .satisfies(r -> assertThat(r.consentId()).isEqualTo(change.state().consentId()));
        List<LedgerEntry> history = engine.store().consentHistory(change.state().consentId());
        assertThat(history).singleElement().satisfies(e -> {
            assertThat(e.event().page()).isEqualTo("/home");
            assertThat(e.event().regime()).isEqualTo(Regime.GDPR);
        });
    }

    @Test
    void gpcOverridingAStoredGrantIsRecordedOnlyWhileTheStoredChoiceDiffers() {
        PrivacyEngine.Visit california = engine.assess("169.229.1.1", RequestHeaders.none(), null);
        PrivacyEngine.ConsentChange granted = engine.choose(california, Map.of("advertising", true), ConsentMethod.API,
                new PrivacyEngine.Origin("/", null));

        PrivacyEngine.Visit withGpc = engine.assess("169.229.1.1", headers("Sec-GPC", "1"), granted.cookieValue());
        PrivacyEngine.ConsentChange optOut = engine.recordGpcOptOut(withGpc, new PrivacyEngine.Origin("/", null)).orElseThrow();
        PrivacyEngine.Visit again = engine.assess("169.229.1.1", headers("Sec-GPC", "1"), optOut.cookieValue());

        assertThat(optOut.entry().event().method()).isEqualTo(ConsentMethod.GPC);
        assertThat(optOut.state().choices()).containsEntry("advertising", false);
        assertThat(engine.recordGpcOptOut(again, new PrivacyEngine.Origin("/", null))).isEmpty();
        PrivacyEngine.Visit germany = engine.assess("193.99.144.80", headers("Sec-GPC", "1"), granted.cookieValue());
        assertThat(engine.recordGpcOptOut(germany, new PrivacyEngine.Origin("/", null))).isEmpty();
    }

    @Test
    void aPageAndItsAssetsWithTheSameStaleCookieRecordOneGpcOptOut() {
        // Before: one ledger row per request of the page load (five for a page with four assets).
        PrivacyEngine.Visit california = engine.assess("169.229.1.1", RequestHeaders.none(), null);
        PrivacyEngine.ConsentChange granted = engine.choose(california, Map.of("advertising", true), ConsentMethod.API,
                new PrivacyEngine.Origin("/", null));

        List<PrivacyEngine.ConsentChange> changes = new java.util.ArrayList<>();
        for (int request = 0; request < 5; request++) {
            PrivacyEngine.Visit stale = engine.assess("169.229.1.1", headers("Sec-GPC", "1"), granted.cookieValue());
            changes.add(engine.recordGpcOptOut(stale, new PrivacyEngine.Origin("/", null)).orElseThrow());
        }

        List<LedgerEntry> history = engine.store().consentHistory(granted.state().consentId());
        assertThat(history).extracting(e -> e.event().method()).containsExactly(ConsentMethod.API, ConsentMethod.GPC);
        assertThat(changes).extracting(c -> c.entry().sequence()).containsOnly(history.get(1).sequence());
        assertThat(changes).allSatisfy(c -> assertThat(c.state().choices()).containsEntry("advertising", false));
        assertThat(engine.assess("169.229.1.1", headers("Sec-GPC", "1"), changes.get(4).cookieValue())
                .decision().allowed("advertising")).isFalse();
    }

    /**
     * A verified cookie is remembered with the span in which it is valid; the time is still read on
     * every request, so a remembered cookie lapses (or is dated in the future) exactly when one
     * verified afresh would.
     */
    @Test
    void aRememberedCookieLapsesWithTheClockAsAFreshlyVerifiedOneWould() {
        Policy policy = policy(Map.of("privacy.consent.max-age", "P30D"));
        java.time.Instant start = java.time.Instant.parse("2026-03-02T10:00:00Z");
        io.privacykit.collection.CollectionFixtures.MutableClock clock =
                new io.privacykit.collection.CollectionFixtures.MutableClock(start);
        try (io.privacykit.store.jdbc.JdbcPrivacyStore store = io.privacykit.store.jdbc.JdbcPrivacyStore.open(policy.store());
             io.privacykit.geo.GeoLocatorChain locator = io.privacykit.geo.GeoLocators.standard(policy.geo());
             PrivacyEngine remembering = new PrivacyEngine(policy, locator, store, clock)) {
            PrivacyEngine.ConsentChange granted = remembering.choose(
                    remembering.assess("193.99.144.80", RequestHeaders.none(), null), Map.of("performance", true),
                    ConsentMethod.BANNER, new PrivacyEngine.Origin("/", null));
            String cookie = granted.cookieValue();

            assertThat(remembering.assess("193.99.144.80", RequestHeaders.none(), cookie).decision().allowed("performance"))
                    .isTrue();
            clock.set(start.plus(Duration.ofDays(30)));
            assertThat(remembering.assess("193.99.144.80", RequestHeaders.none(), cookie).cookie())
                    .isEqualTo(new ConsentCookieResult.Valid(granted.state()));
            clock.set(start.plus(Duration.ofDays(30)).plusMillis(1));
            PrivacyEngine.Visit lapsed = remembering.assess("193.99.144.80", RequestHeaders.none(), cookie);
            assertThat(lapsed.cookie()).isEqualTo(new ConsentCookieResult.Lapsed(granted.state(),
                    io.privacykit.consent.RejectionReason.EXPIRED));
            assertThat(lapsed.decision().allowed("performance")).isFalse();
            clock.set(start.minus(Duration.ofMinutes(6)));
            assertThat(remembering.assess("193.99.144.80", RequestHeaders.none(), cookie).cookie())
                    .isEqualTo(new ConsentCookieResult.Rejected(io.privacykit.consent.RejectionReason.FUTURE_DATED));
            clock.set(start.plus(Duration.ofDays(1)));
            assertThat(remembering.assess("193.99.144.80", RequestHeaders.none(), cookie).decision().allowed("performance"))
                    .isTrue();
        }
    }

    @Test
    void takingBackAGrantIsAWithdrawal() {
        PrivacyEngine.Visit visit = engine.assess("193.99.144.80", RequestHeaders.none(), null);
        PrivacyEngine.ConsentChange granted = engine.choose(visit, Map.of("performance", true, "advertising", true),
                ConsentMethod.BANNER, new PrivacyEngine.Origin("/", null));
        PrivacyEngine.Visit back = engine.assess("193.99.144.80", RequestHeaders.none(), granted.cookieValue());

        PrivacyEngine.ConsentChange withdrawn = engine.choose(back, Map.of("advertising", false), ConsentMethod.BANNER,
                new PrivacyEngine.Origin("/", null));

        assertThat(withdrawn.entry().event().method()).isEqualTo(ConsentMethod.WITHDRAWAL);
        assertThat(withdrawn.state().consentId()).isEqualTo(granted.state().consentId());
        assertThat(withdrawn.state().choices()).containsEntry("performance", true).containsEntry("advertising", false);
    }

    @Test
    void aConsentUnderAPolicyThatRequiresReconsentLapsesAndIsRecordedOnce() {
        PrivacyEngine.Visit visit = engine.assess("193.99.144.80", RequestHeaders.none(), null);
        PrivacyEngine.ConsentChange granted = engine.choose(visit, Map.of("performance", true), ConsentMethod.BANNER,
                new PrivacyEngine.Origin("/", null));
        assertThat(engine.recordLapse(engine.assess("193.99.144.80", RequestHeaders.none(), granted.cookieValue()),
                new PrivacyEngine.Origin("/", null))).isEmpty();
        engine.close();
        engine = PrivacyEngine.open(policy(Map.of("privacy.policy.version", "2022-05-01",
                "privacy.consent.reconsent-before", "2022-05-01")));

        PrivacyEngine.Visit later = engine.assess("193.99.144.80", RequestHeaders.none(), granted.cookieValue());
        assertThat(later.cookie()).isEqualTo(new ConsentCookieResult.Lapsed(granted.state(),
                io.privacykit.consent.RejectionReason.OUTDATED_POLICY));
        assertThat(later.consent()).isEmpty();
        assertThat(later.decision().allowed("performance")).isFalse();
        assertThat(later.decision().needsChoice()).isTrue();

        LedgerEntry lapse = engine.recordLapse(later, new PrivacyEngine.Origin("/pricing", "UA")).orElseThrow();
        // The page's assets arrive with the same lapsed cookie before its clearing does: no second record.
        PrivacyEngine.Visit asset = engine.assess("193.99.144.80", RequestHeaders.none(), granted.cookieValue());
        assertThat(engine.recordLapse(asset, new PrivacyEngine.Origin("/app.css", "UA"))).contains(lapse);
        assertThat(lapse.event().method()).isEqualTo(ConsentMethod.EXPIRY);
        assertThat(lapse.event().consentId()).isEqualTo(granted.state().consentId());
        assertThat(lapse.event().policyVersion()).isEqualTo("2020-04-01");
        assertThat(lapse.event().choices()).isEqualTo(granted.state().choices());
        assertThat(engine.store().consentHistory(granted.state().consentId()))
                .extracting(e -> e.event().method()).containsExactly(ConsentMethod.BANNER, ConsentMethod.EXPIRY);
    }

    @ParameterizedTest(name = "{0} names only {1}")
    @CsvSource(delimiter = '|', textBlock = """
            169.229.1.1   | advertising=false | necessary,functionality,performance | false
            193.99.144.80 | performance=true  | necessary,performance               | true
            193.99.144.80 | advertising=false | necessary                           | true
            """)
    void categoriesAChoiceDoesNotNameFollowTheConsentModel(String address, String given, String allowed,
                                                           boolean needsChoice) {
        PrivacyEngine.Visit visit = engine.assess(address, RequestHeaders.none(), null);
        String[] pair = given.split("=");

        PrivacyEngine.ConsentChange change = engine.choose(visit, Map.of(pair[0], Boolean.parseBoolean(pair[1])),
                ConsentMethod.API, new PrivacyEngine.Origin("/", null));
        PrivacyEngine.Visit next = engine.assess(address, RequestHeaders.none(), change.cookieValue());

        assertThat(change.state().choices()).containsOnlyKeys(pair[0]);
        assertThat(next.decision().allowedCategories()).containsExactly(allowed.split(","));
        assertThat(next.decision().needsChoice()).isEqualTo(needsChoice);
    }

    @Test
    void whenAssessingFailsOnlyNecessaryCategoriesAreAllowedUnderTheFallback() {
        GeoLocator broken = query -> {
            throw new IllegalStateException("the geolocation database is unreadable");
        };
        PrivacyEngine failing = new PrivacyEngine(engine.policy(), broken, engine.store(), Clock.systemUTC());

        PrivacyEngine.Visit visit = failing.failClosed("127.0.0.1");

        assertThat(visit.jurisdiction().regime()).isEqualTo(Regime.GDPR);
        assertThat(visit.decision().allowedCategories()).containsExactly("necessary");
        assertThat(visit.consent()).isEmpty();
        assertThat(visit.client()).get().satisfies(c -> assertThat(c.viaTrustedProxy()).isTrue());
        assertThat(failing.failClosed("not-an-ip").client()).isEmpty();
    }

    @Test
    void aSignedInPersonsChoiceIsRestoredOnABrowserWithoutOne() {
        PrivacyEngine.Visit browserA = engine.assess("193.99.144.80", RequestHeaders.none(), null);
        PrivacyEngine.ConsentChange chosen = engine.choose(browserA, Map.of("functionality", true, "performance", true,
                "advertising", true), ConsentMethod.BANNER, new PrivacyEngine.Origin("/", null));
        engine.linkSubject(chosen.state().consentId(), "alice");
        PrivacyEngine.Visit browserB = engine.assess("193.99.144.80", RequestHeaders.none(), null);

        PrivacyEngine.ConsentChange restored = engine.restoreForSubject(browserB, "alice").orElseThrow();
        PrivacyEngine.Visit next = engine.assess("193.99.144.80", RequestHeaders.none(), restored.cookieValue());

        assertThat(restored.state()).isEqualTo(chosen.state());
        assertThat(restored.entry()).isEqualTo(chosen.entry());
        assertThat(restored.decision().allowedCategories()).containsExactly("necessary", "functionality", "performance",
                "advertising");
        assertThat(next.consent()).contains(chosen.state());
        assertThat(engine.store().consentHistory(chosen.state().consentId())).hasSize(1);
        // A browser with its own consent keeps it; a person without one has nothing to restore.
        assertThat(engine.restoreForSubject(next, "alice")).isEmpty();
        assertThat(engine.restoreForSubject(browserB, "bob")).isEmpty();
    }

    @Test
    void aLapsedConsentIsNotRestored() {
        PrivacyEngine.Visit visit = engine.assess("193.99.144.80", RequestHeaders.none(), null);
        PrivacyEngine.ConsentChange granted = engine.choose(visit, Map.of("performance", true), ConsentMethod.BANNER,
                new PrivacyEngine.Origin("/", null));
        engine.linkSubject(granted.state().consentId(), "alice");
        engine.close();
        engine = PrivacyEngine.open(policy(Map.of("privacy.policy.version", "2022-05-01",
                "privacy.consent.reconsent-before", "2022-05-01")));
        PrivacyEngine.Visit fresh = engine.assess("193.99.144.80", RequestHeaders.none(), null);

        // Under a policy that requires asking again, whether or not the lapse was recorded yet.
        assertThat(engine.restoreForSubject(fresh, "alice")).isEmpty();
        engine.recordLapse(engine.assess("193.99.144.80", RequestHeaders.none(), granted.cookieValue()),
                new PrivacyEngine.Origin("/", null));
        assertThat(engine.restoreForSubject(fresh, "alice")).isEmpty();
    }

    /**
     * A GPC signal from a browser without a consent is recorded as a new consent, once per browser
     * that keeps its cookie; a client that never keeps it mints at most the consent-change limit of
     * records a minute from its network (the security review's H1: unbounded ledger growth).
     */
    @org.junit.jupiter.api.Test
    void gpcWithoutAConsentMintsAtMostTheLimitOfConsentIdsPerNetworkAMinute() {
        engine.close();
        engine = PrivacyEngine.open(policy(Map.of("privacy.web.consent-rate-limit", "5",
                "privacy.cookies.advertising", "_fbp")));
        io.privacykit.response.CookieSite site = new io.privacykit.response.CookieSite(
                engine.policy().cookieClassifier(), engine.policy().consent().cookieName(), false);
        int recorded = 0;
        for (int i = 0; i < 20; i++) {
            // A Californian client in one /24 that never sends its cookie back.
            PrivacyEngine.Request request = new PrivacyEngine.Request("127.0.0.1",
                    headers("X-Forwarded-For", "169.229.1." + (i + 1), "Sec-GPC", "1"), Map.of(), "shop.example", "",
                    () -> new PrivacyEngine.Origin("/", "test"), site);
            PrivacyEngine.RequestOutcome outcome = engine.decide(request);
            assertThat(outcome.decision().gpcApplied()).isTrue();
            assertThat(outcome.decision().allowedCategories()).doesNotContain("advertising");
            recorded += outcome.recorded().size();
        }
        assertThat(recorded).isEqualTo(5);
    }
}
