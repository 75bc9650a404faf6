package io.privacykit.geo;

import static org.assertj.core.api.Assertions.assertThat;

import io.privacykit.HostileInputCount;
import io.privacykit.HostileText;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * Forwarding headers under hostile input ({@code X-Forwarded-For}, RFC 7239 {@code Forwarded}):
 * the resolver never throws, an untrusted peer's headers change nothing, the header not configured
 * is never read, and the client found is the peer or one of the hops, exactly the one a
 * right-to-left walk past trusted proxies stops at.
 */
@AddLifecycleHook(HostileInputCount.class)
class ForwardingPropertyTest {

    static final List<Cidr> TRUSTED = List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("127.0.0.1"),
            Cidr.parse("::1"), Cidr.parse("2001:db8:ffff::/48"));

    private final ClientAddressResolver xff = new ClientAddressResolver(TRUSTED, ForwardedHeader.X_FORWARDED_FOR);
    private final ClientAddressResolver forwarded = new ClientAddressResolver(TRUSTED, ForwardedHeader.FORWARDED);

    /** One hop as a proxy writes it; {@code address} null for "unknown", an obfuscated id or garbage. */
    record Hop(String xffText, String forwardedText, InetAddress address) {
    }

    /** A request: its socket peer, both forwarding headers, and the client a correct walk finds (null: unknown). */
    record Request(String peer, List<String> xffLines, List<String> forwardedLines, InetAddress expectedXff,
                   InetAddress expectedForwarded, boolean mutated) {
    }

    @Property(tries = 100_000, generation = GenerationMode.RANDOMIZED)
    void theClientIsThePeerOrTheHopAWalkPastTrustedProxiesStopsAt(@ForAll("requests") Request request) {
        RequestHeaders headers = RequestHeaders.of(Map.of("X-Forwarded-For", request.xffLines(),
                "Forwarded", request.forwardedLines()));
        RequestHeaders onlyXff = RequestHeaders.of(Map.of("X-Forwarded-For", request.xffLines()));
        RequestHeaders onlyForwarded = RequestHeaders.of(Map.of("Forwarded", request.forwardedLines()));
        InetAddress peer = ForwardingHops.parseNode(request.peer());

        for (ClientAddressResolver resolver : List.of(xff, forwarded)) {
            boolean readsXff = resolver == xff;
            Optional<ClientAddress> client = resolver.resolve(request.peer(), headers);
            // Only the configured header is read: the other one, whatever it says, changes nothing.
            assertThat(client).isEqualTo(resolver.resolve(request.peer(), readsXff ? onlyXff : onlyForwarded));
            if (peer == null) {
                assertThat(client).isEmpty();
                continue;
            }
            assertThat(client).isPresent();
            if (!resolver.isTrusted(peer)) {
                // Spoofing from an untrusted peer: its headers are ignored.
                assertThat(client.get()).isEqualTo(new ClientAddress(peer, false));
                continue;
            }
            assertThat(client.get().viaTrustedProxy()).isTrue();
            List<String> lines = readsXff ? request.xffLines() : request.forwardedLines();
            Set<InetAddress> candidates = new HashSet<>();
            candidates.add(peer);
            for (String hop : ForwardingHops.nearestHops(lines, !readsXff)) {
                InetAddress address = ForwardingHops.parseNode(hop);
                if (address != null) {
                    candidates.add(address);
                }
            }
            assertThat(candidates).contains(client.get().address());
            InetAddress expected = readsXff ? request.expectedXff() : request.expectedForwarded();
            if (!request.mutated()) {
                assertThat(client.get().address()).isEqualTo(expected == null ? peer : expected);
            }
        }
    }

    @Provide
    Arbitrary<Request> requests() {
        return Arbitraries.randomValue(ForwardingPropertyTest::request);
    }

    static Request request(Random random) {
        String peer = switch (random.nextInt(10)) {
            case 0, 1, 2, 3 -> "10.0.0." + random.nextInt(256);
            case 4 -> HostileText.oneOf(random, "127.0.0.1", "::1", "[::1]", "0:0:0:0:0:0:0:1", "2001:db8:ffff::7");
            case 5, 6 -> HostileText.oneOf(random, "203.0.113.9", "2001:db8:1::9", "[2001:db8:1::9]:443");
            case 7 -> HostileText.mutate(random, "10.0.0.1");
            default -> HostileText.oneOf(random, "10.1.2.3", "10.255.255.255");
        };
        List<Hop> hops = new ArrayList<>();
        int count = random.nextInt(8) == 0 ? 60 + random.nextInt(20) : random.nextInt(8);
        for (int i = 0; i < count; i++) {
            hops.add(hop(random));
        }
        List<String> xffLines = lines(random, hops.stream().map(Hop::xffText).toList());
        List<String> forwardedLines = lines(random, hops.stream().map(Hop::forwardedText).toList());
        boolean mutated = random.nextInt(3) == 0;
        if (mutated) {
            xffLines = mutateOne(random, xffLines);
            forwardedLines = mutateOne(random, forwardedLines);
        }
        InetAddress expected = walk(hops);
        return new Request(peer, xffLines, forwardedLines, expected, expected, mutated);
    }

    /** The right-to-left walk over the nearest 64 hops; null when it ends at the peer. */
    static InetAddress walk(List<Hop> hops) {
        InetAddress nearestTrusted = null;
        for (int i = hops.size() - 1; i >= Math.max(0, hops.size() - ForwardingHops.MAX_HOPS); i--) {
            InetAddress hop = hops.get(i).address();
            if (hop == null) {
                return nearestTrusted;
            }
            if (TRUSTED.stream().noneMatch(range -> range.contains(hop))) {
                return hop;
            }
            nearestTrusted = hop;
        }
        return nearestTrusted;
    }

    static Hop hop(Random random) {
        int kind = random.nextInt(12);
        if (kind == 0) {
            String word = HostileText.oneOf(random, "unknown", "_hidden", "_SEVKISEK", "localhost", "example.com",
                    "1.2.3", "256.1.1.1", "01.2.3.4", "[::1", "::1]", "1.2.3.4:123456", ".:", "1.2.3.4:_");
            return new Hop(word, "for=" + (word.contains(":") || word.contains("[") ? quote(word) : word), null);
        }
        boolean trusted = random.nextBoolean();
        boolean v6 = random.nextInt(3) == 0;
        String address = v6 ? (trusted ? "2001:db8:ffff::" : "2001:db8:" + (1 + random.nextInt(0xfff)) + "::")
                + Integer.toHexString(random.nextInt(0x10000))
                : (trusted ? "10" : String.valueOf(11 + random.nextInt(180))) + '.' + random.nextInt(256) + '.'
                + random.nextInt(256) + '.' + random.nextInt(256);
        String port = random.nextInt(4) == 0 ? ":" + HostileText.oneOf(random, "80", "4711", "_p1", "65535") : "";
        String node = v6 ? (port.isEmpty() && random.nextBoolean() ? address : "[" + address + "]" + port)
                : address + port;
        String pair = (random.nextBoolean() ? "for=" : "For = ").replace(" ", random.nextBoolean() ? "" : " ")
                + (node.contains(":") || node.contains("[") ? quote(node) : node);
        String element = switch (random.nextInt(4)) {
            case 0 -> "proto=https;" + pair;
            case 1 -> pair + ";by=\"[2001:db8::1]\";host=\"a,b;c\"";
            default -> pair;
        };
        return new Hop(node, element, literal(address));
    }

    static String quote(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    static InetAddress literal(String text) {
        try {
            return InetAddress.getByName(text); // only literals reach here
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The elements joined as a proxy chain writes them: one line or several, with stray empty elements. */
    static List<String> lines(Random random, List<String> elements) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String element : elements) {
            if (line.length() > 0 && random.nextInt(6) == 0) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(HostileText.oneOf(random, ", ", ",", " ,\t", ", , "));
            }
            line.append(element);
        }
        if (line.length() > 0 || random.nextBoolean()) {
            lines.add(line.toString());
        }
        return lines;
    }

    static List<String> mutateOne(Random random, List<String> lines) {
        List<String> copy = new ArrayList<>(lines);
        if (copy.isEmpty() || random.nextInt(5) == 0) {
            copy.add(HostileText.text(random, 200));
        } else {
            int at = random.nextInt(copy.size());
            copy.set(at, HostileText.mutate(random, copy.get(at)));
        }
        return copy;
    }
}
