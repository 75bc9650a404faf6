package io.privacykit.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.privacykit.geo.IpLiteral;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConsentRateLimitTest {

    static InetAddress ip(String literal) {
        return IpLiteral.parse(literal).orElseThrow();
    }

    @ParameterizedTest(name = "{0} and {1} share a bucket: {2}")
    @CsvSource({
        "2.207.0.1,       2.207.0.254,       true",
        "2.207.0.1,       2.207.1.1,         false",
        "2001:db8:1::1,   2001:db8:1:ffff::9, true",
        "2001:db8:1::1,   2001:db8:2::1,     false",
        "1.2.3.4,         102:300::1,        false",
        "255.255.255.1,   2.207.0.1,         false",
    })
    void aNetworkIsASlash24OrASlash48(String a, String b, boolean same) {
        assertThat(ConsentRateLimit.network(ip(a)) == ConsentRateLimit.network(ip(b))).isEqualTo(same);
    }

    @Test
    void aBurstOfTheLimitPassesThenTheNextWaits() {
        ConsentRateLimit limit = new ConsentRateLimit(5);
        for (int i = 0; i < 5; i++) {
            assertThat(limit.tryChange(ip("2.207.0." + i))).isEmpty();
        }
        java.util.OptionalLong wait = limit.tryChange(ip("2.207.0.9"));
        assertThat(wait).isPresent();
        assertThat(wait.getAsLong()).isBetween(1L, 60L);
        assertThat(limit.tryChange(ip("128.32.0.1"))).isEmpty();
    }

    @Test
    void zeroMeansNoLimit() {
        ConsentRateLimit none = new ConsentRateLimit(0);
        for (int i = 0; i < 1_000; i++) {
            assertThat(none.tryChange(ip("2.207.0.1"))).isEmpty();
        }
    }
}
