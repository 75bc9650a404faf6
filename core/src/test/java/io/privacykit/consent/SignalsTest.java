package io.privacykit.consent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which header values are a signal: exactly "1" (GPC specification section 3; DNT likewise), surrounding spaces aside. */
class SignalsTest {

    @ParameterizedTest(name = "Sec-GPC [{0}], DNT [{1}] -> gpc {2}, dnt {3}")
    @CsvSource(nullValues = "-", textBlock = """
            -,    -,    false, false
            1,    -,    true,  false
            -,    1,    false, true
            1,    1,    true,  true
            ' 1 ', 1,   true,  true
            0,    0,    false, false
            true, yes,  false, false
            '',   '',   false, false
            11,   1.0,  false, false
            """)
    void onlyExactlyOneIsASignal(String secGpc, String dnt, boolean gpc, boolean doNotTrack) {
        Signals signals = Signals.fromHeaders(secGpc, dnt);

        assertThat(signals).isEqualTo(new Signals(gpc, doNotTrack));
        assertThat(signals.gpc()).isEqualTo(gpc);
        assertThat(signals.dnt()).isEqualTo(doNotTrack);
    }
}
