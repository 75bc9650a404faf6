package io.privacykit.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The keyed walk over records without a database: what a key adds to the hash chain. */
class LedgerAuditTest {

    private static List<LedgerEntry> sealed(int size, LedgerKeys keys) {
        List<LedgerEntry> entries = new ArrayList<>();
        long sequence = 0;
        String hash = LedgerChain.GENESIS_HASH;
        for (int n = 1; n <= size; n++) {
            LedgerEntry entry = LedgerChain.link(sequence, hash, LedgerFixtures.event(n), keys);
            entries.add(entry);
            sequence = entry.sequence();
            hash = entry.hash();
        }
        return entries;
    }

    private static LedgerVerification audit(List<LedgerEntry> entries, LedgerKeys keys, LedgerHead head) {
        LedgerAudit audit = new LedgerAudit(keys, head, Set.of());
        for (LedgerEntry entry : entries) {
            var broken = audit.record(entry);
            if (broken.isPresent()) {
                return broken.get();
            }
        }
        return audit.finish();
    }

    private static LedgerHead headOf(List<LedgerEntry> entries, LedgerKeys keys) {
        LedgerEntry last = entries.get(entries.size() - 1);
        return LedgerChain.head(last.sequence(), last.hash(), 0, LedgerChain.GENESIS_HASH, keys);
    }

    @Test
    void aSealedChainWithItsSealedHeadIsIntactAndFullyKeyed() {
        List<LedgerEntry> entries = sealed(4, LedgerFixtures.KEYS);

        assertThat(audit(entries, LedgerFixtures.KEYS, headOf(entries, LedgerFixtures.KEYS)))
                .isEqualTo(new LedgerVerification.Intact(4, entries.get(3).hash(), 0, 0));
    }

    @Test
    void aChainRecomputedWithAnotherKeyIsBrokenAtItsFirstRecord() {
        LedgerKeys intruder = LedgerKeys.of(List.of(new SigningKey("k1", new byte[32])));
        List<LedgerEntry> forged = sealed(4, intruder);

        assertThat(audit(forged, LedgerFixtures.KEYS, headOf(forged, intruder)))
                .isInstanceOfSatisfying(LedgerVerification.Broken.class,
                        broken -> assertThat(broken.sequence()).isEqualTo(1));
    }

    @Test
    void aRecordsMacIsNoHeadMac() {
        List<LedgerEntry> entries = sealed(4, LedgerFixtures.KEYS);
        LedgerEntry third = entries.get(2);
        LedgerHead movedBack = new LedgerHead(3, third.hash(), 0, LedgerChain.GENESIS_HASH, "k1", third.seal().mac());

        assertThat(audit(entries.subList(0, 3), LedgerFixtures.KEYS, movedBack))
                .isInstanceOfSatisfying(LedgerVerification.Broken.class,
                        broken -> assertThat(broken.sequence()).isEqualTo(4));
    }

    @Test
    void derivedKeysDifferFromTheConsentKeysAndAreStable() {
        LedgerKeys derived = LedgerKeys.derivedFrom(List.of(LedgerFixtures.KEY));

        assertThat(derived.ids()).singleElement().asString().matches("d-[0-9a-f]{8}");
        assertThat(LedgerKeys.derivedFrom(List.of(LedgerFixtures.KEY))).isEqualTo(derived);
        assertThat(derived.key(derived.ids().get(0)).orElseThrow().secret()).isNotEqualTo(LedgerFixtures.KEY.secret());
        assertThat(LedgerFixtures.KEYS.followedBy(derived).ids()).containsExactly("k1", derived.ids().get(0));
    }

    @Test
    void theSubjectIsHashedOnlyAsACommitment() {
        ConsentEvent withSubject = new ConsentEvent("c-1", LedgerFixtures.T0, "v1", LedgerFixtures.event(1).regime(),
                "GDPR", LedgerFixtures.event(1).locationSource(), "DE", null, java.util.Map.of(),
                ConsentMethod.BANNER, null, null, null, "alice@example.com");
        LedgerEntry entry = LedgerChain.link(0, LedgerChain.GENESIS_HASH, withSubject, LedgerFixtures.KEYS);

        assertThat(entry.seal().subjectCommitment())
                .isEqualTo(LedgerChain.commitment(entry.seal().subjectSalt(), "alice@example.com"));
        assertThat(LedgerChain.hash(1, LedgerChain.GENESIS_HASH, new ConsentEvent("c-1", LedgerFixtures.T0, "v1",
                withSubject.regime(), "GDPR", withSubject.locationSource(), "DE", null, java.util.Map.of(),
                ConsentMethod.BANNER, null, null, null, null), entry.seal())).isEqualTo(entry.hash());
    }
}
