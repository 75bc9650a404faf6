package io.privacykit.geo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static io.privacykit.geo.ForwardedHeader.FORWARDED;
import static io.privacykit.geo.ForwardedHeader.X_FORWARDED_FOR;
import static io.privacykit.geo.GeoTestData.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The trusted-proxy specification: the one configured forwarding header is believed only from
 * configured proxies, walked right to left past trusted hops; nothing a client sends can make the
 * resolver throw.
 */
class ClientAddressResolverTest {

    private static final String PROXY = "10.0.0.1";
    private static final String VISITOR = "81.2.69.142";
    private static final String STRANGER = "203.0.113.9";

    private static final List<Cidr> TRUSTED = List.of(
            Cidr.parse("10.0.0.0/8"), Cidr.parse("192.168.0.0/16"), Cidr.parse("127.0.0.1"),
            Cidr.parse("::1"), Cidr.parse("2001:db8:ffff::/48"));

    private final ClientAddressResolver resolver = new ClientAddressResolver(TRUSTED);
    private final ClientAddressResolver forwardedResolver = new ClientAddressResolver(TRUSTED, FORWARDED);

    static Stream<Arguments> forwarding() {
        return Stream.of(
                // Spoofing: an untrusted peer's headers are ignored, whatever they say.
                xff("untrusted peer, XFF ignored", STRANGER, List.of("1.2.3.4"), STRANGER, false),
                forwarded("untrusted peer, Forwarded ignored", STRANGER, List.of("for=1.2.3.4"), STRANGER, false),
                xff("untrusted peer claiming a trusted hop", STRANGER, List.of("10.0.0.7"), STRANGER, false),
                row("untrusted peer, both headers ignored", X_FORWARDED_FOR, VISITOR, List.of("for=1.2.3.4"),
                        List.of("5.6.7.8"), VISITOR, false),
                row("untrusted peer, both headers ignored", FORWARDED, VISITOR, List.of("for=1.2.3.4"),
                        List.of("5.6.7.8"), VISITOR, false),
                // A trusted proxy with nothing to say is the client itself.
                xff("trusted peer, no headers", PROXY, null, PROXY, true),
                // X-Forwarded-For.
                xff("one hop", PROXY, List.of(VISITOR), VISITOR, true),
                xff("chain of trusted proxies", PROXY, List.of(VISITOR + ", 10.0.0.2, 192.168.3.4"), VISITOR, true),
                xff("client-sent spoof left of the real client", PROXY, List.of("6.6.6.6, " + VISITOR), VISITOR, true),
                xff("every hop trusted: the leftmost", PROXY, List.of("10.0.0.5, 10.0.0.6"), "10.0.0.5", true),
                xff("several header lines", PROXY, List.of("6.6.6.6, " + VISITOR, "10.0.0.2"), VISITOR, true),
                xff("several lines, client in the last", PROXY, List.of("6.6.6.6", VISITOR), VISITOR, true),
                xff("IPv4 with port", PROXY, List.of(VISITOR + ":4711"), VISITOR, true),
                xff("IPv6 bare", PROXY, List.of("2001:218::1"), "2001:218::1", true),
                xff("IPv6 bracketed", PROXY, List.of("[2001:218::1]"), "2001:218::1", true),
                xff("IPv6 bracketed with port", PROXY, List.of("[2001:218::1]:443"), "2001:218::1", true),
                xff("IPv6 trusted hop skipped", "::1", List.of("2001:218::1, 2001:db8:ffff::5"), "2001:218::1", true),
                xff("IPv4-mapped IPv6 hop is IPv4", PROXY, List.of("::ffff:81.2.69.142"), VISITOR, true),
                xff("empty list elements ignored", PROXY, List.of(" , " + VISITOR + " ,, "), VISITOR, true),
                xff("tabs and spaces", PROXY, List.of("\t" + VISITOR + "\t,\t10.0.0.2 "), VISITOR, true),
                // RFC 7239 Forwarded.
                forwarded("for= token", PROXY, List.of("for=" + VISITOR), VISITOR, true),
                forwarded("RFC 7239 section 4 example", PROXY, List.of("for=192.0.2.43, for=198.51.100.17"),
                        "198.51.100.17", true),
                forwarded("quoted IPv6 with port (RFC 7239 section 6)", PROXY,
                        List.of("for=\"[2001:db8:cafe::17]:4711\""), "2001:db8:cafe::17", true),
                forwarded("quoted IPv4 with port", PROXY, List.of("for=\"" + VISITOR + ":80\""), VISITOR, true),
                forwarded("obfuscated port is fine", PROXY, List.of("for=\"" + VISITOR + ":_p1\""), VISITOR, true),
                forwarded("other parameters", PROXY, List.of("for=192.0.2.60;proto=http;by=203.0.113.43"),
                        "192.0.2.60", true),
                forwarded("parameter after for", PROXY, List.of("proto=https; for=" + VISITOR + " ;host=example.com"),
                        VISITOR, true),
                forwarded("parameter name case-insensitive", PROXY, List.of("For=\"" + VISITOR + "\""), VISITOR, true),
                forwarded("comma inside a quoted value", PROXY, List.of("for=" + VISITOR + ";ext=\"a, b\""),
                        VISITOR, true),
                forwarded("escaped quote inside a quoted value", PROXY,
                        List.of("for=" + VISITOR + ";ext=\"say \\\"hi\\\", ok\""), VISITOR, true),
                forwarded("trusted hops skipped", PROXY, List.of("for=6.6.6.6, for=" + VISITOR + ", for=10.0.0.2"),
                        VISITOR, true),
                forwarded("several Forwarded lines", PROXY, List.of("for=6.6.6.6", "for=" + VISITOR + ";proto=https",
                        "for=\"[2001:db8:ffff::9]\""), VISITOR, true),
                forwarded("every hop trusted: the leftmost", PROXY, List.of("for=192.168.0.9, for=10.0.0.2"),
                        "192.168.0.9", true),
                // Only the configured header is read: nginx and AWS load balancers append to X-Forwarded-For
                // and pass a client-sent Forwarded through untouched, so reading both lets a client pick its address.
                row("client-sent Forwarded behind a proxy appending XFF", X_FORWARDED_FOR, PROXY,
                        List.of("for=2.207.0.1"), List.of("128.32.0.1"), "128.32.0.1", true),
                row("Forwarded alone is not read", X_FORWARDED_FOR, PROXY, List.of("for=" + VISITOR), null, PROXY,
                        true),
                row("client-sent XFF behind a proxy appending Forwarded", FORWARDED, PROXY,
                        List.of("for=" + VISITOR), List.of("6.6.6.6"), VISITOR, true),
                row("XFF alone is not read", FORWARDED, PROXY, null, List.of(VISITOR), PROXY, true),
                row("blank Forwarded does not fall back to XFF", FORWARDED, PROXY, List.of(" "), List.of(VISITOR),
                        PROXY, true),
                row("Forwarded garbage does not fall back to XFF", FORWARDED, PROXY, List.of("for=nonsense"),
                        List.of("6.6.6.6"), PROXY, true),
                // Obfuscated and unknown nodes stop the walk at the nearest hop we could trust.
                forwarded("obfuscated node stops the walk", PROXY,
                        List.of("for=" + VISITOR + ", for=_hidden, for=10.0.0.2"), "10.0.0.2", true),
                forwarded("unknown stops the walk", PROXY, List.of("for=" + VISITOR + ", for=unknown"), PROXY, true),
                forwarded("element without for stops the walk", PROXY, List.of("for=" + VISITOR + ", by=10.0.0.2"),
                        PROXY, true),
                xff("garbage hop stops the walk", PROXY, List.of(VISITOR + ", garbage, 10.0.0.2"), "10.0.0.2", true),
                xff("unknown in XFF stops the walk", PROXY, List.of(VISITOR + ", unknown"), PROXY, true),
                // How containers report the socket peer.
                xff("bracketed IPv6 peer", "[::1]", List.of(VISITOR), VISITOR, true),
                xff("long-form IPv6 peer with zone id", "0:0:0:0:0:0:0:1%0", List.of(VISITOR), VISITOR, true),
                xff("IPv4-mapped peer", "::ffff:127.0.0.1", List.of(VISITOR), VISITOR, true),
                xff("untrusted bracketed IPv6 peer", "[2001:218::1]", List.of(VISITOR), "2001:218::1", false),
                xff("untrusted link-local peer with zone", "fe80::1%eth0", List.of(VISITOR), "fe80::1", false),
                xff("peer with surrounding spaces", " " + PROXY + " ", List.of(VISITOR), VISITOR, true));
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("forwarding")
    void findsTheClient(String remoteAddr, ForwardedHeader header, List<String> forwarded, List<String> xForwardedFor,
                        String expectedClient, boolean expectedViaTrustedProxy) {
        ClientAddressResolver reading = new ClientAddressResolver(TRUSTED, header);

        Optional<ClientAddress> client = reading.resolve(remoteAddr, headers(forwarded, xForwardedFor));

        assertThat(client).contains(new ClientAddress(ip(expectedClient), expectedViaTrustedProxy));
    }

    @Test
    void readsXForwardedForUnlessToldOtherwise() {
        RequestHeaders spoofed = headers(List.of("for=2.207.0.1"), List.of("128.32.0.1"));

        assertThat(resolver.resolve(PROXY, spoofed)).contains(new ClientAddress(ip("128.32.0.1"), true));
    }

    /** Header values that must be treated as "no usable hop": the trusted peer itself is the answer. */
    static Stream<Arguments> garbage() {
        return Stream.of(
                "", " , , ,", "for=", "for=\"\"", "for=\"", "for=\"[2001:db8::1]", "for=[2001:db8::1",
                "for=\"81.2.69.142\\\"", "999.1.1.1", "01.2.3.4", "81.2.69.0142", "1.2.3", "1.2.3.4.5", "0x51.2.69.142",
                "example.com", "localhost", "example.com:80", "[example.com]:80", "81.2.69.142:99999999",
                "81.2.69.142:abc", "81.2.69.142:", "[81.2.69.142]", "[2001:db8::1]x", "[2001:db8::1]:", "[]",
                "2001:db8:::1", "1:2:3:4:5:6:7:8:9", "\uFF18\uFF11.2.69.142", "81.2.69.142\u0000", "\uD83D\uDE42",
                "\u00FCnknown", "for=81.2.69.142;for=203.0.113.9", "=;=,=", ";;;;", "for==81.2.69.142",
                "for=81.2.69.142 203.0.113.9", "\"\\", "_hidden", "unknown", "\t",
                "1".repeat(10_000), "x, ".repeat(10_000), "[".repeat(10_000), "\"".repeat(10_001))
                .map(value -> arguments(named(printable(value), value)));
    }

    @ParameterizedTest(name = "X-Forwarded-For: {0}")
    @MethodSource("garbage")
    void garbageInXForwardedForLeavesTheTrustedPeer(String value) {
        assertThat(resolver.resolve(PROXY, headers(null, List.of(value))))
                .contains(new ClientAddress(ip(PROXY), true));
    }

    @ParameterizedTest(name = "Forwarded: {0}")
    @MethodSource("garbage")
    void garbageInForwardedLeavesTheTrustedPeer(String value) {
        String forwarded = value.startsWith("for=") ? value : "for=" + value;
        assertThat(forwardedResolver.resolve(PROXY, headers(List.of(forwarded, value), null)))
                .contains(new ClientAddress(ip(PROXY), true));
    }

    @ParameterizedTest(name = "garbage left of the client: {0}")
    @MethodSource("garbage")
    void garbageBeyondTheClientIsNeverRead(String value) {
        assertThat(resolver.resolve(PROXY, headers(null, List.of(value, VISITOR + ", 10.0.0.2"))))
                .contains(new ClientAddress(ip(VISITOR), true));
    }

    @Test
    void tenThousandTrustedHopsAreCappedAtTheNearestSixtyFour() {
        // A real client at the far left, then 10,000 trusted hops: only the nearest 64 are walked.
        List<String> hops = new ArrayList<>();
        hops.add(VISITOR);
        IntStream.range(0, 10_000).forEach(i -> hops.add("10.0." + (i / 256) + "." + (i % 256)));
        String header = String.join(", ", hops);

        Optional<ClientAddress> client = resolver.resolve(PROXY, headers(null, List.of(header)));

        int leftmostWalked = 10_000 - ForwardingHops.MAX_HOPS;
        assertThat(client).contains(new ClientAddress(
                ip("10.0." + (leftmostWalked / 256) + "." + (leftmostWalked % 256)), true));
    }

    @Test
    void tenThousandForwardedElementsAndHeaderLines() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            lines.add("for=6.6.6.6;proto=https, for=\"[2001:db8:ffff::1]:443\"");
        }
        lines.add("for=" + VISITOR);

