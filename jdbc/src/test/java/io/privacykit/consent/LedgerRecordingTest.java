package io.privacykit.consent;

import static org.assertj.core.api.Assertions.assertThat;

import io.privacykit.geo.IpLiteral;
import io.privacykit.geo.Location;
import io.privacykit.geo.LocationSource;
import io.privacykit.jurisdiction.ConsentModel;
import io.privacykit.jurisdiction.Deadline;
import io.privacykit.jurisdiction.DeadlineUnit;
import io.privacykit.jurisdiction.Jurisdiction;
import io.privacykit.jurisdiction.Regime;
import io.privacykit.store.jdbc.JdbcPrivacyStore;
import io.privacykit.store.StoreSettings;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recording a consent change from a request's parts, on the embedded H2 store. */
class LedgerRecordingTest {

    private static final Instant NOW = Instant.parse("2025-01-15T09:30:00.250Z");
    private static final InetAddress VISITOR = IpLiteral.parse("81.2.69.142").orElseThrow();
    private static final Jurisdiction UK = new Jurisdiction(Regime.UK_GDPR, "UK GDPR and PECR",
            new Location("GB", "OXF", LocationSource.DATABASE), ConsentModel.OPT_IN,
            Deadline.of(1, DeadlineUnit.CALENDAR_MONTHS, 2), 13, false, Set.of());

    @TempDir
    Path dataDirectory;

    private JdbcPrivacyStore store;
    private IpHasher hasher;
    private ConsentLedger ledger;

    @BeforeEach
    void open() {
        store = JdbcPrivacyStore.open(new StoreSettings("jdbc:h2:file:" + dataDirectory.resolve("privacykit"),
                "", "", 2));
        hasher = new IpHasher("an ip hash key of 32 bytes......".getBytes(StandardCharsets.US_ASCII));
        ledger = new ConsentLedger(store, hasher, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aChangeIsRecordedWithItsLawAndWithoutTheAddress() {
        LedgerEntry entry = ledger.record("c-1", choices(true, false), "2025-01", UK, ConsentMethod.BANNER,
                "/signup?ref=mail", VISITOR, "Mozilla/5.0", null);

        ConsentEvent event = entry.event();
        assertThat(event.at()).isEqualTo(NOW);
        assertThat(event.regime()).isEqualTo(Regime.UK_GDPR);
        assertThat(event.law()).isEqualTo("UK GDPR and PECR");
        assertThat(event.locationSource()).isEqualTo(LocationSource.DATABASE);
        assertThat(event.country()).isEqualTo("GB");
        assertThat(event.region()).isEqualTo("OXF");
        assertThat(event.page()).isEqualTo("/signup");
        assertThat(event.ipHash()).isEqualTo(hasher.hash(VISITOR)).doesNotContain("81.2");
        assertThat(store.consentHistory("c-1")).containsExactly(entry);
    }

    @Test
    void aChangeWithoutAnAddressHasNoIpHash() {
        LedgerEntry entry = ledger.record("c-1", choices(false, false), "2025-01", UK, ConsentMethod.GPC,
                null, null, null, null);

        assertThat(entry.event().ipHash()).isNull();
    }

    @Test
    void aSignedInSubjectIsLinked() {
        ledger.record("c-1", choices(true, true), "2025-01", UK, ConsentMethod.API, "/account", VISITOR, "UA",
                "user-7");

        assertThat(store.consentIdsOfSubject("user-7")).containsExactly("c-1");
        assertThat(store.subjectOfConsent("c-1")).contains("user-7");
    }

    @Test
    void theReceiptMatchesTheLedgerAndAnAlteredOneDoesNot() {
        LedgerEntry entry = ledger.record("c-1", choices(true, false), "2025-01", UK, ConsentMethod.BANNER,
                "/", VISITOR, "UA", null);
        ConsentReceipt receipt = ledger.receipt(entry);

        assertThat(receipt.sequence()).isEqualTo(entry.sequence());
        assertThat(receipt.hash()).isEqualTo(entry.hash());
        assertThat(ledger.confirms(ConsentReceipt.parse(receipt.toJson()).orElseThrow())).isTrue();

        ConsentReceipt altered = ConsentReceipt.parse(
                receipt.toJson().replace("\"advertising\":false", "\"advertising\":true")).orElseThrow();
        assertThat(ledger.confirms(altered)).isFalse();
        assertThat(ledger.confirms(new ConsentReceipt("c-unknown", receipt.timestamp(), receipt.policyVersion(),
                receipt.jurisdiction(), receipt.choices(), receipt.method(), 1, receipt.hash(),
                receipt.previousHash()))).isFalse();
    }

    private static Map<String, Boolean> choices(boolean performance, boolean advertising) {
        Map<String, Boolean> choices = new LinkedHashMap<>();
        choices.put("necessary", true);
        choices.put("performance", performance);
        choices.put("advertising", advertising);
        return choices;
    }
}
