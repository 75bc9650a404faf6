package io.privacykit.response;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CookieExpiryTest {

    static final String GONE = "=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/";

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        // cookie     | host                    | domains the deletion is also sent for
        "_ga          | www.example.com         | www.example.com example.com",
        "_ga          | Shop.Example.co.uk      | shop.example.co.uk example.co.uk co.uk",
        "_ga          | a.b.c.d.e.example.com   | a.b.c.d.e.example.com b.c.d.e.example.com c.d.e.example.com d.e.example.com",
        "_ga          | example.com             | example.com",
        "_ga          | localhost               | -",
        "_ga          | 192.0.2.7               | -",
        "_ga          | [2001:db8::1]           | -",
        "_ga          | -                       | -",
        "__Host-pref  | www.example.com         | -",
    })
    void deletesTheHostOnlyCookieAndEachParentDomainsCookie(String name, String host, String domains) {
        List<String> deletions = CookieExpiry.forHost(name, host);
        List<String> expected = new java.util.ArrayList<>();
        String secure = name.startsWith("__Host-") ? "; Secure" : "";
        expected.add(name + GONE + secure);
        if (domains != null) {
            for (String domain : domains.split(" ")) {
                expected.add(name + GONE + "; Domain=" + domain + secure);
            }
        }
        assertThat(deletions).containsExactlyElementsOf(expected);
    }

    @Test
    void secureNamedCookiesAreDeletedWithSecure() {
        assertThat(CookieExpiry.forHost("__Secure-id", "www.example.com"))
                .allSatisfy(d -> assertThat(d).startsWith("__Secure-id=;").endsWith("; Secure"));
    }

    @Test
    void eachPathGetsTheHostOnlyAndEachParentDomainsDeletion() {
        assertThat(CookieExpiry.forHost("_ga", "www.example.com", List.of("/", "/examples/")))
                .containsExactly(
                        "_ga=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/",
                        "_ga=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/; Domain=www.example.com",
                        "_ga=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/; Domain=example.com",
                        "_ga=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/examples/",
                        "_ga=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/examples/; Domain=www.example.com",
                        "_ga=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/examples/; Domain=example.com");
    }

    @ParameterizedTest(name = "Host: {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"example.com;Domain=evil.com", "example.com; Secure",
            "exa mple.com", "example.com\r\nX: y", "-bad.example.com", "example..com", "a.b.c.d.e\u00e9.com"})
    void aHostThatIsNoHostNameNeverBecomesADomainAttribute(String host) {
        assertThat(CookieExpiry.forHost("_ga", host)).containsExactly(CookieExpiry.of("_ga"));
    }

    @Test
    void deletionsStayWithinTheBudgetFirstDeletionOfEveryCookieFirst() {
        java.util.List<java.util.List<String>> perCookie = new java.util.ArrayList<>();
        for (int i = 1; i <= 60; i++) {
            perCookie.add(CookieExpiry.forHost("_ga_" + i, "www.shop.example.com", java.util.List.of("/", "/app")));
        }
        java.util.List<String> chosen = CookieExpiry.withinBudget(perCookie, String::length);

        assertThat(chosen.stream().mapToInt(d -> d.length() + 14).sum()).isLessThanOrEqualTo(CookieExpiry.BUDGET_BYTES);
        // More cookies than fit: the host-only deletion at / of as many as fit, nothing else yet.
        assertThat(chosen).isNotEmpty().isEqualTo(perCookie.stream().map(d -> d.get(0)).toList().subList(0, chosen.size()));
        java.util.List<java.util.List<String>> few = perCookie.subList(0, 5);
        java.util.List<String> all = CookieExpiry.withinBudget(few, String::length);
        assertThat(all.subList(0, 5)).isEqualTo(few.stream().map(d -> d.get(0)).toList());
        assertThat(all).hasSize(few.stream().mapToInt(java.util.List::size).sum());
        assertThat(CookieExpiry.withinBudget(java.util.List.of(CookieExpiry.forHost("_ga", "example.com")), String::length))
                .isEqualTo(CookieExpiry.forHost("_ga", "example.com"));
    }
}