        assertThat(forwardedResolver.resolve(PROXY, headers(lines, null)))
                .contains(new ClientAddress(ip(VISITOR), true));
    }

    @Test
    void tenThousandUntrustedEntriesYieldTheNearest() {
        String header = (STRANGER + ", ").repeat(9_999) + VISITOR;

        assertThat(resolver.resolve(PROXY, headers(null, List.of(header))))
                .contains(new ClientAddress(ip(VISITOR), true));
    }

    @ParameterizedTest(name = "remote address ''{0}''")
    @NullAndEmptySource
    @ValueSource(strings = {"unknown", "example.com", "localhost", "999.1.1.1", "[::1", "::1]", "1.2.3.4.5", " "})
    void aRemoteAddressThatIsNoIpGivesNoClient(String remoteAddr) {
        assertThat(resolver.resolve(remoteAddr, headers(null, List.of(VISITOR)))).isEmpty();
    }

    @ParameterizedTest(name = "{0} with no trusted proxies, reading {1}")
    @CsvSource({"10.0.0.1, X_FORWARDED_FOR", "127.0.0.1, X_FORWARDED_FOR", "::1, FORWARDED", "10.0.0.1, FORWARDED"})
    void withNoTrustedProxiesNothingIsForwarded(String peer, ForwardedHeader header) {
        ClientAddressResolver trustsNobody = new ClientAddressResolver(List.of(), header);

        assertThat(trustsNobody.resolve(peer, headers(List.of("for=" + VISITOR), List.of(VISITOR))))
                .contains(new ClientAddress(ip(peer), false));
    }

    /** One resolver remembers the last trusted proxy; every row, in turn and again, still gets its own answer. */
    @Test
    void oneResolverAnswersEveryRowInTurnAsAFreshOneDoes() {
        Map<ForwardedHeader, ClientAddressResolver> shared = Map.of(
                X_FORWARDED_FOR, new ClientAddressResolver(TRUSTED, X_FORWARDED_FOR),
                FORWARDED, new ClientAddressResolver(TRUSTED, FORWARDED));
        List<Arguments> rows = forwarding().toList();
        for (int pass = 0; pass < 2; pass++) {
            for (Arguments row : rows) {
                Object[] a = row.get();
                String remoteAddr = (String) ((org.junit.jupiter.api.Named<?>) a[0]).getPayload();
                @SuppressWarnings("unchecked")
                RequestHeaders headers = headers((List<String>) a[2], (List<String>) a[3]);

                Optional<ClientAddress> client = shared.get((ForwardedHeader) a[1]).resolve(remoteAddr, headers);

                assertThat(client).as(row.get()[0].toString())
                        .contains(new ClientAddress(ip((String) a[4]), (Boolean) a[5]));
            }
        }
    }

    @Test
    void nullHeadersAreNoHeaders() {
        assertThat(resolver.resolve(PROXY, null)).contains(new ClientAddress(ip(PROXY), true));
        assertThat(resolver.resolve(PROXY, name -> null)).contains(new ClientAddress(ip(PROXY), true));
    }

    private static Arguments row(String name, ForwardedHeader header, String remoteAddr, List<String> forwarded,
                                 List<String> xForwardedFor, String expectedClient, boolean expectedViaTrustedProxy) {
        return arguments(named(name, remoteAddr), header, forwarded, xForwardedFor, expectedClient,
                expectedViaTrustedProxy);
    }

    /** A row with only {@code X-Forwarded-For}, read as configured by default. */
    private static Arguments xff(String name, String remoteAddr, List<String> xForwardedFor, String expectedClient,
                                 boolean expectedViaTrustedProxy) {
        return row(name, X_FORWARDED_FOR, remoteAddr, null, xForwardedFor, expectedClient, expectedViaTrustedProxy);
    }

    /** A row with only {@code Forwarded}, read as configured with {@code privacy.geo.forwarded-header=forwarded}. */
    private static Arguments forwarded(String name, String remoteAddr, List<String> forwarded, String expectedClient,
                                       boolean expectedViaTrustedProxy) {
        return row(name, FORWARDED, remoteAddr, forwarded, null, expectedClient, expectedViaTrustedProxy);
    }

    private static RequestHeaders headers(List<String> forwarded, List<String> xForwardedFor) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        if (forwarded != null) {
            map.put("Forwarded", forwarded);
        }
        if (xForwardedFor != null) {
            map.put("X-Forwarded-For", xForwardedFor);
        }
        return RequestHeaders.of(map);
    }

    private static String printable(String value) {
        String shown = value.length() > 40 ? value.substring(0, 20) + "...(" + value.length() + " chars)" : value;
        StringBuilder out = new StringBuilder();
        shown.chars().forEach(c -> out.append(c < 0x20 ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return "'" + out + "'";
    }
}
