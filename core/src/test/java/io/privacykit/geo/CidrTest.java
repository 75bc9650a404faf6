package io.privacykit.geo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.privacykit.geo.GeoTestData.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** CIDR ranges for trusted proxies and overrides: IPv4, IPv6, IPv4-mapped, and the prefix edges. */
class CidrTest {

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource({
            "10.0.0.0/8,          10.0.0.0,            true",
            "10.0.0.0/8,          10.255.255.255,      true",
            "10.0.0.0/8,          11.0.0.0,            false",
            "10.0.0.0/8,          9.255.255.255,       false",
            "10.1.2.3/8,          10.9.9.9,            true",
            "192.168.1.7,         192.168.1.7,         true",
            "192.168.1.7,         192.168.1.8,         false",
            "192.168.1.7/32,      192.168.1.7,         true",
            "192.168.1.128/25,    192.168.1.127,       false",
            "192.168.1.128/25,    192.168.1.255,       true",
            "172.16.0.0/12,       172.31.255.255,      true",
            "172.16.0.0/12,       172.32.0.0,          false",
            "0.0.0.0/0,           81.2.69.142,         true",
            "0.0.0.0/0,           ::1,                 false",
            "::/0,                2001:db8::1,         true",
            "::/0,                81.2.69.142,         false",
            "::1,                 ::1,                 true",
            "::1/128,             ::2,                 false",
            "2001:db8::/32,       2001:db8:ffff::1,    true",
            "2001:db8::/32,       2001:db9::,          false",
            "2001:db8::/33,       2001:db8:7fff::,     true",
            "2001:db8::/33,       2001:db8:8000::,     false",
            "2001:db8::1/127,     2001:db8::,          true",
            "2001:db8::1/127,     2001:db8::2,         false",
            "10.0.0.0/8,          ::ffff:10.1.2.3,     true",
            "::ffff:10.0.0.0/104, 10.200.0.1,          true",
            "::ffff:10.0.0.0/104, 11.0.0.1,            false",
            "::ffff:0:0/96,       81.2.69.142,         true",
            "::ffff:0:0/96,       2001:db8::1,         false",
    })
    void containment(String range, String address, boolean expected) {
        assertThat(Cidr.parse(range).contains(ip(address))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} is {1}/{2}")
    @CsvSource({
            "10.1.2.3/8,           10.0.0.0/8,      8",
            "' 192.168.0.1/16 ',   192.168.0.0/16,  16",
            "81.2.69.142,          81.2.69.142/32,  32",
            "2001:db8::1/32,       2001:db8:0:0:0:0:0:0/32, 32",
            "::ffff:10.1.0.0/112,  10.1.0.0/16,     16",
    })
    void normalisesToTheNetwork(String text, String expected, int prefixLength) {
        Cidr cidr = Cidr.parse(text);

        assertThat(cidr).hasToString(expected);
        assertThat(cidr.prefixLength()).isEqualTo(prefixLength);
        assertThat(cidr).isEqualTo(Cidr.parse(expected)).hasSameHashCodeAs(Cidr.parse(expected));
    }

    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource({
            "'',                   not an IP address",
            "/8,                   not an IP address",
            "example.com/8,        not an IP address",
            "10.0.0.0/8/8,         not a prefix length",
            "10.0.0.0/,            not a prefix length",
            "10.0.0.0/x,           not a prefix length",
            "10.0.0.0/33,          prefix length must be 0-32",
            "10.0.0.0/-1,          prefix length must be 0-32",
            "2001:db8::/129,       prefix length must be 0-128",
            "::ffff:10.0.0.0/95,   prefix length must be 96-128",
            "::ffff:10.0.0.0/129,  prefix length must be 96-128",
            "999.0.0.0/8,          not an IP address",
            "[::1]/128,            not an IP address",
    })
    void explainsWhatIsWrong(String text, String message) {
        assertThatThrownBy(() -> Cidr.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void differentPrefixesAreDifferentRanges() {
        assertThat(Cidr.parse("10.0.0.0/8")).isNotEqualTo(Cidr.parse("10.0.0.0/16"));
    }
}
