package io.privacykit.store.jdbc;

import io.privacykit.store.PrivacyStore;
import io.privacykit.store.StoreSettings;
import static io.privacykit.consent.LedgerFixtures.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.privacykit.consent.ConsentEvent;
import io.privacykit.consent.ConsentMethod;
import io.privacykit.consent.LedgerChain;
import io.privacykit.consent.LedgerEntry;
import io.privacykit.consent.LedgerCheck;
import io.privacykit.consent.LedgerFixtures;
import io.privacykit.consent.LedgerKeys;
import io.privacykit.consent.LedgerSettings;
import io.privacykit.store.SubjectErasure;
import io.privacykit.consent.LedgerVerification;
import io.privacykit.geo.LocationSource;
import io.privacykit.jurisdiction.Regime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What every {@link PrivacyStore} database must do, run against H2 and a real PostgreSQL. Each
 * test gets an empty database; tampering goes through plain JDBC, as an intruder's would.
 */
abstract class PrivacyStoreContract {

    private static final String NON_KEY_COLUMNS = "consent_id, occurred_at, policy_version, regime, law,"
            + " location_source, country, region, choices, method, page, ip_hash, user_agent, subject_id,"
            + " previous_hash, hash";

    protected StoreSettings settings;
    protected JdbcPrivacyStore store;

    /** Settings of a new, empty database. */
    protected abstract StoreSettings freshDatabase() throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        settings = freshDatabase().withLedger(LedgerFixtures.KEYED);
        store = JdbcPrivacyStore.open(settings);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    // --- appending and reading -------------------------------------------------------------------

    @Test
    void anAppendedRecordReadsBackExactly() {
        ConsentEvent full = withSubject(event("c-1"), "user-1");
        ConsentEvent sparse = new ConsentEvent("c-1", Instant.parse("2024-06-01T00:00:00.000001Z"), "v2",
                Regime.DEFAULT, "Policy terms", LocationSource.UNKNOWN, null, null, Map.of(),
                ConsentMethod.EXPIRY, null, null, null, null);

        LedgerEntry first = store.appendConsent(full);
        LedgerEntry second = store.appendConsent(sparse);

        assertThat(store.consentHistory("c-1")).containsExactly(first, second);
        assertThat(first.sequence()).isEqualTo(1);
        assertThat(first.previousHash()).isEqualTo(LedgerChain.GENESIS_HASH);
        assertThat(second.sequence()).isEqualTo(2);
        assertThat(second.previousHash()).isEqualTo(first.hash());
    }

    @Test
    void choicesReadBackInTheOrderGiven() {
        Map<String, Boolean> choices = new LinkedHashMap<>();
        choices.put("necessary", true);
        choices.put("advertising", false);
        choices.put("functionality", true);
        ConsentEvent e = event("c-1");
        store.appendConsent(new ConsentEvent(e.consentId(), e.at(), e.policyVersion(), e.regime(), e.law(),
                e.locationSource(), e.country(), e.region(), choices, e.method(), e.page(), e.ipHash(),
                e.userAgent(), e.subjectId()));

        assertThat(store.consentHistory("c-1").get(0).event().choices().keySet())
                .containsExactly("necessary", "advertising", "functionality");
    }

    @Test
    void historyHoldsOneConsentOnlyOldestFirst() {
        store.appendConsent(event("a"));
        store.appendConsent(event("b"));
        store.appendConsent(withMethod(event("a"), ConsentMethod.WITHDRAWAL));

        assertThat(store.consentHistory("a")).extracting(LedgerEntry::sequence).containsExactly(1L, 3L);
        assertThat(store.consentHistory("a")).extracting(entry -> entry.event().method())
                .containsExactly(ConsentMethod.BANNER, ConsentMethod.WITHDRAWAL);
        assertThat(store.consentHistory("nobody")).isEmpty();
    }

