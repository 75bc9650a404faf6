package io.privacykit.response;

import static org.assertj.core.api.Assertions.assertThat;

import io.privacykit.HostileInputCount;
import io.privacykit.HostileText;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * Deletions shaped by a hostile {@code Host} header: a deletion's {@code Domain} is never more than
 * a well-formed parent of the host, and the deletions of a response stay within their header budget.
 */
@AddLifecycleHook(HostileInputCount.class)
class CookieExpiryPropertyTest {

    /** A deletion's {@code Domain} is the request's host or a parent of it, and only ever a well-formed host name. */
    @Property(tries = 100_000, generation = GenerationMode.RANDOMIZED)
    void aHostHeaderNeverBecomesMoreThanAHostNameInADeletion(@ForAll("hosts") String host) {
        List<List<String>> perCookie = new ArrayList<>();
        for (String name : List.of("_ga", "_ga_7", "__Host-x", "__Secure-y")) {
            List<String> deletions = CookieExpiry.forHost(name, host, List.of("/", "/app"));
            perCookie.add(deletions);
            for (String deletion : deletions) {
                assertThat(deletion).startsWith(name + "=");
                String[] attributes = deletion.split(";");
                assertThat(attributes).allSatisfy(a -> assertThat(a).matches(
                        "(?s)\\s*(" + java.util.regex.Pattern.quote(name) + "=|Max-Age=0|Expires=Thu, 01 Jan 1970 00:00:00 GMT"
                                + "|Path=/|Path=/app|Secure|Domain=[a-z0-9.-]+)"));
                for (String attribute : attributes) {
                    if (attribute.trim().startsWith("Domain=")) {
                        String domain = attribute.trim().substring("Domain=".length());
                        assertThat(name).doesNotStartWith("__Host-");
                        assertThat(host.toLowerCase(Locale.ROOT)).endsWith(domain);
                        assertThat(domain).contains(".");
                    }
                }
            }
        }
        int bytes = 0;
        for (String deletion : CookieExpiry.withinBudget(perCookie, String::length)) {
            bytes += deletion.length() + "Set-Cookie: \r\n".length();
        }
        assertThat(bytes).isLessThanOrEqualTo(CookieExpiry.BUDGET_BYTES);
    }

    @Provide
    Arbitrary<String> hosts() {
        return Arbitraries.randomValue(random -> {
            String host = HostileText.oneOf(random, "www.example.com", "a.b.shop.example.co.uk", "example.com",
                    "localhost", "127.0.0.1", "[::1]", "EXAMPLE.COM", "xn--bcher-kva.example");
            return switch (random.nextInt(4)) {
                case 0 -> host + HostileText.oneOf(random, ";Domain=evil.com", "; Domain=evil.com", "\r\nSet-Cookie: a=b",
                        ",evil.com", " evil.com", ".", "..", ":8080");
                case 1 -> HostileText.mutate(random, host);
                case 2 -> HostileText.text(random, 80);
                default -> host;
            };
        });
    }

}
