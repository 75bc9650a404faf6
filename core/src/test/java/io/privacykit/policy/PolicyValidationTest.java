package io.privacykit.policy;

import static io.privacykit.policy.PolicyFixture.IP_HASH_SECRET;
import static io.privacykit.policy.PolicyFixture.SIGNING_SECRET;
import static io.privacykit.policy.PolicyFixture.base64;
import static io.privacykit.policy.PolicyFixture.load;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every kind of bad key or value, and the message it gets. */
class PolicyValidationTest {

    private static PolicyException failure(Properties props) {
        return catchThrowableOfType(PolicyException.class, () -> load(props));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
        privacy.policy.name                              | a\u0007b                  | expected a name of at most 100 characters
        privacy.policy.version                           | 2024 March                | expected 1-32 letters, digits
        privacy.policy.version                           | -1                        | starting with a letter or digit
        privacy.policy.last-updated                      | 2024-13-01                | expected an ISO date such as 2024-03-01
        privacy.policy.last-updated                      | 01/03/2024                | expected an ISO date
        privacy.policy.minimum-age                       | -1                        | expected a whole number from 0 to 120
        privacy.policy.minimum-age                       | sixteen                   | expected a whole number from 0 to 120
        privacy.categories                               | Live Chat                 | expected category names of lower-case letters
        privacy.categories                               | unclassified              | expected a name other than 'unclassified'
        privacy.categories                               | catalogue                 | and 'catalogue'
        privacy.cookies.catalogue                        | maybe                     | expected true or false
        privacy.enforcement                              | warn                      | expected enforce or report-only
        privacy.cookies.performance                      | _ga;x                     | expected cookie names (RFC 6265 tokens) or prefix patterns
        privacy.cookies.performance                      | *                         | or prefix patterns such as _ga_*
        privacy.cookies.performance                      | _g*a                      | or prefix patterns such as _ga_*
        privacy.hosts.advertising                        | https://ads.example       | expected host names such as www.example.com
        privacy.hosts.advertising                        | ads..example              | expected host names
        privacy.hosts.advertising                        | ads.example:443           | (no scheme, port or path)
        privacy.sale.performance                         | yes                       | expected true or false
        privacy.cookies.unclassified                     | drop                      | expected block or allow
        privacy.signals.dnt                              | respect                   | expected ignore or honor
        privacy.signals.gpc                              | always                    | expected binding or everywhere
        privacy.geo.trusted-proxies                      | 10.0.0.0/33               | expected IPv4 or IPv6 CIDR ranges
        privacy.geo.trusted-proxies                      | proxy.internal            | expected IPv4 or IPv6 CIDR ranges
        privacy.geo.forwarded-header                     | x-real-ip                 | expected x-forwarded-for or forwarded
        privacy.geo.cdn-headers                          | akamai                    | expected cloudfront, cloudflare, vercel, appengine, or 'none' alone
        privacy.geo.overrides                            | 10.0.0.0/8                | expected CIDR=CC or CIDR=CC-REGION
        privacy.geo.overrides                            | 10.0.0.0/8=Germany        | expected CIDR=CC or CIDR=CC-REGION
        privacy.geo.overrides                            | 300.0.0.0/8=DE            | expected CIDR=CC or CIDR=CC-REGION
        privacy.geo.cache.max-size                       | 0                         | expected a whole number >= 1
        privacy.geo.cache.ttl                            | 1h                        | expected a positive ISO-8601 duration such as PT1H
        privacy.geo.cache.ttl                            | PT0S                      | expected a positive ISO-8601 duration
        privacy.jurisdiction.fallback                    | EU                        | expected a regime code: GDPR, UK_GDPR, CH_FADP, CCPA, US_STATE
        privacy.jurisdiction.default.consent-model       | opt_in                    | expected opt-in, opt-out or notice
        privacy.jurisdiction.default.deadline-days       | 0                         | expected a whole number from 1 to 365
        privacy.jurisdiction.default.extension-days      | -5                        | expected a whole number from 0 to 365
        privacy.jurisdiction.default.child-consent-age   | 30                        | expected a whole number from 0 to 21
        privacy.consent.cache.max-size                   | 0                         | expected a whole number >= 1
        privacy.consent.cookie-name                      | privacy consent           | expected a cookie name
        privacy.consent.max-age                          | 12 months                 | expected a positive ISO-8601 period or duration such as P365D
        privacy.consent.max-age                          | P0D                       | expected a positive ISO-8601 period or duration
        privacy.consent.max-age                          | -P1Y                      | expected a positive ISO-8601 period or duration
        privacy.consent.reconsent-before                 | v 2                       | expected a policy version
        privacy.consent.cookie-secure                    | 1                         | expected true or false
        privacy.consent.same-site                        | Loose                     | expected Lax, Strict or None
        privacy.store.pool-size                          | 0                         | expected a whole number from 1 to 1000
        privacy.web.prefix                               | privacy                   | expected a path that starts with '/' and does not end with '/'
        privacy.web.prefix                               | /privacy/                 | expected a path that starts with '/'
        privacy.web.prefix                               | /a//b                     | expected a path that starts with '/'
        privacy.web.prefix                               | /a/../b                   | expected a path that starts with '/'
        privacy.web.allowed-origins                      | https://example.com/app   | expected origins http(s)://host[:port] without path
        privacy.web.allowed-origins                      | ftp://example.com         | expected origins http(s)://host[:port]
        privacy.web.allowed-origins                      | example.com               | expected origins http(s)://host[:port]
        privacy.web.allowed-origins                      | https://example.com:99999 | expected origins http(s)://host[:port]
        privacy.web.allowed-origins                      | https://*.example.com     | expected origins http(s)://host[:port]
        privacy.csp                                      | strict                    | expected off, enforce or report-only
        """)
    void aBadValueIsReportedWithTheKeyTheValueAndWhatIsExpected(String key, String value, String expected) {
        String shown = value.replace('\u0007', '?');

        PolicyException e = failure(PolicyFixture.with(key, value));

        assertThat(e.problems()).singleElement().asString()
                .startsWith(key + ": '" + shown + "' is invalid; ")
                .contains(expected);
    }

    @Test
    void aGeoDatabaseMustExist(@TempDir Path dir) {
        Path missing = dir.resolve("GeoLite2-City.mmdb");

        PolicyException e = failure(PolicyFixture.with("privacy.geo.database", missing.toString()));

        assertThat(e.problems()).containsExactly("privacy.geo.database: '" + missing.toAbsolutePath()
                + "' is invalid; expected an existing, readable GeoIP2/GeoLite2 City or Country database file (.mmdb)");
    }

    @Test
    void theDataDirectoryMustBeADirectory(@TempDir Path dir) throws IOException {
        Path file = Files.createFile(dir.resolve("data"));

        PolicyException e = failure(PolicyFixture.with("privacy.data-dir", file.toString()));

        assertThat(e.problems()).containsExactly("privacy.data-dir: '" + file
                + "' is invalid; expected a directory (or a path where one can be created)");
    }

    @Test
    void eachBadItemOfAListIsReported() {
        PolicyException e = failure(PolicyFixture.with("privacy.geo.trusted-proxies", "10.0.0.0/8, nope, ::1, 1.2.3.4/40"));

        assertThat(e.problems()).containsExactly(
                "privacy.geo.trusted-proxies: 'nope' is invalid; expected IPv4 or IPv6 CIDR ranges such as 10.0.0.0/8 or 2001:db8::/32",
                "privacy.geo.trusted-proxies: '1.2.3.4/40' is invalid; expected IPv4 or IPv6 CIDR ranges such as 10.0.0.0/8 or 2001:db8::/32");
    }

    @Test
    void noneIsACdnValueOnlyAlone() {
        PolicyException e = failure(PolicyFixture.with("privacy.geo.cdn-headers", "vercel, none"));

        assertThat(e.problems()).containsExactly("privacy.geo.cdn-headers: 'none' is invalid; "
                + "expected cloudfront, cloudflare, vercel, appengine, or 'none' alone");
    }

    @Test
    void longValuesAreShortenedInMessages() {
        PolicyException e = failure(PolicyFixture.with("privacy.csp", "x".repeat(500)));

        assertThat(e.problems()).containsExactly(
                "privacy.csp: '" + "x".repeat(60) + "...' is invalid; expected off, enforce or report-only");
    }

    @Test
    void sameSiteNoneNeedsASecureCookie() {
        Properties props = PolicyFixture.with(
                "privacy.consent.same-site", "None",
                "privacy.consent.cookie-secure", "false");

        assertThat(failure(props).problems()).containsExactly("privacy.consent.same-site: None requires "
                + "privacy.consent.cookie-secure=true (browsers refuse SameSite=None cookies without Secure)");
    }

    @ParameterizedTest
    @CsvSource({"__Host-consent", "__Secure-consent"})
    void prefixedCookieNamesNeedASecureCookie(String name) {
        Properties props = PolicyFixture.with(
                "privacy.consent.cookie-name", name,
                "privacy.consent.cookie-secure", "false");

        assertThat(failure(props).problems()).containsExactly("privacy.consent.cookie-name: a name starting with "
                + "__Secure- or __Host- requires privacy.consent.cookie-secure=true");
    }

    @ParameterizedTest
    @CsvSource({
        "privacy.policy.version,      missing required key privacy.policy.version (or environment variable PRIVACY_POLICY_VERSION)",
        "privacy.policy.last-updated, missing required key privacy.policy.last-updated (or environment variable PRIVACY_POLICY_LAST_UPDATED)",
        "privacy.consent.keys,        missing required key privacy.consent.keys (or environment variable PRIVACY_CONSENT_KEYS)",
        "privacy.consent.ip-hash-key, missing required key privacy.consent.ip-hash-key (or environment variable PRIVACY_CONSENT_IP_HASH_KEY)",
    })
    void aMissingRequiredKeyIsReported(String key, String message) {
        assertThat(failure(PolicyFixture.without(key)).problems()).containsExactly(message);
    }

    @Test
    void anEmptyFileReportsEveryRequiredKey() {
        assertThat(failure(new Properties()).problems()).containsExactly(
                "missing required key privacy.policy.version (or environment variable PRIVACY_POLICY_VERSION)",
                "missing required key privacy.policy.last-updated (or environment variable PRIVACY_POLICY_LAST_UPDATED)",
                "missing required key privacy.consent.keys (or environment variable PRIVACY_CONSENT_KEYS)",
                "missing required key privacy.consent.ip-hash-key (or environment variable PRIVACY_CONSENT_IP_HASH_KEY)");
    }

    @Test
    void everyProblemIsReportedAtOnceOnePerLine() {
        Properties props = PolicyFixture.without("privacy.policy.version");
        props.setProperty("privacy.consent.key", "k1:" + SIGNING_SECRET);
        props.setProperty("privacy.signals.dnt", "maybe");
        props.setProperty("privacy.geo.cache.ttl", "forever");
        props.setProperty("privacy.web.prefix", "/privacy/");

        PolicyException e = failure(props);

        assertThat(e.problems()).containsExactly(
                "unknown key 'privacy.consent.key': did you mean 'privacy.consent.keys'?",
                "missing required key privacy.policy.version (or environment variable PRIVACY_POLICY_VERSION)",
                "privacy.signals.dnt: 'maybe' is invalid; expected ignore or honor",
                "privacy.geo.cache.ttl: 'forever' is invalid; expected a positive ISO-8601 duration such as PT1H or P1D",
                "privacy.web.prefix: '/privacy/' is invalid; expected a path that starts with '/' and does not end "
                        + "with '/', such as /privacy");
        assertThat(e.getMessage().split("\n")).hasSize(6)
                .startsWith("Invalid PrivacyKit configuration (5 problems):");
        assertThat(e.getMessage()).doesNotContain(SIGNING_SECRET);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "privacy.consent.key,          unknown key 'privacy.consent.key': did you mean 'privacy.consent.keys'?",
        "privacy.cookie.performance,   unknown key 'privacy.cookie.performance': did you mean 'privacy.cookies.performance'?",
        "privacy.geo.databse,          unknown key 'privacy.geo.databse': did you mean 'privacy.geo.database'?",
        "Privacy.Signals.DNT,          unknown key 'Privacy.Signals.DNT': did you mean 'privacy.signals.dnt'?",
        "privacy.store.poolsize,       unknown key 'privacy.store.poolsize': did you mean 'privacy.store.pool-size'?",
        "privacy.datadir,              unknown key 'privacy.datadir': did you mean 'privacy.data-dir'?",
        "privacy.cookies.performace,   unknown key 'privacy.cookies.performace': category 'performace' is not declared in privacy.categories; did you mean 'privacy.cookies.performance'?",
        "privacy.hosts.analytics,      unknown key 'privacy.hosts.analytics': category 'analytics' is not declared in privacy.categories",
        "privacy.sale.necessary,       unknown key 'privacy.sale.necessary': the necessary category is always allowed and cannot be a sale or sharing category",
        "privacy.cookies.Chat,         unknown key 'privacy.cookies.Chat'",
        "privacy.cookies.a.b,          unknown key 'privacy.cookies.a.b'",
        "server.port,                  unknown key 'server.port'",
    })
    void anUnknownKeyIsReportedWithTheNearestKnownKey(String key, String message) {
        assertThat(failure(PolicyFixture.with(key, "x")).problems()).containsExactly(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        privacy.consent.keys        | k1:c2hvcnQ=                           | privacy.consent.keys: key 'k1' (value not shown) is invalid; expected base64 of at least 32 random bytes
        privacy.consent.keys        | k1:%%%not-base64-at-all%%%            | privacy.consent.keys: key 'k1' (value not shown) is invalid; expected base64 of at least 32 random bytes
        privacy.consent.keys        | SECRET                                | privacy.consent.keys: entry 1 (value not shown) is invalid; expected id:base64secret
        privacy.consent.keys        | k1:VALID, SECRET                      | privacy.consent.keys: entry 2 (value not shown) is invalid; expected id:base64secret
        privacy.consent.keys        | SECRET:SECRET                         | privacy.consent.keys: entry 1 (value not shown) is invalid; expected id:base64secret
        privacy.consent.keys        | k1:VALID, k1:VALID                    | privacy.consent.keys: key id 'k1' is used twice
        privacy.consent.ip-hash-key | c2hvcnQ=                              | privacy.consent.ip-hash-key: the value (not shown) is invalid; expected base64 of at least 32 random bytes
        privacy.consent.ip-hash-key | %%%not-base64%%%                      | privacy.consent.ip-hash-key: the value (not shown) is invalid; expected base64
        privacy.store.url           | postgres://u:pw@db/privacy            | privacy.store.url: the value (not shown) is invalid; expected a JDBC URL
        privacy.admin.token         | c2hvcnQ-too-short                     | privacy.admin.token: the value (not shown) is invalid; expected at least 32 printable ASCII characters
        """)
    void aSecretIsNeverRepeated(String key, String value, String message) {
        String secretValue = value.replace("SECRET", "Zm9vYmFyLXdpdGgtYS1wYXNzd29yZC1pbnNpZGUtaXQ=:not:a:key")
                .replace("VALID", SIGNING_SECRET);

        PolicyException e = failure(PolicyFixture.with(key, secretValue));

        assertThat(e.problems()).singleElement().asString().startsWith(message);
        assertThat(e.getMessage())
                .doesNotContain("Zm9vYmFy", "c2hvcnQ", "not-base64", "pw@db")
                .doesNotContain(SIGNING_SECRET, IP_HASH_SECRET);
    }

    @Test
    void anAdminTokenIsKeptAndNeverShown() {
        String token = "admin-token-of-at-least-32-characters";

        Policy policy = load(PolicyFixture.with("privacy.admin.token", token));

        assertThat(policy.web().adminToken()).hasValue(token);
        assertThat(policy.web().toString()).doesNotContain(token);
        assertThat(load(PolicyFixture.with("privacy.admin.token", "  ")).web().adminToken()).isEmpty();
    }

    @Test
    void aUrlSafeBase64SecretIsAccepted() {
        String urlSafe = base64("????????????????????????????????").replace('/', '_');

        Policy policy = load(PolicyFixture.with("privacy.consent.ip-hash-key", urlSafe));

        assertThat(policy.consent().ipHashKey()).hasSize(32);
    }
}
