package io.privacykit.consent;

import static io.privacykit.consent.LedgerFixtures.chain;
import static io.privacykit.consent.LedgerFixtures.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.privacykit.geo.LocationSource;
import io.privacykit.jurisdiction.Regime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LedgerChainTest {

    private static final ConsentEvent BASE = event("c-1");

    @Test
    void firstRecordFollowsTheGenesisHash() {
        LedgerEntry first = LedgerChain.link(0, LedgerChain.GENESIS_HASH, BASE);

        assertThat(first.sequence()).isEqualTo(1);
        assertThat(first.previousHash()).isEqualTo("0".repeat(64));
        assertThat(first.hash()).matches("[0-9a-f]{64}").isNotEqualTo(LedgerChain.GENESIS_HASH);
    }

    @Test
    void theSerializationIsAFixedContract() {
        // Computed independently (a short Python script) from the format in LedgerChain's javadoc:
        // a verifier outside PrivacyKit recomputes this, so changing the format must be deliberate.
        assertThat(LedgerChain.hash(1, LedgerChain.GENESIS_HASH, BASE))
                .isEqualTo("3ec48aadd7829488fd47f42e2546a519b7065362a0152dfdb4b0e34d39b30a3e");
    }

    @Test
    void theOrderChoicesWereGivenInDoesNotChangeTheHash() {
        Map<String, Boolean> reversed = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(BASE.choices().keySet());
        for (int i = names.size() - 1; i >= 0; i--) {
            reversed.put(names.get(i), BASE.choices().get(names.get(i)));
        }
        ConsentEvent sameChoices = with(BASE, reversed);

        assertThat(LedgerChain.hash(1, LedgerChain.GENESIS_HASH, sameChoices))
                .isEqualTo(LedgerChain.hash(1, LedgerChain.GENESIS_HASH, BASE));
    }

    static Stream<Arguments> everyFieldIsCovered() {
        return Stream.<Arguments>of(
                edit("consentId", e -> new ConsentEvent("c-2", e.at(), e.policyVersion(), e.regime(), e.law(),
                        e.locationSource(), e.country(), e.region(), e.choices(), e.method(), e.page(), e.ipHash(),
                        e.userAgent(), e.subjectId())),
                edit("at, by a microsecond", e -> new ConsentEvent(e.consentId(), e.at().plusNanos(1_000),
                        e.policyVersion(), e.regime(), e.law(), e.locationSource(), e.country(), e.region(),
                        e.choices(), e.method(), e.page(), e.ipHash(), e.userAgent(), e.subjectId())),
                edit("policyVersion", e -> new ConsentEvent(e.consentId(), e.at(), "2024-04", e.regime(), e.law(),
                        e.locationSource(), e.country(), e.region(), e.choices(), e.method(), e.page(), e.ipHash(),
                        e.userAgent(), e.subjectId())),
                edit("regime", e -> new ConsentEvent(e.consentId(), e.at(), e.policyVersion(), Regime.CCPA, e.law(),
                        e.locationSource(), e.country(), e.region(), e.choices(), e.method(), e.page(), e.ipHash(),
                        e.userAgent(), e.subjectId())),
                edit("law", e -> new ConsentEvent(e.consentId(), e.at(), e.policyVersion(), e.regime(), "GDPR",
                        e.locationSource(), e.country(), e.region(), e.choices(), e.method(), e.page(), e.ipHash(),
                        e.userAgent(), e.subjectId())),
                edit("locationSource", e -> new ConsentEvent(e.consentId(), e.at(), e.policyVersion(), e.regime(),
                        e.law(), LocationSource.HEADER, e.country(), e.region(), e.choices(), e.method(), e.page(),
                        e.ipHash(), e.userAgent(), e.subjectId())),
                edit("country", e -> new ConsentEvent(e.consentId(), e.at(), e.policyVersion(), e.regime(), e.law(),
                        e.locationSource(), "AT", null, e.choices(), e.method(), e.page(), e.ipHash(),
                        e.userAgent(), e.subjectId())),
                edit("region", e -> new ConsentEvent(e.consentId(), e.at(), e.policyVersion(), e.regime(), e.law(),
                        e.locationSource(), e.country(), "BY", e.choices(), e.method(), e.page(), e.ipHash(),
                        e.userAgent(), e.subjectId())),
                edit("a choice flipped", e -> with(e, Map.of("necessary", true, "functionality", false,
                        "performance", false, "advertising", false))),
                edit("a choice removed", e -> with(e, Map.of("necessary", true, "functionality", false,
                        "performance", true))),
                edit("a choice renamed", e -> with(e, Map.of("necessary", true, "functionality", false,
                        "performance", true, "advertisinG", false))),
                edit("method", e -> new ConsentEvent(e.consentId(), e.at(), e.policyVersion(), e.regime(), e.law(),
                        e.locationSource(), e.country(), e.region(), e.choices(), ConsentMethod.API, e.page(),
                        e.ipHash(), e.userAgent(), e.subjectId())),
                edit("page", e -> new ConsentEvent(e.consentId(), e.at(), e.policyVersion(), e.regime(), e.law(),
                        e.locationSource(), e.country(), e.region(), e.choices(), e.method(), "/", e.ipHash(),
                        e.userAgent(), e.subjectId())),
                edit("page removed", e -> new ConsentEvent(e.consentId(), e.at(), e.policyVersion(), e.regime(),
                        e.law(), e.locationSource(), e.country(), e.region(), e.choices(), e.method(), null,
                        e.ipHash(), e.userAgent(), e.subjectId())),
                edit("ipHash", e -> new ConsentEvent(e.consentId(), e.at(), e.policyVersion(), e.regime(), e.law(),
                        e.locationSource(), e.country(), e.region(), e.choices(), e.method(), e.page(),
                        "AAAAAAAAAAAAAAAAAAAAAA", e.userAgent(), e.subjectId())),
                edit("userAgent", e -> new ConsentEvent(e.consentId(), e.at(), e.policyVersion(), e.regime(), e.law(),
                        e.locationSource(), e.country(), e.region(), e.choices(), e.method(), e.page(), e.ipHash(),
                        "curl/8.0", e.subjectId())),
                edit("subjectId", e -> new ConsentEvent(e.consentId(), e.at(), e.policyVersion(), e.regime(), e.law(),
                        e.locationSource(), e.country(), e.region(), e.choices(), e.method(), e.page(), e.ipHash(),
                        e.userAgent(), "user-42")),
                // Length prefixes: moving text from one field to the next must change the hash.
                edit("text shifted between page and ipHash", e -> new ConsentEvent(e.consentId(), e.at(),
                        e.policyVersion(), e.regime(), e.law(), e.locationSource(), e.country(), e.region(),
                        e.choices(), e.method(), "/pricingq1w2e3r4t5y6u7i8o9p0aa", null, e.userAgent(),
                        e.subjectId())),
                edit("text shifted between country and region", e -> new ConsentEvent(e.consentId(), e.at(),
                        e.policyVersion(), e.regime(), e.law(), e.locationSource(), "D", "EBE", e.choices(),
                        e.method(), e.page(), e.ipHash(), e.userAgent(), e.subjectId())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void everyFieldIsCovered(String field, UnaryOperator<ConsentEvent> change) {
        String original = LedgerChain.hash(1, LedgerChain.GENESIS_HASH, BASE);

        assertThat(LedgerChain.hash(1, LedgerChain.GENESIS_HASH, change.apply(BASE))).isNotEqualTo(original);
    }

    @Test
    void sequenceAndPreviousHashAreCovered() {
        String original = LedgerChain.hash(1, LedgerChain.GENESIS_HASH, BASE);

        assertThat(LedgerChain.hash(2, LedgerChain.GENESIS_HASH, BASE)).isNotEqualTo(original);
        assertThat(LedgerChain.hash(1, "1" + LedgerChain.GENESIS_HASH.substring(1), BASE)).isNotEqualTo(original);
    }

    @Test
    void anIntactChainVerifies() {
        List<LedgerEntry> entries = chain(5);

        assertThat(LedgerChain.verify(entries))
                .isEqualTo(new LedgerVerification.Intact(5, entries.get(4).hash(), 5, 0));
        assertThat(LedgerChain.verify(entries, 5, entries.get(4).hash()))
                .isEqualTo(new LedgerVerification.Intact(5, entries.get(4).hash(), 5, 0));
    }

    @Test
    void anEmptyLedgerIsIntactAtGenesis() {
        assertThat(LedgerChain.verify(List.of()))
                .isEqualTo(new LedgerVerification.Intact(0, LedgerChain.GENESIS_HASH));
        assertThat(LedgerChain.verify(List.of(), 0, LedgerChain.GENESIS_HASH))
                .isEqualTo(new LedgerVerification.Intact(0, LedgerChain.GENESIS_HASH));
    }

    static Stream<Arguments> tampering() {
        return Stream.of(
                tamper("an edited record", 3, entries -> {
                    LedgerEntry third = entries.get(2);
                    entries.set(2, new LedgerEntry(3, with(third.event(), Map.of("necessary", true,
                            "advertising", true)), third.previousHash(), third.hash()));
                }),
                tamper("an edited record whose own hash was recomputed", 4, entries -> {
                    LedgerEntry third = entries.get(2);
                    entries.set(2, LedgerChain.link(2, third.previousHash(), event(99)));
                }),
                tamper("a deleted middle record", 3, entries -> entries.remove(2)),
                tamper("a deleted first record", 1, entries -> entries.remove(0)),
                tamper("two records in swapped positions", 2, entries -> {
                    LedgerEntry second = entries.get(1);
                    entries.set(1, entries.get(3));
                    entries.set(3, second);
                }),
                tamper("two records' contents swapped, sequence numbers kept", 2, entries -> {
                    LedgerEntry second = entries.get(1);
                    LedgerEntry fourth = entries.get(3);
                    entries.set(1, new LedgerEntry(2, fourth.event(), fourth.previousHash(), fourth.hash()));
                    entries.set(3, new LedgerEntry(4, second.event(), second.previousHash(), second.hash()));
                }),
                tamper("a repeated record", 3, entries -> entries.add(3, entries.get(2))),
                tamper("a record with a forged previous hash", 2, entries -> {
                    LedgerEntry second = entries.get(1);
                    entries.set(1, new LedgerEntry(2, second.event(), LedgerChain.GENESIS_HASH, second.hash()));
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void tampering(String what, long brokenAt, Consumer<List<LedgerEntry>> change) {
        List<LedgerEntry> entries = new ArrayList<>(chain(5));
        String head = entries.get(4).hash();
        change.accept(entries);

        assertThat(LedgerChain.verify(entries)).isInstanceOfSatisfying(LedgerVerification.Broken.class,
                broken -> assertThat(broken.sequence()).isEqualTo(brokenAt));
        assertThat(LedgerChain.verify(entries, 5, head)).isInstanceOfSatisfying(LedgerVerification.Broken.class,
                broken -> assertThat(broken.sequence()).isEqualTo(brokenAt));
    }

    @Test
    void aCutOffTailIsFoundOnlyAgainstTheStoredHead() {
        List<LedgerEntry> entries = chain(5);
        String head = entries.get(4).hash();
        List<LedgerEntry> cut = entries.subList(0, 3);

        assertThat(LedgerChain.verify(cut)).isEqualTo(new LedgerVerification.Intact(3, entries.get(2).hash(), 3, 0));
        assertThat(LedgerChain.verify(cut, 5, head)).isInstanceOfSatisfying(LedgerVerification.Broken.class,
                broken -> assertThat(broken.sequence()).isEqualTo(4));
    }

    @Test
    void aHeadThatNamesAnotherHashIsBroken() {
        List<LedgerEntry> entries = chain(5);

        assertThat(LedgerChain.verify(entries, 5, LedgerChain.GENESIS_HASH))
                .isInstanceOfSatisfying(LedgerVerification.Broken.class,
                        broken -> assertThat(broken.sequence()).isEqualTo(5));
    }

    @Test
    void recordsBeyondTheHeadAreBroken() {
        List<LedgerEntry> entries = chain(5);

        assertThat(LedgerChain.verify(entries, 4, entries.get(3).hash()))
                .isInstanceOfSatisfying(LedgerVerification.Broken.class,
                        broken -> assertThat(broken.sequence()).isEqualTo(5));
    }

    private static Arguments edit(String field, UnaryOperator<ConsentEvent> change) {
        return Arguments.of(field, change);
    }

    private static Arguments tamper(String what, long brokenAt,
                                    Consumer<List<LedgerEntry>> change) {
        return Arguments.of(what, brokenAt, change);
    }

    private static ConsentEvent with(ConsentEvent e, Map<String, Boolean> choices) {
        return new ConsentEvent(e.consentId(), e.at(), e.policyVersion(), e.regime(), e.law(), e.locationSource(),
                e.country(), e.region(), choices, e.method(), e.page(), e.ipHash(), e.userAgent(), e.subjectId());
    }
}
