package io.privacykit.bench;

import io.privacykit.collection.CollectionRecorder;
import io.privacykit.collection.CollectionStore;
import io.privacykit.collection.DivergenceCount;
import io.privacykit.collection.Outcome;
import io.privacykit.collection.SourceKind;
import io.privacykit.collection.SubjectId;
import io.privacykit.collection.UsageCount;
import io.privacykit.collection.UsageTotal;
import io.privacykit.policy.Policy;
import io.privacykit.policy.PolicyLoader;
import io.privacykit.store.StoreSettings;
import io.privacykit.store.jdbc.JdbcPrivacyStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Records per second through {@link CollectionRecorder} into H2 and PostgreSQL (targets:
 * 200,000/s and 50,000/s on 2 cores), and with a store that keeps nothing ({@code none}), which is
 * the calling thread's own cost (and the writer's, once the queue is full). The queue has its
 * default size (65,536), so a caller blocks soon after the writer falls behind and over a few
 * seconds the measured rate is the rate the store takes; each iteration ends with a flush, and
 * the trial prints the committed rate, flushes included. PostgreSQL runs with {@code synchronous_commit=on};
 * {@code benchmarks/run} gives the fork a 256 MB heap, so the rate is the one reached in bounded memory.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@State(Scope.Benchmark)
public class CollectionBenchmark {

    /** Where the counts go: {@code none} (discarded), {@code h2} (a file), {@code postgresql} (embedded). */
    @Param({"none", "h2", "postgresql"})
    public String store;

    /** Distinct subjects recording (the day's active users). */
    @Param({"1000"})
    public int subjects;

    private static final String[] CATEGORIES = {"identifiers", "internet_activity", "user.contact.email"};
    private static final String[] PURPOSES = {"service", "analytics", "security"};

    private Path dataDir;
    private EmbeddedPostgres postgres;
    private JdbcPrivacyStore privacyStore;
    private CollectionRecorder recorder;
    private SubjectId[] subjectIds;
    private long started;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Properties props = new Properties();
        props.setProperty("privacy.policy.version", "2024-01-01");
        props.setProperty("privacy.policy.last-updated", "2024-01-01");
        props.setProperty("privacy.consent.keys", "k1:" + secret("benchmark-signing-key-32-bytes!!"));
        props.setProperty("privacy.consent.ip-hash-key", secret("benchmark-ip-hash-key-32-bytes!!"));
        for (String category : List.of("identifiers", "internet_activity")) {
            String prefix = "privacy.collection." + category + ".";
            props.setProperty(prefix + "collected", "true");
            props.setProperty(prefix + "sources", "user, device");
            props.setProperty(prefix + "purposes", "service, analytics, security");
            props.setProperty(prefix + "recipients", "service_provider");
        }
        Policy policy = PolicyLoader.fromProperties(props, Map.of());
        CollectionStore collectionStore;
        switch (store) {
            case "none" -> collectionStore = new Discarding();
            case "h2" -> {
                dataDir = Files.createTempDirectory("privacykit-bench-collection");
                privacyStore = JdbcPrivacyStore.open(new StoreSettings("jdbc:h2:file:" + dataDir.resolve("privacykit"),
                        "", "", 4));
                collectionStore = privacyStore.collectionStore();
            }
            case "postgresql" -> {
                postgres = BenchFixture.durablePostgres();
                privacyStore = JdbcPrivacyStore.open(new StoreSettings(postgres.getJdbcUrl("postgres", "postgres"),
                        "postgres", "", 4));
                collectionStore = privacyStore.collectionStore();
            }
            default -> throw new IllegalArgumentException(store);
        }
        recorder = CollectionRecorder.start(policy.collection(), collectionStore, Clock.systemUTC());
        subjectIds = new SubjectId[subjects];
        for (int i = 0; i < subjects; i++) {
            subjectIds[i] = recorder.subjects().ofUserId("user-" + i);
        }
        started = System.nanoTime();
    }

    /** One record: a subject collected from, in turn, three categories and three purposes. */
    @Benchmark
    public Outcome record() {
        int i = next++;
        return recorder.collected(subjectIds[i % subjectIds.length], CATEGORIES[i % 3], SourceKind.DEVICE,
                PURPOSES[(i / 3) % 3]);
    }

    @TearDown(Level.Iteration)
    public void flush() {
        recorder.flush();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        recorder.close();
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("%n[%s] committed %,d records in %.1f s (warm-up and iteration ends included): %,.0f/s%n",
                store, recorder.committedRecords(), seconds, recorder.committedRecords() / seconds);
        if (privacyStore != null) {
            privacyStore.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    private static String secret(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** Keeps nothing: the calling thread's and the writer's own cost. */
    private static final class Discarding implements CollectionStore {
        @Override
        public void add(List<UsageCount> usage, List<DivergenceCount> divergences) {
        }

        @Override
        public List<UsageTotal> usage(LocalDate from, LocalDate to) {
            return List.of();
        }

        @Override
        public List<UsageCount> usageOf(SubjectId subject) {
            return List.of();
        }

        @Override
        public List<DivergenceCount> divergences() {
            return List.of();
        }
    }
}
