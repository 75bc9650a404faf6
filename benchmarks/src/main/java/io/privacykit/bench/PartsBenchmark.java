package io.privacykit.bench;

import io.privacykit.consent.ConsentCookieCodec;
import io.privacykit.consent.ConsentCookieResult;
import io.privacykit.consent.ConsentDecider;
import io.privacykit.consent.ConsentDecision;
import io.privacykit.consent.ConsentState;
import io.privacykit.consent.Signals;
import io.privacykit.geo.ClientAddress;
import io.privacykit.geo.ClientAddressResolver;
import io.privacykit.geo.Location;
import io.privacykit.geo.LocationSource;
import io.privacykit.geo.RequestHeaders;
import io.privacykit.jurisdiction.Jurisdiction;
import io.privacykit.jurisdiction.JurisdictionResolver;
import io.privacykit.policy.Policy;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** The parts of the decision path one by one, to see where its time goes. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@State(Scope.Benchmark)
public class PartsBenchmark {

    /** Returning visitors, whose verified cookies are remembered, and (UNSEEN) cookies decoded afresh. */
    static final int VISITORS = 1024;
    static final int UNSEEN = 1 << 16;

    private Path dataDir;
    private String[] addresses;
    private RequestHeaders[] forwarded;
    private String[] cookies;
    private String[] unseenCookies;
    private ConsentState[] remembered;
    private ClientAddressResolver addressResolver;
    private JurisdictionResolver jurisdictionResolver;
    private ConsentCookieCodec codec;
    private ConsentDecider decider;
    private Location[] locations;
    private Jurisdiction gdpr;
    private Jurisdiction ccpa;
    private Optional<ConsentState> consent;
    private Signals gpc;

    /** Each benchmark thread walks the visitors in turn. */
    @State(Scope.Thread)
    public static class Cursor {
        private int next;

        int next(int size) {
            return next++ & (size - 1);
        }
    }

    @Setup(Level.Trial)
    public void open() {
        dataDir = BenchFixture.newDataDirectory();
        Policy policy = BenchFixture.policy(dataDir);
        addresses = BenchFixture.publicAddressTexts(VISITORS);
        forwarded = new RequestHeaders[VISITORS];
        for (int i = 0; i < VISITORS; i++) {
            forwarded[i] = RequestHeaders.of(Map.of("X-Forwarded-For", List.of(addresses[i])));
        }
        addressResolver = new ClientAddressResolver(policy.geo().trustedProxies());
        jurisdictionResolver = new JurisdictionResolver(policy.jurisdiction(), Clock.systemUTC());
        codec = new ConsentCookieCodec(policy.consent(), Clock.systemUTC());
        decider = new ConsentDecider(policy.categories(), policy.signals());
        cookies = BenchFixture.consentCookies(policy, VISITORS);
        unseenCookies = BenchFixture.consentCookies(policy, UNSEEN);
        remembered = new ConsentState[VISITORS];
        for (int i = 0; i < VISITORS; i++) {
            remembered[i] = ((ConsentCookieResult.Valid) codec.decode(cookies[i])).state();
        }
        locations = new Location[] {
                new Location("DE", null, LocationSource.DATABASE),
                new Location("US", "CA", LocationSource.DATABASE),
                new Location("GB", "ENG", LocationSource.DATABASE),
                new Location("BR", null, LocationSource.DATABASE),
                new Location("US", "TX", LocationSource.DATABASE),
                new Location("CA", "QC", LocationSource.DATABASE),
                new Location("JP", null, LocationSource.DATABASE),
                Location.UNKNOWN,
        };
        gdpr = jurisdictionResolver.resolve(locations[0]);
        ccpa = jurisdictionResolver.resolve(locations[1]);
        consent = codec.decode(cookies[0]) instanceof ConsentCookieResult.Valid valid
                ? Optional.of(valid.state()) : Optional.empty();
        if (consent.isEmpty()) {
            throw new IllegalStateException("the benchmark's own consent cookie does not verify");
        }
        gpc = new Signals(true, false);
    }

    @TearDown(Level.Trial)
    public void close() {
        BenchFixture.delete(dataDir);
    }

    @Benchmark
    public Optional<ClientAddress> clientAddressDirect(Cursor cursor) {
        return addressResolver.resolve(addresses[cursor.next(VISITORS)], RequestHeaders.none());
    }

    @Benchmark
    public Optional<ClientAddress> clientAddressForwarded(Cursor cursor) {
        return addressResolver.resolve(BenchFixture.TRUSTED_PROXY, forwarded[cursor.next(VISITORS)]);
    }

    @Benchmark
    public Jurisdiction jurisdiction(Cursor cursor) {
        return jurisdictionResolver.resolve(locations[cursor.next(locations.length)]);
    }

    /** A returning visitor's cookie, verified once and remembered (as the engine does): only the time checks. */
    @Benchmark
    public ConsentCookieResult cookieInForceRemembered(Cursor cursor) {
        return codec.inForce(remembered[cursor.next(VISITORS)]);
    }

    /** A cookie not remembered: the full HMAC-SHA256 verification, over 65,536 visitors' cookies. */
    @Benchmark
    public ConsentCookieResult cookieDecode(Cursor cursor) {
        return codec.decode(unseenCookies[cursor.next(UNSEEN)]);
    }

    @Benchmark
    public ConsentDecision decideGdprWithConsent() {
        return decider.decide(gdpr, consent, Signals.NONE);
    }

    @Benchmark
    public ConsentDecision decideCcpaWithGpc() {
        return decider.decide(ccpa, consent, gpc);
    }
}
