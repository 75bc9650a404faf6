package io.privacykit.consent;

import io.privacykit.geo.LocationSource;
import io.privacykit.jurisdiction.Regime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Consent events and chains for ledger tests. */
public final class LedgerFixtures {

    public static final Instant T0 = Instant.parse("2024-05-01T10:15:30.123456Z");

    /** A ledger key for tests (32 bytes of 'k'). */
    public static final SigningKey KEY = new SigningKey("k1", "k".repeat(32).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    /** Another one (32 bytes of 'm'). */
    public static final SigningKey OTHER_KEY = new SigningKey("k2", "m".repeat(32).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    /** The ledger keys of tests: {@link #KEY} alone. */
    public static final LedgerKeys KEYS = LedgerKeys.of(List.of(KEY));
    /** Ledger settings with {@link #KEYS} and no check on opening. */
    public static final LedgerSettings KEYED = new LedgerSettings(KEYS, LedgerSettings.VerifyOnStart.NONE,
            LedgerSettings.DEFAULT_VERIFY_TAIL);

    private LedgerFixtures() {
    }

    /** A fully populated event of a German visitor who accepted performance cookies only. */
    public static ConsentEvent event(String consentId) {
        Map<String, Boolean> choices = new LinkedHashMap<>();
        choices.put("necessary", true);
        choices.put("functionality", false);
        choices.put("performance", true);
        choices.put("advertising", false);
        return new ConsentEvent(consentId, T0, "2024-03", Regime.GDPR, "GDPR and ePrivacy Directive",
                LocationSource.DATABASE, "DE", "BE", choices, ConsentMethod.BANNER, "/pricing",
                "q1w2e3r4t5y6u7i8o9p0aa", "Mozilla/5.0 (X11; Linux x86_64)", null);
    }

    /** The n-th event of a chain: a different consent id and time for each. */
    public static ConsentEvent event(int n) {
        ConsentEvent base = event("consent-" + n);
        return new ConsentEvent(base.consentId(), T0.plusSeconds(n), base.policyVersion(), base.regime(),
                base.law(), base.locationSource(), base.country(), base.region(), base.choices(), base.method(),
                base.page(), base.ipHash(), base.userAgent(), base.subjectId());
    }

    /** A correctly chained ledger of {@code size} records. */
    public static List<LedgerEntry> chain(int size) {
        List<LedgerEntry> entries = new ArrayList<>();
        long sequence = 0;
        String hash = LedgerChain.GENESIS_HASH;
        for (int n = 1; n <= size; n++) {
            LedgerEntry entry = LedgerChain.link(sequence, hash, event(n));
            entries.add(entry);
            sequence = entry.sequence();
            hash = entry.hash();
        }
        return entries;
    }
}
