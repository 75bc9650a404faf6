package io.privacykit.geo;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;

/** IP literals are parsed without DNS; anything that is not plainly a literal is refused. */
class IpLiteralTest {

    @ParameterizedTest(name = "{0} -> {1} ({2})")
    @CsvSource({
            "1.2.3.4,                                 1.2.3.4,           4",
            "0.0.0.0,                                 0.0.0.0,           4",
            "255.255.255.255,                         255.255.255.255,   4",
            "10.0.0.1,                                10.0.0.1,          4",
            "::,                                      0:0:0:0:0:0:0:0,   6",
            "::1,                                     0:0:0:0:0:0:0:1,   6",
            "2001:db8::1,                             2001:db8:0:0:0:0:0:1, 6",
            "2001:DB8::A,                             2001:db8:0:0:0:0:0:a, 6",
            "2001:0db8:0000:0000:0000:0000:0000:0001, 2001:db8:0:0:0:0:0:1, 6",
            "::ffff:81.2.69.142,                      81.2.69.142,       4",
            "::FFFF:81.2.69.142,                      81.2.69.142,       4",
            "::ffff:5102:458e,                        81.2.69.142,       4",
            "::1.2.3.4,                               0:0:0:0:0:0:102:304, 6",
            "1:2:3:4:5:6:7:8,                         1:2:3:4:5:6:7:8,   6",
    })
    void parsesLiterals(String text, String expected, int family) {
        InetAddress address = IpLiteral.parse(text).orElseThrow();

        assertThat(address.getHostAddress()).isEqualTo(expected);
        assertThat(address).isInstanceOf(family == 4 ? Inet4Address.class : Inet6Address.class);
    }

    @ParameterizedTest(name = "''{0}'' is not a literal")
    @NullAndEmptySource
    @ValueSource(strings = {
            " 1.2.3.4", "1.2.3.4 ", "256.1.1.1", "999.1.1.1", "1.2.3", "1.2.3.4.", ".1.2.3.4", "1..2.3", "1.2.3.4.5",
            "01.2.3.4", "1.2.3.04", "00.0.0.0", "0x1.2.3.4", "1234", "4294967295", "1.2.3.-4", "+1.2.3.4",
            "example.com", "localhost", "cafe", "abc.def", "[::1]", "fe80::1%eth0", "fe80::1%1", "2001:db8::g",
            "1:2:3:4:5:6:7:8:9", ":::", "12345::", "2001:db8::1::2", "1.2.3.4/24", "1.2.3.4:80",
            "\u0661.\u0662.\u0663.\u0664", "\uFF11.2.3.4", "1.2.3.4\u0000",
            "0000:0000:0000:0000:0000:0000:0000:0000:0000",
    })
    void refusesEverythingElse(String text) {
        assertThat(IpLiteral.parse(text)).isEmpty();
    }
}
