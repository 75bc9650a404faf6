package io.privacykit.sample;

import static io.privacykit.sample.SampleHttp.GERMANY;
import static io.privacykit.sample.SampleHttp.cookiesSet;
import static org.assertj.core.api.Assertions.assertThat;

import io.privacykit.consent.LedgerEntry;
import io.privacykit.consent.LedgerVerification;
import io.privacykit.store.StoreSettings;
import io.privacykit.store.jdbc.JdbcPrivacyStore;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two sample-app instances behind one load balancer share one PostgreSQL: a consent given on one
 * is honoured and withdrawable on the other, and their ledger appends interleave into one chain.
 */
class TwoInstancesOnPostgresIT {

    @TempDir
    static Path directory;

    static PostgresCluster postgres;
    static SampleApp first;
    static SampleApp second;

    @BeforeAll
    static void start() throws Exception {
        postgres = PostgresCluster.start(directory.resolve("postgres"));
        // One data directory: both instances read the same generated signing secrets, as two
        // instances of one deployment share their configured secrets.
        SampleAppOptions options = new SampleAppOptions(0, "us-saas", directory.resolve("app"));
        first = SampleApp.start(options, postgres.storeEnvironment());
        second = SampleApp.start(options, postgres.storeEnvironment());
    }

    @AfterAll
    static void stop() throws Exception {
        if (first != null) {
            first.close();
        }
        if (second != null) {
            second.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void aConsentGivenOnOneInstanceIsHonouredAndWithdrawableOnTheOther() throws Exception {
        ConsentClient one = new ConsentClient(first);
        ConsentClient other = new ConsentClient(second);

        HttpResponse<String> given = one.choose(GERMANY, "accept=all", Optional.empty());
        assertThat(given.statusCode()).isEqualTo(200);
        ConsentClient.Acknowledged accepted = ConsentClient.acknowledged(given);
        assertThat(cookiesSet(other.home(GERMANY, Optional.of(accepted.cookie()))))
                .contains("_ga", "_fbp");

        HttpResponse<String> withdrawn = other.choose(GERMANY, "reject=all", Optional.of(accepted.cookie()));
        assertThat(withdrawn.statusCode()).isEqualTo(200);
        ConsentClient.Acknowledged rejected = ConsentClient.acknowledged(withdrawn);
        assertThat(rejected.consentId()).isEqualTo(accepted.consentId());
        assertThat(cookiesSet(one.home(GERMANY, Optional.of(rejected.cookie()))))
                .doesNotContain("_ga", "_fbp");

        try (JdbcPrivacyStore store = openStore()) {
            assertThat(store.consentHistory(accepted.consentId())).extracting(LedgerEntry::sequence)
                    .containsExactly(accepted.sequence(), rejected.sequence());
        }
    }

    @Test
    void appendsFromBothInstancesInterleaveIntoOneUnbrokenChain() throws Exception {
        List<ConsentClient> instances = List.of(new ConsentClient(first), new ConsentClient(second));
        int visitors = 8;
        int changesEach = 25;
        ExecutorService pool = Executors.newFixedThreadPool(visitors);
        List<Future<List<ConsentClient.Acknowledged>>> results = new ArrayList<>();
        for (int v = 0; v < visitors; v++) {
            results.add(pool.submit(() -> {
                List<ConsentClient.Acknowledged> acknowledged = new ArrayList<>();
                Optional<String> cookie = Optional.empty();
                for (int i = 0; i < changesEach; i++) {
                    // Each change of one browser goes to the other instance than the one before.
                    HttpResponse<String> response = instances.get(i % 2)
                            .choose(GERMANY, i % 2 == 0 ? "accept=all" : "reject=all", cookie);
                    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                    ConsentClient.Acknowledged change = ConsentClient.acknowledged(response);
                    acknowledged.add(change);
                    cookie = Optional.of(change.cookie());
                }
                return acknowledged;
            }));
        }
        List<ConsentClient.Acknowledged> all = new ArrayList<>();
        for (Future<List<ConsentClient.Acknowledged>> result : results) {
            all.addAll(result.get());
        }
        pool.shutdown();

        assertThat(all).hasSize(visitors * changesEach);
        Set<Long> sequences = all.stream().map(ConsentClient.Acknowledged::sequence).collect(Collectors.toSet());
        assertThat(sequences).as("every acknowledged change has its own ledger record").hasSize(all.size());
        try (JdbcPrivacyStore store = openStore()) {
            for (ConsentClient.Acknowledged change : all) {
                assertThat(store.consentHistory(change.consentId())).extracting(LedgerEntry::sequence)
                        .contains(change.sequence());
            }
            assertThat(store.verifyLedger()).isInstanceOf(LedgerVerification.Intact.class);
        }
    }

    private static JdbcPrivacyStore openStore() {
        return JdbcPrivacyStore.open(new StoreSettings(postgres.jdbcUrl(), "postgres", "", 1));
    }
}
