package io.privacykit.sample;

import static io.privacykit.sample.SampleHttp.GERMANY;
import static org.assertj.core.api.Assertions.assertThat;

import io.privacykit.consent.LedgerEntry;
import io.privacykit.consent.LedgerVerification;
import io.privacykit.store.StoreSettings;
import io.privacykit.store.jdbc.JdbcPrivacyStore;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample app on PostgreSQL while the database goes away under a load of consent changes, by
 * an orderly stop and by SIGKILL: every change acknowledged to a client is in the ledger after
 * recovery and the chain verifies; during the outage changes fail visibly (503 with Retry-After,
 * no consent cookie) while page decisions go on; the app recovers without a restart.
 */
class PostgresOutageIT {

    /** Changes acknowledged before the fault, and again after recovery. */
    private static final int ACKNOWLEDGED_EACH_SIDE = 25;
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @TempDir
    Path directory;

    PostgresCluster postgres;
    SampleApp app;

    @BeforeEach
    void start() throws Exception {
        postgres = PostgresCluster.start(directory.resolve("postgres"));
        app = SampleApp.start(new SampleAppOptions(0, "us-saas", directory.resolve("app")), postgres.storeEnvironment());
    }

    @AfterEach
    void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void aStoppedDatabaseLosesNoAcknowledgedChange() throws Exception {
        Outcome outcome = underLoad(() -> {
            postgres.stop();
            return () -> {
                postgres.restart();
            };
        });
        outcome.assertNothingAcknowledgedWasLost();
    }

    @Test
    void aKilledDatabaseLosesNoAcknowledgedChange() throws Exception {
        Outcome outcome = underLoad(() -> {
            postgres.kill();
            return () -> {
                postgres.restart();
            };
        });
        outcome.assertNothingAcknowledgedWasLost();
    }

    interface Fault {
        Recovery inject() throws Exception;
    }

    interface Recovery {
        void recover() throws Exception;
    }

    /** Runs consent changes and page views, injects the fault, waits for refusals, recovers, waits for acknowledgements. */
    private Outcome underLoad(Fault fault) throws Exception {
        ConsentClient client = new ConsentClient(app);
        HttpResponse<String> first = client.choose(GERMANY, "accept=all", Optional.empty());
        assertThat(first.statusCode()).isEqualTo(200);
        String pageCookie = ConsentClient.acknowledged(first).cookie();

        Outcome outcome = new Outcome();
        AtomicBoolean running = new AtomicBoolean(true);
        int changers = 4;
        ExecutorService load = Executors.newFixedThreadPool(changers + 1);
        for (int i = 0; i < changers; i++) {
            load.submit(() -> {
                while (running.get()) {
                    outcome.change(client);
                }
                return null;
            });
        }
        load.submit(() -> {
            while (running.get()) {
                outcome.view(client, pageCookie);
                Thread.sleep(20);
            }
            return null;
        });
        try {
            await("changes acknowledged before the fault",
                    () -> outcome.acknowledged.size() >= ACKNOWLEDGED_EACH_SIDE);
            Recovery recovery = fault.inject();
            int viewsBefore = outcome.views.size();
            await("changes refused and pages served during the outage",
                    () -> outcome.refused.size() >= changers && outcome.views.size() >= viewsBefore + 5);
            outcome.pagesDuringOutage = outcome.views.size() - viewsBefore;
            int acknowledgedBefore = outcome.acknowledged.size();
            recovery.recover();
            await("changes acknowledged after recovery",
                    () -> outcome.acknowledged.size() >= acknowledgedBefore + ACKNOWLEDGED_EACH_SIDE);
        } finally {
            running.set(false);
            load.shutdown();
            assertThat(load.awaitTermination(2, TimeUnit.MINUTES)).isTrue();
        }
        return outcome;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited %s for %s", PATIENCE, what).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /** What the clients saw. */
    private final class Outcome {
        final Queue<ConsentClient.Acknowledged> acknowledged = new ConcurrentLinkedQueue<>();
        final Queue<String> refused = new ConcurrentLinkedQueue<>();
        final Queue<String> unexpected = new ConcurrentLinkedQueue<>();
        final Queue<Integer> views = new ConcurrentLinkedQueue<>();
        int pagesDuringOutage;

        void change(ConsentClient client) {
            try {
                HttpResponse<String> response = client.choose(GERMANY, "accept=all", Optional.empty());
                if (response.statusCode() == 200) {
                    acknowledged.add(ConsentClient.acknowledged(response));
                } else if (response.statusCode() == 503
                        && response.headers().firstValue("Retry-After").isPresent()
                        && ConsentClient.consentCookies(response).isEmpty()) {
                    refused.add(response.body());
                } else {
                    unexpected.add(response.statusCode() + " " + response.headers().map() + " " + response.body());
                }
            } catch (Exception e) {
                unexpected.add(e.toString());
            }
        }

        void view(ConsentClient client, String cookie) {
            try {
                HttpResponse<String> page = client.home(GERMANY, Optional.of(cookie));
                views.add(page.statusCode());
                if (page.statusCode() != 200 || !SampleHttp.cookiesSet(page).contains("_ga")) {
                    unexpected.add("page " + page.statusCode() + " " + page.headers().allValues("Set-Cookie"));
                }
            } catch (Exception e) {
                unexpected.add("page " + e);
            }
        }

        void assertNothingAcknowledgedWasLost() {
            assertThat(unexpected).as("answers that were neither an acknowledgement nor a visible refusal").isEmpty();
            assertThat(refused).as("changes refused during the outage").isNotEmpty();
            System.out.printf("%s: %d acknowledged, %d refused with 503, %d pages during the outage%n",
                    "outage", acknowledged.size(), refused.size(), pagesDuringOutage);
            assertThat(pagesDuringOutage).as("pages served, with their decision, during the outage").isPositive();
            List<String> missing = new ArrayList<>();
            try (JdbcPrivacyStore store = JdbcPrivacyStore.open(
                    new StoreSettings(postgres.jdbcUrl(), "postgres", "", 1))) {
                for (ConsentClient.Acknowledged change : acknowledged) {
                    if (store.consentHistory(change.consentId()).stream().map(LedgerEntry::sequence)
                            .noneMatch(sequence -> sequence == change.sequence())) {
                        missing.add(change.consentId() + "#" + change.sequence());
                    }
                }
                assertThat(missing).as("acknowledged changes missing after recovery (of %d)", acknowledged.size())
                        .isEmpty();
                assertThat(store.verifyLedger()).isInstanceOf(LedgerVerification.Intact.class);
            }
        }
    }
}
