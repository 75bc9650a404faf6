package io.privacykit.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.privacykit.geo.IpLiteral;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IpHasherTest {

    private static final byte[] KEY = "a test key of thirty-two bytes!!".getBytes(StandardCharsets.US_ASCII);
    private final IpHasher hasher = new IpHasher(KEY);

    @ParameterizedTest(name = "{0} and {1}: same network")
    @CsvSource({
            "81.2.69.142,   81.2.69.1",
            "81.2.69.0,     81.2.69.255",
            "2001:db8:85a3::1,                 2001:db8:85a3:ffff:ffff:ffff:ffff:ffff",
            "2001:db8:85a3:1:2:3:4:5,          2001:db8:85a3::",
            "::ffff:81.2.69.142,               81.2.69.7",
    })
    void addressesOfOneNetworkShareAHash(String a, String b) {
        assertThat(hasher.hash(ip(a))).isEqualTo(hasher.hash(ip(b)));
    }

    @ParameterizedTest(name = "{0} and {1}: different networks")
    @CsvSource({
            "81.2.69.142,        81.2.70.142",
            "81.2.69.142,        82.2.69.142",
            "2001:db8:85a3::1,   2001:db8:85a4::1",
            "2001:db8:85a3::1,   2001:db9:85a3::1",
            "0.0.0.0,            ::",
    })
    void addressesOfDifferentNetworksDoNot(String a, String b) {
        assertThat(hasher.hash(ip(a))).isNotEqualTo(hasher.hash(ip(b)));
    }

    @Test
    void theKeyMatters() {
        byte[] other = KEY.clone();
        other[0] ^= 1;

        assertThat(new IpHasher(other).hash(ip("81.2.69.142"))).isNotEqualTo(hasher.hash(ip("81.2.69.142")));
    }

    @Test
    void theKeyIsCopied() {
        byte[] key = KEY.clone();
        IpHasher copied = new IpHasher(key);
        Arrays.fill(key, (byte) 0);

        assertThat(copied.hash(ip("81.2.69.142"))).isEqualTo(hasher.hash(ip("81.2.69.142")));
    }

    @Test
    void theHashIsShortUrlSafeAndNoAddress() {
        String hash = hasher.hash(ip("81.2.69.142"));

        assertThat(hash).matches("[A-Za-z0-9_-]{22}").doesNotContain("81.2.69");
        assertThat(IpLiteral.parse(hash)).isEmpty();
    }

    @Test
    void shortKeysAreRefused() {
        assertThatThrownBy(() -> new IpHasher(new byte[15]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("16 bytes");
    }

    private static InetAddress ip(String literal) {
        return IpLiteral.parse(literal.trim()).orElseThrow();
    }
}
