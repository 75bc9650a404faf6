package io.privacykit.collection;

import io.privacykit.geo.Location;
import io.privacykit.geo.LocationSource;
import io.privacykit.jurisdiction.ConsentModel;
import io.privacykit.jurisdiction.Deadline;
import io.privacykit.jurisdiction.DeadlineUnit;
import io.privacykit.jurisdiction.Jurisdiction;
import io.privacykit.jurisdiction.Regime;
import io.privacykit.policy.Policy;
import io.privacykit.policy.PolicyLoader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/** Declared policies and contexts for the collection tests, shared with the store's tests. */
public final class CollectionFixtures {

    /** The subject key of the fixtures. */
    public static final byte[] SUBJECT_KEY = "subject-key-of-exactly-32-bytes!".getBytes(StandardCharsets.US_ASCII);

    private CollectionFixtures() {
    }

    /** The required keys, with {@code keysAndValues} added. */
    public static Properties properties(String... keysAndValues) {
        Properties props = new Properties();
        props.setProperty("privacy.policy.version", "2020-04-01");
        props.setProperty("privacy.policy.last-updated", "2020-04-01");
        props.setProperty("privacy.consent.keys", "k1:" + base64("signing-secret-of-exactly-32-by!"));
        props.setProperty("privacy.consent.ip-hash-key", base64("ip-hash-secret-of-exactly-32-by!"));
        props.setProperty("privacy.collection.subject-key", Base64.getEncoder().encodeToString(SUBJECT_KEY));
        for (int i = 0; i < keysAndValues.length; i += 2) {
            props.setProperty(keysAndValues[i], keysAndValues[i + 1]);
        }
        return props;
    }

    /**
     * The declarations of the US SaaS reference policy: identifiers and internet activity
     * collected, nothing sold or shared, not directed to children under 13; plus {@code extra}.
     */
    public static Properties usSaas(String... extra) {
        Properties props = properties(
                "privacy.policy.minimum-age", "13",
                "privacy.collection.identifiers.collected", "true",
                "privacy.collection.identifiers.sources", "user, device, third_party",
                "privacy.collection.identifiers.purposes", "service, security, marketing, analytics",
                "privacy.collection.identifiers.legal-basis", "contract, security:legitimate-interests, analytics:consent",
                "privacy.collection.identifiers.recipients", "service_provider, authority",
                "privacy.collection.identifiers.sold", "false",
                "privacy.collection.identifiers.shared", "false",
                "privacy.collection.identifiers.retention", "P2Y",
                "privacy.collection.internet_activity.collected", "true",
                "privacy.collection.internet_activity.sources", "device",
                "privacy.collection.internet_activity.purposes", "service, analytics, security",
                "privacy.collection.internet_activity.legal-basis", "legitimate-interests, analytics:consent",
                "privacy.collection.internet_activity.recipients", "service_provider",
                "privacy.collection.internet_activity.retention", "P13M",
                "privacy.controller.name", "Example SaaS Inc.",
                "privacy.controller.email", "privacy@example.com");
        for (int i = 0; i < extra.length; i += 2) {
            props.setProperty(extra[i], extra[i + 1]);
        }
        return props;
    }

    /** The policy of {@code props}. */
    public static Policy policy(Properties props) {
        return PolicyLoader.fromProperties(props, Map.of());
    }

    /** The declared policy of {@code props}. */
    public static DeclaredPolicy declared(Properties props) {
        return policy(props).collection();
    }

    /** A California visitor (CCPA: opt-out, GPC binding, 16 for sale). */
    public static RecordingContext california(boolean optedOut, Set<String> consented, Integer age) {
        Jurisdiction jurisdiction = new Jurisdiction(Regime.CCPA, "CCPA as amended by the CPRA",
                new Location("US", "CA", LocationSource.DATABASE), ConsentModel.OPT_OUT,
                Deadline.of(45, DeadlineUnit.CALENDAR_DAYS, 45), 16, true, Set.of());
        return new RecordingContext(jurisdiction, optedOut, consented, age == null ? OptionalInt.empty() : OptionalInt.of(age));
    }

    /** A German visitor (GDPR: opt-in, 16 for consent). */
    public static RecordingContext germany(Set<String> consented, Integer age) {
        Jurisdiction jurisdiction = new Jurisdiction(Regime.GDPR, "GDPR", new Location("DE", null, LocationSource.DATABASE),
                ConsentModel.OPT_IN, Deadline.of(30, DeadlineUnit.CALENDAR_DAYS, 60), 16, false, Set.of());
        return new RecordingContext(jurisdiction, false, consented, age == null ? OptionalInt.empty() : OptionalInt.of(age));
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** A clock the test moves. */
    public static final class MutableClock extends Clock {
        private final AtomicReference<Instant> now;

        /** A clock showing {@code start}. */
        public MutableClock(Instant start) {
            this.now = new AtomicReference<>(start);
        }

        /** Shows {@code instant} from now on. */
        public void set(Instant instant) {
            now.set(instant);
        }

        /** Moves the time shown on by {@code duration}. */
        public void advance(java.time.Duration duration) {
            now.updateAndGet(t -> t.plus(duration));
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }
}