    @Test
    void theLedgerIsReadInPages() {
        appendNumbered(25);

        assertThat(store.ledger(0, 10)).extracting(LedgerEntry::sequence)
                .containsExactlyElementsOf(range(1, 10));
        assertThat(store.ledger(10, 10)).extracting(LedgerEntry::sequence)
                .containsExactlyElementsOf(range(11, 20));
        assertThat(store.ledger(20, 10)).extracting(LedgerEntry::sequence)
                .containsExactlyElementsOf(range(21, 25));
        assertThat(store.ledger(25, 10)).isEmpty();
        assertThatThrownBy(() -> store.ledger(0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    // --- verification ----------------------------------------------------------------------------

    @Test
    void anEmptyLedgerIsIntact() {
        assertThat(store.verifyLedger()).isEqualTo(new LedgerVerification.Intact(0, LedgerChain.GENESIS_HASH));
    }

    @ParameterizedTest(name = "page size {0}")
    @ValueSource(ints = {1, 3, 7, 1000})
    void anUntouchedLedgerIsIntactWhateverThePageSize(int pageSize) {
        List<LedgerEntry> appended = appendNumbered(7);

        assertThat(store.verifyLedger(pageSize))
                .isEqualTo(new LedgerVerification.Intact(7, appended.get(6).hash()));
    }

    @FunctionalInterface
    interface Tamper {
        void apply(Connection connection, PrivacyStore store) throws SQLException;
    }

    static Stream<Arguments> tampering() {
        return Stream.of(
                edit("choices", "'{\"necessary\":true,\"advertising\":true}'"),
                edit("occurred_at", "occurred_at + INTERVAL '1' SECOND"),
                edit("consent_id", "'someone-else'"),
                edit("policy_version", "'2099-01'"),
                edit("regime", "'CCPA'"),
                edit("law", "'none'"),
                edit("location_source", "'OVERRIDE'"),
                edit("country", "'US'"),
                edit("region", "NULL"),
                edit("method", "'API'"),
                edit("page", "'/elsewhere'"),
                edit("ip_hash", "NULL"),
                edit("user_agent", "'curl/8.0'"),
                edit("subject_id", "'user-9'"),
                edit("previous_hash", "'" + "1".repeat(64) + "'"),
                edit("hash", "'" + "1".repeat(64) + "'"),
                edit("regime", "'NO_SUCH_REGIME'"),
                edit("choices", "'not json'"),
                tamper("an edited record whose own hash was recomputed", 3, (connection, store) -> {
                    LedgerEntry third = store.ledger(2, 1).get(0);
                    ConsentEvent forged = withMethod(third.event(), ConsentMethod.API);
                    execute(connection, "UPDATE consent_ledger SET method = 'API', hash = '"
                            + Attacker.rehash(3, third.previousHash(), forged, connection) + "' WHERE sequence = 3");
                }),
                tamper("a deleted middle record", 3,
                        (connection, store) -> execute(connection, "DELETE FROM consent_ledger WHERE sequence = 3")),
                tamper("a deleted first record", 1,
                        (connection, store) -> execute(connection, "DELETE FROM consent_ledger WHERE sequence = 1")),
                tamper("a deleted last record", 5,
                        (connection, store) -> execute(connection, "DELETE FROM consent_ledger WHERE sequence = 5")),
                tamper("a deleted tail of two", 4,
                        (connection, store) -> execute(connection, "DELETE FROM consent_ledger WHERE sequence >= 4")),
                tamper("two records' contents swapped", 2, (connection, store) -> swapContents(connection, 2, 4)),
                tamper("two records' sequence numbers swapped", 2, (connection, store) -> {
                    execute(connection, "UPDATE consent_ledger SET sequence = -2 WHERE sequence = 2");
                    execute(connection, "UPDATE consent_ledger SET sequence = 2 WHERE sequence = 4");
                    execute(connection, "UPDATE consent_ledger SET sequence = 4 WHERE sequence = -2");
                }),
                tamper("a record copied beyond the head", 6, (connection, store) -> execute(connection,
                        "INSERT INTO consent_ledger (sequence, " + NON_KEY_COLUMNS + ") SELECT 6, "
                                + NON_KEY_COLUMNS + " FROM consent_ledger WHERE sequence = 5")),
                tamper("the head moved back by one", 5, (connection, store) -> execute(connection,
                        "UPDATE ledger_head SET last_sequence = 4, last_hash = (SELECT hash FROM consent_ledger"
                                + " WHERE sequence = 4)")),
                tamper("the head's hash replaced", 5, (connection, store) -> execute(connection,
                        "UPDATE ledger_head SET last_hash = '" + "2".repeat(64) + "'")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void tampering(String what, long brokenAt, Tamper tamper) throws SQLException {
        appendNumbered(5);
        try (Connection connection = rawConnection()) {
            tamper.apply(connection, store);
        }

        for (LedgerVerification verification : List.of(store.verifyLedger(), store.verifyLedger(2))) {
            assertThat(verification).as(what).isInstanceOfSatisfying(LedgerVerification.Broken.class,
                    broken -> assertThat(broken.sequence()).as(broken.reason()).isEqualTo(brokenAt));
        }
    }

    // --- attacks by someone with database access but no ledger key ------------------------------

    @Test
    void aRecomputedChainAndHeadIsDetected() throws SQLException {
        List<LedgerEntry> appended = appendNumbered(5);
        try (Connection connection = rawConnection()) {
            // Record 3 says "advertising granted"; every later hash and the head are recomputed.
            String previous = appended.get(1).hash();
            for (int sequence = 3; sequence <= 5; sequence++) {
                LedgerEntry entry = appended.get(sequence - 1);
                ConsentEvent event = sequence == 3 ? withMethod(entry.event(), ConsentMethod.API) : entry.event();
                String hash = Attacker.rehash(sequence, previous, event, connection);
                execute(connection, "UPDATE consent_ledger SET method = '" + event.method().name() + "', previous_hash = '"
                        + previous + "', hash = '" + hash + "' WHERE sequence = " + sequence);
                previous = hash;
            }
            execute(connection, "UPDATE ledger_head SET last_hash = '" + previous + "' WHERE id = 1");
        }

        assertThat(store.verifyLedger()).isInstanceOfSatisfying(LedgerVerification.Broken.class,
                broken -> assertThat(broken.sequence()).as(broken.reason()).isEqualTo(3));
    }

    @Test
    void aCutTailWithTheHeadMovedBackIsDetected() throws SQLException {
        List<LedgerEntry> appended = appendNumbered(5);
        try (Connection connection = rawConnection()) {
            execute(connection, "DELETE FROM consent_ledger WHERE sequence > 3");
            execute(connection, "UPDATE ledger_head SET last_sequence = 3, last_hash = '"
                    + appended.get(2).hash() + "' WHERE id = 1");
        }

        assertThat(store.verifyLedger()).isInstanceOfSatisfying(LedgerVerification.Broken.class,
                broken -> assertThat(broken.sequence()).as(broken.reason()).isEqualTo(4));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "UPDATE subject_link SET subject_id = 'mallory' WHERE consent_id = 'c-2'",
            "UPDATE subject_link SET consent_id = 'c-9' WHERE consent_id = 'c-2'",
            "DELETE FROM subject_link WHERE consent_id = 'c-2'",
            "DELETE FROM subject_link WHERE consent_id = 'c-3'",
            "INSERT INTO subject_link (consent_id, subject_id, linked_at) SELECT 'c-9', subject_id, linked_at"
                    + " FROM subject_link WHERE consent_id = 'c-1'"})
    void anEditedSubjectLinkIsDetected(String attack) throws SQLException {
        Instant t = Instant.parse("2024-05-01T10:00:00Z");
        store.linkSubject("c-1", "alice", t);
        store.linkSubject("c-2", "alice", t.plusSeconds(1));
        store.linkSubject("c-3", "bob", t.plusSeconds(2));
        try (Connection connection = rawConnection()) {
            execute(connection, attack);
        }

        assertThat(store.verifyLedger()).as(attack).isInstanceOf(LedgerVerification.Broken.class);
    }

    @Test
    void aHeadMovedBackAndUnsealedIsNotSealedAgainByTheNextAppend() throws SQLException {
        List<LedgerEntry> appended = appendNumbered(5);
        try (Connection connection = rawConnection()) {
            execute(connection, "DELETE FROM consent_ledger WHERE sequence > 3");
            execute(connection, "UPDATE ledger_head SET last_sequence = 3, last_hash = '" + appended.get(2).hash()
                    + "', key_id = NULL, mac = NULL WHERE id = 1");
        }

        store.appendConsent(event("after-the-cut"));

        assertThat(store.verifyLedger()).isInstanceOfSatisfying(LedgerVerification.Broken.class,
                broken -> assertThat(broken.reason()).contains("head"));
    }

    /**
     * The store keeps the head it wrote last and moves it on with a guarded update; a head whose
     * seal alone was changed (the chain untouched) must still be reported, not sealed again.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "seal removed | key_id = NULL, mac = NULL",
        "seal forged  | mac = 'ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff'",
    })
    void aHeadWhoseSealAloneWasChangedIsStillReportedAfterTheNextAppend(String change, String assignment)
            throws SQLException {
        appendNumbered(3);
        try (Connection connection = rawConnection()) {
            execute(connection, "UPDATE ledger_head SET " + assignment + " WHERE id = 1");
        }

        store.appendConsent(event("after-the-change"));

        assertThat(store.verifyLedger()).as(change).isInstanceOfSatisfying(LedgerVerification.Broken.class,
                broken -> assertThat(broken.reason()).contains("head"));
    }

    @Test
    void aTailCheckReadsOnlyTheLastRecords() throws SQLException {
        appendNumbered(10);
        try (Connection connection = rawConnection()) {
            execute(connection, "UPDATE consent_ledger SET method = 'API' WHERE sequence = 2");
        }

        assertThat(store.verifyLedgerTail(5)).isInstanceOfSatisfying(LedgerVerification.Intact.class,
                intact -> assertThat(intact.entries()).isEqualTo(5));
        assertThat(store.verifyLedgerTail(9)).isInstanceOfSatisfying(LedgerVerification.Broken.class,
                broken -> assertThat(broken.sequence()).isEqualTo(2));
        assertThat(store.verifyLedger()).isInstanceOf(LedgerVerification.Broken.class);
    }

    static Stream<Arguments> startupChecks() {
        return Stream.of(
                Arguments.of(LedgerSettings.VerifyOnStart.TAIL, false, "broken"),
                Arguments.of(LedgerSettings.VerifyOnStart.FULL, false, "broken"),
                Arguments.of(LedgerSettings.VerifyOnStart.NONE, false, "none"),
                Arguments.of(LedgerSettings.VerifyOnStart.TAIL, true, "intact"),
                Arguments.of(LedgerSettings.VerifyOnStart.FULL, true, "intact"));
    }

    @ParameterizedTest(name = "verify-on-start {0}, untouched {1}: {2}")
    @MethodSource("startupChecks")
    void theCheckOnOpeningIsKeptAndABrokenLedgerMakesTheStoreUnhealthy(LedgerSettings.VerifyOnStart check,
                                                                       boolean untouched, String outcome)
            throws SQLException {
        appendNumbered(5);
        store.close();
        if (!untouched) {
            try (Connection connection = rawConnection()) {
                execute(connection, "UPDATE consent_ledger SET country = 'FR' WHERE sequence = 4");
            }
        }

        store = JdbcPrivacyStore.open(settings.withLedger(LedgerFixtures.KEYED.withVerifyOnStart(check)));

        switch (outcome) {
            case "none" -> assertThat(store.startupVerification()).isEmpty();
            case "intact" -> assertThat(store.startupVerification()).get().isEqualTo(store.verifyLedger());
            default -> assertThat(store.startupVerification()).get()
                    .isInstanceOfSatisfying(LedgerVerification.Broken.class,
                            broken -> assertThat(broken.sequence()).isEqualTo(4));
        }
        assertThat(store.isHealthy()).isEqualTo(!outcome.equals("broken"));
    }

    @Test
    void recordsSealedWithAnOlderKeyVerifyWhileThatKeyIsKept() {
        appendNumbered(2);
        store.close();
        LedgerKeys rotated = LedgerKeys.of(List.of(LedgerFixtures.OTHER_KEY, LedgerFixtures.KEY));
        store = JdbcPrivacyStore.open(settings.withLedger(new LedgerSettings(rotated,
                LedgerSettings.VerifyOnStart.NONE, 10)));
        LedgerEntry third = store.appendConsent(event(3));

        assertThat(store.ledger(0, 10)).extracting(entry -> entry.seal().keyId()).containsExactly("k1", "k1", "k2");
        assertThat(store.verifyLedger()).isEqualTo(new LedgerVerification.Intact(3, third.hash()));

        store.close();
        store = JdbcPrivacyStore.open(settings.withLedger(new LedgerSettings(LedgerKeys.of(List.of(
                LedgerFixtures.OTHER_KEY)), LedgerSettings.VerifyOnStart.NONE, 10)));
        assertThat(store.verifyLedger()).isInstanceOfSatisfying(LedgerVerification.Broken.class,
                broken -> assertThat(broken.reason()).as(broken.reason()).contains("'k1'", "not configured"));
    }

    @Test
    void theOperatorsCheckAnswersWithAStatusAndTheFirstBadRecord() throws SQLException {
        appendNumbered(3);

        assertThat(LedgerCheck.verify(store, null)).isEqualTo(new LedgerCheck.Response(200,
                store.verifyLedger().toJson()));
        assertThat(LedgerCheck.verify(store, "2").status()).isEqualTo(200);
        for (String bad : new String[] {"0", "-1", "ten", "", "100000000000"}) {
            assertThat(LedgerCheck.verify(store, bad).status()).as(bad).isEqualTo(400);
        }
        try (Connection connection = rawConnection()) {
            execute(connection, "UPDATE consent_ledger SET page = '/other' WHERE sequence = 2");
        }
        LedgerCheck.Response broken = LedgerCheck.verify(store, null);
        assertThat(broken.status()).isEqualTo(409);
        assertThat(broken.json()).contains("\"intact\":false", "\"part\":\"records\"", "\"sequence\":2");
    }

    // --- erasure ---------------------------------------------------------------------------------

    @Test
    void erasingASubjectLeavesNoTraceOfTheIdAndTheLedgerStillVerifies() throws SQLException {
        Instant t = Instant.parse("2024-05-01T10:00:00Z");
        store.linkSubject("c-1", "alice", t);
        store.linkSubject("c-2", "alice", t.plusSeconds(1));
        store.linkSubject("c-3", "bob", t.plusSeconds(2));
        store.appendConsent(withSubject(event("c-1"), "alice"));
        store.appendConsent(withSubject(event("c-3"), "bob"));

        assertThat(store.eraseSubject("alice")).isEqualTo(new SubjectErasure(2, 1, 0));

        assertThat(store.consentIdsOfSubject("alice")).isEmpty();
        assertThat(store.subjectOfConsent("c-1")).isEmpty();
        assertThat(store.consentIdsOfSubject("bob")).containsExactly("c-3");
        assertThat(store.consentHistory("c-3").get(0).event().subjectId()).isEqualTo("bob");
        assertThat(store.consentHistory("c-1").get(0).event().subjectId()).isNull();
        assertThat(store.verifyLedger()).isInstanceOfSatisfying(LedgerVerification.Intact.class, intact -> {
            assertThat(intact.entries()).isEqualTo(2);
            assertThat(intact.links()).isEqualTo(3 + 3);
        });
        try (Connection connection = rawConnection()) {
            assertThat(count(connection, "SELECT COUNT(*) FROM subject_link WHERE subject_id = 'alice'"
                    + " OR (kind = 'LINK' AND subject_id IS NULL AND salt IS NOT NULL)")).isZero();
            assertThat(count(connection, "SELECT COUNT(*) FROM consent_ledger WHERE subject_id = 'alice'"
                    + " OR (subject_id IS NULL AND subject_salt IS NOT NULL)")).isZero();
        }
        assertThat(store.eraseSubject("alice")).isEqualTo(new SubjectErasure(0, 0, 0));
    }

    static Stream<Arguments> erasuresWithoutTheStore() {
        return Stream.of(
                Arguments.of("a link's subject removed", "UPDATE subject_link SET subject_id = NULL, salt = NULL"
                        + " WHERE consent_id = 'c-1'"),
                Arguments.of("a record's subject removed", "UPDATE consent_ledger SET subject_id = NULL,"
                        + " subject_salt = NULL WHERE consent_id = 'c-1'"),
                Arguments.of("an erasure's commitment pointed at bob", "UPDATE subject_link SET subject_commitment ="
                        + " (SELECT subject_commitment FROM subject_link WHERE consent_id = 'c-3' AND kind = 'LINK')"
                        + " WHERE kind = 'ERASURE' AND consent_id = 'c-2'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("erasuresWithoutTheStore")
    void aSubjectRemovedWithoutARecordedErasureIsDetected(String what, String attack) throws SQLException {
        Instant t = Instant.parse("2024-05-01T10:00:00Z");
        store.linkSubject("c-1", "alice", t);
        store.linkSubject("c-2", "carol", t);
        store.linkSubject("c-3", "bob", t);
        store.appendConsent(withSubject(event("c-1"), "alice"));
        store.eraseSubject("carol");
        try (Connection connection = rawConnection()) {
            execute(connection, attack);
        }

        assertThat(store.verifyLedger()).as(what).isInstanceOf(LedgerVerification.Broken.class);
    }

    // --- a ledger from before version 3 ----------------------------------------------------------

    @Test
    void aLedgerFromBeforeKeysVerifiesAsUnkeyedUpToItsLastRecordAndIsSealedFromThenOn() throws Exception {
        StoreSettings old = freshDatabase();
        List<LedgerEntry> legacy = new ArrayList<>();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(old.url());
        config.setUsername(old.user());
        config.setPassword(old.password());
        config.setMaximumPoolSize(3); // Flyway holds two
        try (HikariDataSource pool = new HikariDataSource(config); Connection connection = pool.getConnection()) {
            Migrations.migrate(pool, "2");
            long sequence = 0;
            String hash = LedgerChain.GENESIS_HASH;
            for (int n = 1; n <= 3; n++) {
                ConsentEvent event = n == 2 ? withSubject(event(n), "alice") : event(n);
                LedgerEntry entry = LedgerChain.link(sequence, hash, event);
                legacy.add(entry);
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO consent_ledger (sequence, "
                        + NON_KEY_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    int i = 0;
                    insert.setLong(++i, entry.sequence());
                    insert.setString(++i, event.consentId());
                    insert.setObject(++i, java.time.OffsetDateTime.ofInstant(event.at(), java.time.ZoneOffset.UTC));
                    insert.setString(++i, event.policyVersion());
                    insert.setString(++i, event.regime().name());
                    insert.setString(++i, event.law());
                    insert.setString(++i, event.locationSource().name());
                    insert.setString(++i, event.country());
                    insert.setString(++i, event.region());
                    insert.setString(++i, new com.fasterxml.jackson.databind.ObjectMapper()
                            .writeValueAsString(event.choices()));
                    insert.setString(++i, event.method().name());
                    insert.setString(++i, event.page());
                    insert.setString(++i, event.ipHash());
                    insert.setString(++i, event.userAgent());
                    insert.setString(++i, event.subjectId());
                    insert.setString(++i, entry.previousHash());
                    insert.setString(++i, entry.hash());
                    insert.executeUpdate();
                }
                sequence = entry.sequence();
                hash = entry.hash();
            }
            execute(connection, "UPDATE ledger_head SET last_sequence = 3, last_hash = '" + hash + "' WHERE id = 1");
            execute(connection, "INSERT INTO subject_link (consent_id, subject_id, linked_at) VALUES"
                    + " ('consent-2', 'alice', TIMESTAMP WITH TIME ZONE '2024-05-01 10:00:00+00')");
            execute(connection, "INSERT INTO subject_link (consent_id, subject_id, linked_at) VALUES"
                    + " ('consent-3', 'bob', TIMESTAMP WITH TIME ZONE '2024-05-01 10:00:01+00')");
        }

        try (JdbcPrivacyStore upgraded = JdbcPrivacyStore.open(old.withLedger(LedgerFixtures.KEYED))) {
            assertThat(upgraded.ledger(0, 10)).containsExactlyElementsOf(legacy);
            assertThat(upgraded.verifyLedger()).as("legacy, unkeyed up to sequence 3")
                    .isEqualTo(new LedgerVerification.Intact(3, legacy.get(2).hash(), 3, 2));
            assertThat(upgraded.consentIdsOfSubject("alice")).containsExactly("consent-2");

            LedgerEntry sealed = upgraded.appendConsent(event(4));

            assertThat(sealed.seal().isSealed()).isTrue();
            assertThat(upgraded.verifyLedger()).isEqualTo(new LedgerVerification.Intact(4, sealed.hash(), 3, 2));
            assertThat(upgraded.eraseSubject("alice")).isEqualTo(new SubjectErasure(1, 0, 1));
            assertThat(upgraded.verifyLedger()).isEqualTo(new LedgerVerification.Intact(4, sealed.hash(), 3, 3));
            try (Connection connection = rawConnection(old)) {
                execute(connection, "UPDATE subject_link SET subject_id = 'mallory' WHERE consent_id = 'consent-3'");
            }
            assertThat(upgraded.verifyLedger()).isInstanceOfSatisfying(LedgerVerification.Broken.class,
                    broken -> assertThat(broken.part()).isEqualTo(LedgerVerification.Part.SUBJECT_LINKS));
        }
    }

    // --- concurrency -----------------------------------------------------------------------------

    @Test
    void concurrentAppendsFromEightThreadsMakeOneChainWithoutGaps() throws Exception {
        int threads = 8;
        int each = 40;

        List<List<LedgerEntry>> results = appendConcurrently(List.of(store), threads, each);

        assertThat(store.verifyLedger()).isInstanceOfSatisfying(LedgerVerification.Intact.class,
                intact -> assertThat(intact.entries()).isEqualTo(threads * each));
        assertThat(store.ledger(0, threads * each + 1)).extracting(LedgerEntry::sequence)
                .containsExactlyElementsOf(range(1, threads * each));
        for (int t = 0; t < threads; t++) {
            assertThat(store.consentHistory("thread-" + t)).containsExactlyElementsOf(results.get(t));
        }
    }

    @Test
    void twoStoresOnOneDatabaseAppendingAtOnceMakeOneChain() throws Exception {
        try (JdbcPrivacyStore other = JdbcPrivacyStore.open(settings)) {
            appendConcurrently(List.of(store, other), 8, 25);

            assertThat(other.verifyLedger()).isInstanceOfSatisfying(LedgerVerification.Intact.class,
                    intact -> assertThat(intact.entries()).isEqualTo(200));
            assertThat(store.verifyLedger()).isEqualTo(other.verifyLedger());
        }
    }

    @Test
    void verifyingWhileOthersAppendSeesAnIntactChain() throws Exception {
        ExecutorService appenders = Executors.newFixedThreadPool(1);
        try {
            Future<List<List<LedgerEntry>>> appending =
                    appenders.submit(() -> appendConcurrently(List.of(store), 4, 50));
            List<LedgerVerification> seen = new ArrayList<>();
            while (!appending.isDone()) {
                seen.add(store.verifyLedger(7));
            }
            appending.get();
            seen.add(store.verifyLedger(7));

            assertThat(seen).allSatisfy(verification -> assertThat(verification.isIntact()).isTrue());
            assertThat(seen.get(seen.size() - 1)).isInstanceOfSatisfying(LedgerVerification.Intact.class,
                    intact -> assertThat(intact.entries()).isEqualTo(200));
        } finally {
            appenders.shutdownNow();
        }
    }

    // --- subjects --------------------------------------------------------------------------------

    @Test
    void linkingIsIdempotent() {
        Instant t = Instant.parse("2024-05-01T10:00:00Z");
        store.linkSubject("c-1", "user-1", t);
        store.linkSubject("c-1", "user-1", t.plusSeconds(60));
        store.linkSubject("c-2", "user-1", t.plusSeconds(30));

        assertThat(store.consentIdsOfSubject("user-1")).containsExactly("c-1", "c-2");
        assertThat(store.subjectOfConsent("c-1")).contains("user-1");
    }

    @Test
    void aConsentSharedByTwoPeopleBelongsToTheOneLinkedLast() {
        Instant t = Instant.parse("2024-05-01T10:00:00Z");
        store.linkSubject("shared-browser", "alice", t);
        store.linkSubject("shared-browser", "bob", t.plusSeconds(1));

        assertThat(store.subjectOfConsent("shared-browser")).contains("bob");
        assertThat(store.consentIdsOfSubject("alice")).containsExactly("shared-browser");
        assertThat(store.consentIdsOfSubject("carol")).isEmpty();
        assertThat(store.subjectOfConsent("unknown")).isEmpty();
    }

    // --- lifecycle -------------------------------------------------------------------------------

    @Test
    void reopeningKeepsTheLedgerAndContinuesTheChain() {
        List<LedgerEntry> before = appendNumbered(3);
        store.close();

        store = JdbcPrivacyStore.open(settings);
        LedgerEntry next = store.appendConsent(event("after-reopen"));

        assertThat(store.ledger(0, 10)).startsWith(before.toArray(LedgerEntry[]::new));
        assertThat(next.sequence()).isEqualTo(4);
        assertThat(next.previousHash()).isEqualTo(before.get(2).hash());
        assertThat(store.verifyLedger()).isEqualTo(new LedgerVerification.Intact(4, next.hash()));
    }

    @Test
    void anAppsOwnPoolOnADatabaseWithItsOwnTablesWorks() throws SQLException {
        try (Connection connection = rawConnection()) {
            define(connection, "CREATE TABLE app_account (id INTEGER PRIMARY KEY, email VARCHAR(100))");
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(settings.url());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(2);
        try (HikariDataSource appPool = new HikariDataSource(config)) {
            JdbcPrivacyStore shared = JdbcPrivacyStore.open(appPool);
            LedgerEntry entry = shared.appendConsent(event("c-app"));
            shared.close();

            assertThat(appPool.isClosed()).as("the app's pool stays the app's").isFalse();
            assertThat(store.consentHistory("c-app")).containsExactly(entry);
        }
    }

    @Test
    void aPoolOfOneConnectionIsEnoughToMigrateAndWork() throws Exception {
        StoreSettings fresh = freshDatabase();
        StoreSettings single = new StoreSettings(fresh.url(), fresh.user(), fresh.password(), 1, LedgerFixtures.KEYED);
        try (JdbcPrivacyStore small = JdbcPrivacyStore.open(single)) {
            LedgerEntry entry = small.appendConsent(event("c-1"));

            assertThat(small.verifyLedger()).isEqualTo(new LedgerVerification.Intact(1, entry.hash()));
        }
    }

    @Test
    void aStoreIsHealthyUntilClosed() {
        assertThat(store.isHealthy()).isTrue();

        store.close();

        assertThat(store.isHealthy()).isFalse();
    }

    // --- helpers ---------------------------------------------------------------------------------

    private Connection rawConnection() throws SQLException {
        return rawConnection(settings);
    }

    private static Connection rawConnection(StoreSettings settings) throws SQLException {
        return DriverManager.getConnection(settings.url(), settings.user(), settings.password());
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private List<LedgerEntry> appendNumbered(int count) {
        List<LedgerEntry> entries = new ArrayList<>();
        for (int n = 1; n <= count; n++) {
            entries.add(store.appendConsent(event(n)));
        }
        return entries;
    }

    /** {@code threads} threads, spread over the stores, each appending {@code each} events of its own consent id. */
    private static List<List<LedgerEntry>> appendConcurrently(List<? extends PrivacyStore> stores, int threads,
                                                              int each) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<List<LedgerEntry>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                PrivacyStore target = stores.get(t % stores.size());
                String consentId = "thread-" + t;
                futures.add(pool.submit(() -> {
                    start.await();
                    List<LedgerEntry> mine = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        mine.add(target.appendConsent(event(consentId)));
                    }
                    return mine;
                }));
            }
            start.countDown();
            List<List<LedgerEntry>> results = new ArrayList<>();
            for (Future<List<LedgerEntry>> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(1, TimeUnit.MINUTES);
        }
    }

    private static void swapContents(Connection connection, long a, long b) throws SQLException {
        List<Object> rowA = row(connection, a);
        List<Object> rowB = row(connection, b);
        update(connection, a, rowB);
        update(connection, b, rowA);
    }

    private static List<Object> row(Connection connection, long sequence) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT " + NON_KEY_COLUMNS + " FROM consent_ledger WHERE sequence = ?")) {
            ps.setLong(1, sequence);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                List<Object> values = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    values.add(rs.getObject(i));
                }
                return values;
            }
        }
    }

    private static void update(Connection connection, long sequence, List<Object> values) throws SQLException {
        String assignments = String.join(" = ?, ", NON_KEY_COLUMNS.split(",\\s*")) + " = ?";
        try (PreparedStatement ps = connection.prepareStatement(
                "UPDATE consent_ledger SET " + assignments + " WHERE sequence = ?")) {
            for (int i = 0; i < values.size(); i++) {
                ps.setObject(i + 1, values.get(i));
            }
            ps.setLong(values.size() + 1, sequence);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            assertThat(statement.executeUpdate(sql)).as(sql).isPositive();
        }
    }

    private static void define(Connection connection, String ddl) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(ddl);
        }
    }

    private static Arguments edit(String column, String value) {
        return tamper("record 3's " + column + " set to " + value, 3, (connection, store) -> execute(connection,
                "UPDATE consent_ledger SET " + column + " = " + value + " WHERE sequence = 3"));
    }

    private static Arguments tamper(String what, long brokenAt, Tamper tamper) {
        return Arguments.of(what, brokenAt, tamper);
    }

    private static List<Long> range(long first, long last) {
        return LongStream.rangeClosed(first, last).boxed().toList();
    }

    private static ConsentEvent withSubject(ConsentEvent e, String subjectId) {
        return new ConsentEvent(e.consentId(), e.at(), e.policyVersion(), e.regime(), e.law(), e.locationSource(),
                e.country(), e.region(), e.choices(), e.method(), e.page(), e.ipHash(), e.userAgent(), subjectId);
    }

    private static ConsentEvent withMethod(ConsentEvent e, ConsentMethod method) {
        return new ConsentEvent(e.consentId(), e.at(), e.policyVersion(), e.regime(), e.law(), e.locationSource(),
                e.country(), e.region(), e.choices(), method, e.page(), e.ipHash(), e.userAgent(), e.subjectId());
    }
}
