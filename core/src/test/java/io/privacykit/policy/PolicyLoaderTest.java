package io.privacykit.policy;

import static io.privacykit.policy.PolicyFixture.IP_HASH_SECRET;
import static io.privacykit.policy.PolicyFixture.OLD_SIGNING_SECRET;
import static io.privacykit.policy.PolicyFixture.SIGNING_SECRET;
import static io.privacykit.policy.PolicyFixture.load;
import static io.privacykit.policy.PolicyFixture.minimal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.privacykit.consent.CookieCategory;
import io.privacykit.consent.DntResponse;
import io.privacykit.consent.UnclassifiedCookies;
import io.privacykit.geo.CdnProvider;
import io.privacykit.geo.Cidr;
import io.privacykit.geo.ForwardedHeader;
import io.privacykit.geo.LocationOverride;
import io.privacykit.jurisdiction.ConsentModel;
import io.privacykit.jurisdiction.Deadline;
import io.privacykit.jurisdiction.DeadlineUnit;
import io.privacykit.jurisdiction.JurisdictionSettings;
import io.privacykit.jurisdiction.Regime;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyLoaderTest {

    @TempDir
    Path dir;

    @Test
    void theSmallestConfigurationGetsEveryDefault() {
        Policy policy = load(minimal());

        assertThat(policy.name()).isEqualTo("default");
        assertThat(policy.version()).isEqualTo("2024-03-01");
        assertThat(policy.lastUpdated()).isEqualTo(LocalDate.of(2024, 3, 1));
        assertThat(policy.minimumAge()).isZero();
        assertThat(policy.categories()).extracting(CookieCategory::name)
                .containsExactly("necessary", "functionality", "performance", "advertising");
        assertThat(policy.categories()).extracting(CookieCategory::required).containsExactly(true, false, false, false);
        assertThat(policy.categories()).extracting(CookieCategory::saleOrSharing).containsExactly(false, false, false, true);
        assertThat(policy.categories()).allSatisfy(c -> assertThat(c.cookies()).isEmpty());
        assertThat(policy.unclassifiedCookies()).isEqualTo(UnclassifiedCookies.BLOCK);
        assertThat(policy.cookieCatalogue()).isTrue();
        assertThat(policy.enforcement()).isEqualTo(Enforcement.ENFORCE);
        assertThat(policy.signals().dnt()).isEqualTo(DntResponse.IGNORE);
        assertThat(policy.signals().gpcHonoredEverywhere()).isFalse();

        assertThat(policy.geo().database()).isEmpty();
        assertThat(policy.geo().trustedProxies()).isEmpty();
        assertThat(policy.geo().forwardedHeader()).isEqualTo(ForwardedHeader.X_FORWARDED_FOR);
        assertThat(policy.geo().cdnHeaders()).isEmpty();
        assertThat(policy.geo().overrides()).isEmpty();
        assertThat(policy.geo().cacheMaxSize()).isEqualTo(100_000);
        assertThat(policy.geo().cacheTtl()).isEqualTo(Duration.ofHours(1));

        assertThat(policy.jurisdiction()).isEqualTo(JurisdictionSettings.defaults());

        // Secure by default, so the name carries __Host-: no sibling subdomain can plant it.
        assertThat(policy.consent().cookieName()).isEqualTo("__Host-privacy_consent");
        assertThat(policy.consent().keys()).extracting(k -> k.id()).containsExactly("k1");
        assertThat(policy.consent().keys().get(0).secret()).isEqualTo(Base64.getDecoder().decode(SIGNING_SECRET));
        assertThat(policy.consent().maxAge()).isEqualTo(Duration.ofDays(365));
        assertThat(policy.consent().reconsentBefore()).isNull();
        assertThat(policy.consent().secureCookie()).isTrue();
        assertThat(policy.consent().sameSite()).isEqualTo("Lax");
        assertThat(policy.consent().ipHashKey()).isEqualTo(Base64.getDecoder().decode(IP_HASH_SECRET));
        assertThat(policy.consent().cacheMaxSize()).isEqualTo(50_000);

        Path dataDir = Path.of("privacykit-data").toAbsolutePath().normalize();
        assertThat(policy.dataDirectory()).isEqualTo(dataDir);
        assertThat(policy.store().url()).isEqualTo("jdbc:h2:file:" + dataDir + "/privacykit;AUTO_SERVER=FALSE");
        assertThat(policy.store().user()).isEmpty();
        assertThat(policy.store().password()).isEmpty();
        assertThat(policy.store().maxPoolSize()).isEqualTo(10);

        assertThat(policy.web().prefix()).isEqualTo("/privacy");
        assertThat(policy.web().allowedOrigins()).isEmpty();
        assertThat(policy.web().csp()).isEqualTo(CspMode.OFF);
    }

    @Test
    void everyKeyIsRead() throws IOException {
        Path database = Files.write(dir.resolve("GeoLite2-Country.mmdb"), new byte[] {1});
        Properties props = minimal();
        props.setProperty("privacy.policy.name", "us-saas");
        props.setProperty("privacy.policy.minimum-age", "16");
        props.setProperty("privacy.categories", "chat");
        props.setProperty("privacy.cookies.necessary", "JSESSIONID");
        props.setProperty("privacy.cookies.chat", "chat_id");
        props.setProperty("privacy.hosts.chat", "Widget.Chat.example");
        props.setProperty("privacy.cookies.unclassified", "allow");
        props.setProperty("privacy.cookies.catalogue", "false");
        props.setProperty("privacy.enforcement", "report-only");
        props.setProperty("privacy.signals.dnt", "honor");
        props.setProperty("privacy.signals.gpc", "everywhere");
        props.setProperty("privacy.geo.database", database.toString());
        props.setProperty("privacy.geo.trusted-proxies", "127.0.0.1, 10.0.0.0/8, ::1, 2001:db8::/32");
        props.setProperty("privacy.geo.forwarded-header", "Forwarded");
        props.setProperty("privacy.geo.cdn-headers", "cloudflare,vercel");
        props.setProperty("privacy.geo.overrides", "10.0.0.0/8=de, 192.168.1.0/24=US-CA");
        props.setProperty("privacy.geo.cache.max-size", "500");
        props.setProperty("privacy.geo.cache.ttl", "PT10M");
        props.setProperty("privacy.jurisdiction.fallback", "DEFAULT");
        props.setProperty("privacy.jurisdiction.default.consent-model", "opt-out");
        props.setProperty("privacy.jurisdiction.default.deadline-days", "30");
        props.setProperty("privacy.jurisdiction.default.extension-days", "0");
        props.setProperty("privacy.jurisdiction.default.child-consent-age", "16");
        props.setProperty("privacy.consent.cookie-name", "__Host-consent");
        props.setProperty("privacy.consent.cache.max-size", "2000");
        props.setProperty("privacy.consent.keys", "k2:" + SIGNING_SECRET + ", k1:" + OLD_SIGNING_SECRET);
        props.setProperty("privacy.consent.max-age", "P6M");
        props.setProperty("privacy.consent.reconsent-before", "2024-01-01");
        props.setProperty("privacy.consent.same-site", "Strict");
        props.setProperty("privacy.data-dir", dir.resolve("data").toString());
        props.setProperty("privacy.store.url", "jdbc:postgresql://db.internal:5432/privacy");
        props.setProperty("privacy.store.user", "privacykit");
        props.setProperty("privacy.store.password", "s3cret");
        props.setProperty("privacy.store.pool-size", "25");
        props.setProperty("privacy.web.prefix", "/legal/privacy");
        props.setProperty("privacy.web.allowed-origins", "HTTPS://WWW.Example.com:443, http://localhost:8080");
        props.setProperty("privacy.csp", "report-only");

        Policy policy = load(props);

        assertThat(policy.name()).isEqualTo("us-saas");
        assertThat(policy.minimumAge()).isEqualTo(16);
        assertThat(policy.categories()).extracting(CookieCategory::name)
                .containsExactly("necessary", "functionality", "performance", "advertising", "chat");
        assertThat(policy.category("necessary").orElseThrow().cookies()).containsExactly("JSESSIONID");
        assertThat(policy.category("chat").orElseThrow())
                .isEqualTo(new CookieCategory("chat", false, false, List.of("chat_id"), List.of("widget.chat.example")));
        assertThat(policy.unclassifiedCookies()).isEqualTo(UnclassifiedCookies.ALLOW);
        assertThat(policy.cookieCatalogue()).isFalse();
        assertThat(policy.enforcement()).isEqualTo(Enforcement.REPORT_ONLY);
        assertThat(policy.cookieClassifier().categoryOf("_gid")).isEmpty();
        assertThat(policy.cookieClassifier().categoryOf("XSRF-TOKEN")).map(c -> c.name()).contains("necessary");
        assertThat(policy.signals().dnt()).isEqualTo(DntResponse.HONOR);
        assertThat(policy.signals().gpcHonoredEverywhere()).isTrue();
        assertThat(policy.geo().database()).contains(database.toAbsolutePath());
        assertThat(policy.geo().trustedProxies()).containsExactly(Cidr.parse("127.0.0.1/32"), Cidr.parse("10.0.0.0/8"),
                Cidr.parse("::1/128"), Cidr.parse("2001:db8::/32"));
        assertThat(policy.geo().forwardedHeader()).isEqualTo(ForwardedHeader.FORWARDED);
        assertThat(policy.geo().cdnHeaders()).containsExactlyInAnyOrder(CdnProvider.CLOUDFLARE, CdnProvider.VERCEL);
        assertThat(policy.geo().overrides()).containsExactly(
                new LocationOverride(Cidr.parse("10.0.0.0/8"), "DE", null),
                new LocationOverride(Cidr.parse("192.168.1.0/24"), "US", "CA"));
        assertThat(policy.geo().cacheMaxSize()).isEqualTo(500);
        assertThat(policy.geo().cacheTtl()).isEqualTo(Duration.ofMinutes(10));
        assertThat(policy.jurisdiction()).isEqualTo(new JurisdictionSettings(Regime.DEFAULT, ConsentModel.OPT_OUT,
                Deadline.of(30, DeadlineUnit.CALENDAR_DAYS, 0), 16));
        assertThat(policy.consent().cookieName()).isEqualTo("__Host-consent");
        assertThat(policy.consent().keys()).extracting(k -> k.id()).containsExactly("k2", "k1");
        assertThat(policy.consent().maxAge()).isEqualTo(ChronoUnit.MONTHS.getDuration().multipliedBy(6));
        assertThat(policy.consent().reconsentBefore()).isEqualTo("2024-01-01");
        assertThat(policy.consent().cacheMaxSize()).isEqualTo(2000);
        assertThat(policy.consent().sameSite()).isEqualTo("Strict");
        assertThat(policy.dataDirectory()).isEqualTo(dir.resolve("data").toAbsolutePath());
        assertThat(policy.store().url()).isEqualTo("jdbc:postgresql://db.internal:5432/privacy");
        assertThat(policy.store().user()).isEqualTo("privacykit");
        assertThat(policy.store().password()).isEqualTo("s3cret");
        assertThat(policy.store().maxPoolSize()).isEqualTo(25);
        assertThat(policy.web().prefix()).isEqualTo("/legal/privacy");
        assertThat(policy.web().allowedOrigins()).containsExactly("https://www.example.com", "http://localhost:8080");
        assertThat(policy.web().csp()).isEqualTo(CspMode.REPORT_ONLY);
    }

    @ParameterizedTest
    @CsvSource({
        "P365D, 31536000",
        "p30d,  2592000",
        "P12M,  31556952",
        "P1Y,   31556952",
        "P2W,   1209600",
        "PT36H, 129600",
    })
    void consentMaxAgeIsAnIsoPeriodOrDuration(String text, long seconds) {
        Policy policy = load(PolicyFixture.with("privacy.consent.max-age", text));

        assertThat(policy.consent().maxAge()).isEqualTo(Duration.ofSeconds(seconds));
    }

    @ParameterizedTest
    @CsvSource({
        "'  us-saas  ', us-saas",
        "'', default",
        "'   ', default",
    })
    void valuesAreTrimmedAndEmptyMeansTheDefault(String value, String name) {
        Policy policy = load(PolicyFixture.with("privacy.policy.name", value));

        assertThat(policy.name()).isEqualTo(name);
    }

    @Test
    void booleansAndCodesIgnoreCase() {
        Properties props = PolicyFixture.with(
                "privacy.consent.cookie-secure", "FALSE",
                "privacy.consent.same-site", "strict",
                "privacy.jurisdiction.fallback", "uk_gdpr",
                "privacy.csp", "Enforce");

        Policy policy = load(props);

        assertThat(policy.consent().secureCookie()).isFalse();
        assertThat(policy.consent().sameSite()).isEqualTo("Strict");
        assertThat(policy.jurisdiction().fallback()).isEqualTo(Regime.UK_GDPR);
        assertThat(policy.web().csp()).isEqualTo(CspMode.ENFORCE);
    }

    @Test
    void cdnHeadersNoneTrustsNoCdn() {
        Policy policy = load(PolicyFixture.with("privacy.geo.cdn-headers", "none"));

        assertThat(policy.geo().cdnHeaders()).isEmpty();
    }

    @Test
    void loadsAUtf8FileWithEnvironmentOverrides() throws IOException {
        Path file = dir.resolve("privacy.properties");
        Files.writeString(file, """
                # the EU reference policy
                privacy.policy.name = Política de privacidad
                privacy.policy.version = 3
                privacy.policy.last-updated = 2021-06-01
                privacy.consent.keys = k1:%s
                privacy.consent.ip-hash-key = %s
                privacy.signals.dnt = ignore
                """.formatted(SIGNING_SECRET, IP_HASH_SECRET), StandardCharsets.UTF_8);

        Policy policy = PolicyLoader.load(file, Map.of("PRIVACY_SIGNALS_DNT", "honor"));

        assertThat(policy.name()).isEqualTo("Política de privacidad");
        assertThat(policy.version()).isEqualTo("3");
        assertThat(policy.signals().dnt()).isEqualTo(DntResponse.HONOR);
    }

    @Test
    void problemsInAFileNameTheFile() throws IOException {
        Path file = Files.writeString(dir.resolve("privacy.properties"), "privacy.csp=sometimes\n");

        assertThatThrownBy(() -> PolicyLoader.load(file, Map.of()))
                .isInstanceOf(PolicyException.class)
                .hasMessageStartingWith("Invalid PrivacyKit configuration in " + file.toAbsolutePath() + " (5 problems):");
    }

    @Test
    void aMissingFileIsOneProblem() {
        Path file = dir.resolve("nowhere.properties");

        assertThatThrownBy(() -> PolicyLoader.load(file, Map.of()))
                .isInstanceOfSatisfying(PolicyException.class, e -> assertThat(e.problems()).containsExactly(
                        "configuration file " + file.toAbsolutePath() + " does not exist or is not a readable file"));
    }

    @Test
    void theSystemPropertyNamesTheFileFirst() throws IOException {
        Path fromProperty = write("property.properties", "from-property");
        Path fromEnv = write("env.properties", "from-env");

        Policy policy = PolicyLoader.load(fromProperty.toString(), Map.of("PRIVACYKIT_CONFIG", fromEnv.toString()),
                classLoaderWith("from-classpath"));

        assertThat(policy.name()).isEqualTo("from-property");
    }

    @Test
    void thenTheEnvironmentVariable() throws IOException {
        Path fromEnv = write("env.properties", "from-env");

        Policy policy = PolicyLoader.load(" ", Map.of("PRIVACYKIT_CONFIG", fromEnv.toString()),
                classLoaderWith("from-classpath"));

        assertThat(policy.name()).isEqualTo("from-env");
    }

    @Test
    void thenTheClasspathResourceWithEnvironmentOverrides() throws IOException {
        Policy policy = PolicyLoader.load(null, Map.of("PRIVACY_CSP", "enforce"), classLoaderWith("from-classpath"));

        assertThat(policy.name()).isEqualTo("from-classpath");
        assertThat(policy.web().csp()).isEqualTo(CspMode.ENFORCE);
    }

    @Test
    void systemPropertiesNamedLikeKeysOverrideTheFileAndTheEnvironmentOverridesThem() throws IOException {
        Properties system = new Properties();
        system.setProperty("privacy.policy.name", "from-system-property");
        system.setProperty("privacy.signals.dnt", "honor");
        system.setProperty("privacy.csp", "report-only");
        system.setProperty("java.version", "17"); // not a privacy.* property: not PrivacyKit's

        Policy policy = PolicyLoader.load(null, Map.of("PRIVACY_CSP", "enforce"), system,
                classLoaderWith("from-classpath"));

        assertThat(policy.name()).isEqualTo("from-system-property");
        assertThat(policy.signals().dnt()).isEqualTo(DntResponse.HONOR);
        assertThat(policy.web().csp()).isEqualTo(CspMode.ENFORCE);
    }

    @Test
    void anInvalidSystemPropertyIsNamedAsOne() throws IOException {
        Properties system = new Properties();
        system.setProperty("privacy.signals.dnt", "maybe");

        assertThatThrownBy(() -> PolicyLoader.load(null, Map.of(), system, classLoaderWith("from-classpath")))
                .isInstanceOfSatisfying(PolicyException.class, e -> assertThat(e.problems()).containsExactly(
                        "privacy.signals.dnt (system property): 'maybe' is invalid; expected ignore or honor"));
    }

    @Test
    void anUnknownPrivacySystemPropertyIsAWarningLikeAnUnknownVariable() throws IOException {
        Properties system = new Properties();
        system.setProperty("privacy.geo.databse", "/tmp/x.mmdb");
        List<String> problems = new ArrayList<>();

        ConfigValues merged = ConfigValues.merge(PolicyFixture.minimal(), system, Map.of(), problems);

        assertThat(problems).isEmpty();
        assertThat(merged.warnings()).containsExactly(
                "unknown system property 'privacy.geo.databse': did you mean 'privacy.geo.database'?");
        assertThat(PolicyLoader.load(null, Map.of(), system, classLoaderWith("from-classpath"))).isNotNull();
    }

    @Test
    void noConfigurationAnywhereSaysWhereItLooked() throws IOException {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        try (URLClassLoader loader = new URLClassLoader(new URL[] {empty.toUri().toURL()}, null)) {
            assertThatThrownBy(() -> PolicyLoader.load(null, Map.of(), loader))
                    .isInstanceOfSatisfying(PolicyException.class, e -> assertThat(e.problems()).containsExactly(
                            "no privacy.properties on the classpath, and neither -Dprivacykit.config nor "
                                    + "PRIVACYKIT_CONFIG names a file"));
        }
    }

    private Path write(String fileName, String policyName) throws IOException {
        Properties props = PolicyFixture.with(
                "privacy.policy.name", policyName);
        Path file = dir.resolve(fileName);
        try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            props.store(out, null);
        }
        return file;
    }

    private ClassLoader classLoaderWith(String policyName) throws IOException {
        Path classpath = Files.createDirectories(dir.resolve("classpath"));
        Path resource = write("privacy.properties", policyName);
        Files.move(resource, classpath.resolve("privacy.properties"));
        return new URLClassLoader(new URL[] {classpath.toUri().toURL()}, null);
    }

    @Test
    void policyExceptionListsOneProblemPerLine() {
        PolicyException e = new PolicyException("Invalid PrivacyKit configuration", List.of("first", "second"));

        assertThat(e.getMessage()).isEqualTo("Invalid PrivacyKit configuration (2 problems):\n  - first\n  - second");
        assertThat(e.problems()).containsExactly("first", "second");
    }
}
