package io.privacykit.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Policy versions in natural order: numbers as numbers, the rest character by character. */
class PolicyVersionsTest {

    @ParameterizedTest(name = "{0} < {1}")
    @CsvSource(textBlock = """
            2020-04-01,  2022-04-01
            2022-03-31,  2022-04-01
            2022-04-01,  2022-04-02
            1.9,         1.10
            1.2,         1.10.1
            1.10,        1.10.1
            1,           2
            9,           10
            v2,          v10
            v1.9,        v1.10
            2020,        2020a
            1.0-beta,    1.0-rc
            007,         8
            18446744073709551616, 18446744073709551617
            99999999999999999999, 100000000000000000000
            1.04,        1.4
            """)
    void orderedBefore(String earlier, String later) {
        assertThat(PolicyVersions.compare(earlier, later)).isNegative();
        assertThat(PolicyVersions.compare(later, earlier)).isPositive();
        assertThat(PolicyVersions.isBefore(earlier, later)).isTrue();
        assertThat(PolicyVersions.isBefore(later, earlier)).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"2020-04-01", "1.10", "v3", "''", "0", "Política 2"})
    void aVersionIsNotBeforeItself(String version) {
        assertThat(PolicyVersions.compare(version, version)).isZero();
        assertThat(PolicyVersions.isBefore(version, version)).isFalse();
    }

    @Test
    void sortsAMixedList() {
        List<String> versions = new ArrayList<>(List.of("1.10", "1.9", "1.9.1", "2", "1", "1.0", "10", "1.10-rc"));

        versions.sort(PolicyVersions.ORDER);

        assertThat(versions).containsExactly("1", "1.0", "1.9", "1.9.1", "1.10", "1.10-rc", "2", "10");
    }
}
