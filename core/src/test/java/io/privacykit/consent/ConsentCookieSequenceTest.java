package io.privacykit.consent;

import static io.privacykit.consent.ConsentCookieCodecTest.K1;
import static io.privacykit.consent.ConsentCookieCodecTest.REFERENCE;
import static io.privacykit.consent.ConsentCookieCodecTest.REFERENCE_COOKIE;
import static io.privacykit.consent.ConsentCookieCodecTest.codec;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The consent cookie carries the ledger sequence of the record it copies, so that a newer record
 * (a withdrawal) can beat it; cookies written before it did stay readable.
 */
class ConsentCookieSequenceTest {

    @ParameterizedTest(name = "sequence {0}")
    @ValueSource(longs = {1, 42, 999_999_999_999L})
    void theSequenceRoundTripsInAV2Cookie(long sequence) {
        String cookie = codec(K1).encode(REFERENCE.withLedgerSequence(sequence));

        assertThat(cookie).startsWith("v2.k1.");
        assertThat(codec(K1).decode(cookie)).isEqualTo(new ConsentCookieResult.Valid(REFERENCE.withLedgerSequence(sequence)));
    }

    @Test
    void aCookieWithoutASequenceIsStillReadWithSequenceZero() {
        assertThat(REFERENCE_COOKIE).startsWith("v1.");
        ConsentCookieResult read = codec(K1).decode(REFERENCE_COOKIE);

        assertThat(read.consent()).hasValueSatisfying(state -> assertThat(state.ledgerSequence()).isZero());
        assertThat(read.consent()).contains(REFERENCE);
    }
}
