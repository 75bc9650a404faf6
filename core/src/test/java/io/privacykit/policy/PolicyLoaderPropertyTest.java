package io.privacykit.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.privacykit.HostileInputCount;
import io.privacykit.HostileText;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * The properties loader under hostile configuration: it returns a policy or throws one
 * {@link PolicyException}, never anything else; the exception names every bad key at once; and
 * no secret's value ever appears in it.
 */
@AddLifecycleHook(HostileInputCount.class)
class PolicyLoaderPropertyTest {

    /** Keys and values each of which is refused on its own, whatever else the configuration holds. */
    static final Map<String, List<String>> BAD = bad();

    static Map<String, List<String>> bad() {
        Map<String, List<String>> bad = new LinkedHashMap<>();
        bad.put(PolicyKeys.POLICY_VERSION, List.of("-starts-with-dash", "has space", "x".repeat(33), "v1;drop"));
        bad.put(PolicyKeys.POLICY_LAST_UPDATED, List.of("yesterday", "2024-13-01", "2024-02-30", "01/03/2024"));
        bad.put(PolicyKeys.POLICY_MINIMUM_AGE, List.of("-1", "121", "sixteen", "99999999999999999999"));
        bad.put(PolicyKeys.COOKIES_UNCLASSIFIED, List.of("maybe", "blocks"));
        bad.put(PolicyKeys.ENFORCEMENT, List.of("sometimes", "report only"));
        bad.put(PolicyKeys.SIGNALS_DNT, List.of("obey", "yes"));
        bad.put(PolicyKeys.SIGNALS_GPC, List.of("never", "true"));
        bad.put(PolicyKeys.GEO_DATABASE, List.of("/nonexistent/GeoLite2-City.mmdb"));
        bad.put(PolicyKeys.GEO_TRUSTED_PROXIES, List.of("10.0.0.0/33", "proxy.internal", "10.0.0.0/8,::1/129", ".:"));
        bad.put(PolicyKeys.GEO_FORWARDED_HEADER, List.of("x-real-ip", "forwarded-for"));
        bad.put(PolicyKeys.GEO_CDN_HEADERS, List.of("akamai", "none,cloudflare"));
        bad.put(PolicyKeys.GEO_OVERRIDES, List.of("10.0.0.0/8=Germany", "10.0.0.0/8", "=DE", "10.0.0.0/8=DE-ABCD"));
        bad.put(PolicyKeys.GEO_CACHE_MAX_SIZE, List.of("0", "-5", "lots"));
        bad.put(PolicyKeys.GEO_CACHE_TTL, List.of("forever", "PT0S", "-PT1H", "1h"));
        bad.put(PolicyKeys.JURISDICTION_FALLBACK, List.of("XX", "gdpr-ish"));
        bad.put(PolicyKeys.JURISDICTION_CONSENT_MODEL, List.of("opt-maybe", "optin"));
        bad.put(PolicyKeys.JURISDICTION_DEADLINE_DAYS, List.of("0", "366", "thirty"));
        bad.put(PolicyKeys.JURISDICTION_EXTENSION_DAYS, List.of("-1", "366"));
        bad.put(PolicyKeys.JURISDICTION_CHILD_CONSENT_AGE, List.of("22", "-1"));
        bad.put(PolicyKeys.CONSENT_KEYS, List.of("k1:c2hvcnQ=", "no-colon", "k1:" + PolicyFixture.SIGNING_SECRET
                + ",k1:" + PolicyFixture.OLD_SIGNING_SECRET, "bad id!:" + PolicyFixture.SIGNING_SECRET));
        bad.put(PolicyKeys.CONSENT_MAX_AGE, List.of("P0D", "-P1D", "soon", "P1Y2"));
        bad.put(PolicyKeys.CONSENT_RECONSENT_BEFORE, List.of("!", "has space"));
        bad.put(PolicyKeys.CONSENT_COOKIE_SECURE, List.of("kinda", "1"));
        bad.put(PolicyKeys.CONSENT_SAME_SITE, List.of("Loose", "none-ish"));
        bad.put(PolicyKeys.CONSENT_IP_HASH_KEY, List.of("c2hvcnQ=", "not base64 at all!", "%%%"));
        bad.put(PolicyKeys.DATA_DIR, List.of(Path.of(System.getProperty("basedir", "."), "pom.xml").toString()));
        bad.put(PolicyKeys.STORE_URL, List.of("postgres://db/privacy", "jdbc:h2:mem:a b"));
        bad.put(PolicyKeys.STORE_POOL_SIZE, List.of("0", "1001", "ten"));
        bad.put(PolicyKeys.WEB_PREFIX, List.of("privacy", "/privacy/", "/a b"));
        bad.put(PolicyKeys.WEB_ALLOWED_ORIGINS, List.of("https://shop.example/path", "ftp://shop.example", "*"));
        bad.put(PolicyKeys.WEB_CONSENT_RATE_LIMIT, List.of("-1", "1000001", "unlimited"));
        bad.put(PolicyKeys.CSP, List.of("strict", "on"));
        bad.put(PolicyKeys.ADMIN_TOKEN, List.of("short", "a token with spaces in it that is long enough"));
        return bad;
    }

    /** Every key the loader reads whose name does not depend on a category, and per-category keys of a few. */
    static final List<String> KEYS = keys();

    static List<String> keys() {
        List<String> keys = new ArrayList<>(PolicyKeys.FIXED);
        keys.addAll(PolicyKeys.COLLECTION_FIXED);
        for (String category : List.of("necessary", "functionality", "performance", "advertising", "live-chat")) {
            keys.addAll(PolicyKeys.categoryKeys(category));
        }
        return List.copyOf(keys);
    }

    /** A configuration: the minimal valid one, some keys set to known-bad values, some to anything. */
    record Config(Properties properties, List<String> badKeys, boolean onlyKnownBad) {
    }

    @Property(tries = 100_000, generation = GenerationMode.RANDOMIZED)
    void aPolicyOrOneExceptionNamingEveryBadKeyAndNoSecret(@ForAll("configs") Config config) {
        Throwable thrown = catchThrowable(() -> PolicyLoader.fromProperties(config.properties(), Map.of()));

        if (thrown == null) {
            assertThat(config.badKeys()).isEmpty();
            return;
        }
        assertThat(thrown).isInstanceOf(PolicyException.class);
        List<String> problems = ((PolicyException) thrown).problems();
        for (String key : config.badKeys()) {
            assertThat(problems).as("the problem with %s", key).anySatisfy(problem -> assertThat(problem).contains(key));
        }
        if (config.onlyKnownBad()) {
            assertThat(config.badKeys()).isNotEmpty();
        }
        for (String secret : PolicyKeys.SECRET) {
            String value = config.properties().getProperty(secret);
            if (value != null && value.strip().length() >= 8 && !isDefault(secret, value)) {
                assertThat(thrown.getMessage()).as("the value of %s", secret).doesNotContain(value.strip());
            }
        }
    }

    private static boolean isDefault(String key, String value) {
        return PolicyFixture.minimal().getProperty(key, "").equals(value);
    }

    @Provide
    Arbitrary<Config> configs() {
        return Arbitraries.randomValue(PolicyLoaderPropertyTest::config);
    }

    static Config config(Random random) {
        Properties props = PolicyFixture.minimal();
        List<String> badKeys = new ArrayList<>();
        List<String> badChoices = new ArrayList<>(BAD.keySet());
        int bad = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(random.nextInt(8) == 0 ? badChoices.size() : 4);
        for (int i = 0; i < bad; i++) {
            String key = badChoices.remove(random.nextInt(badChoices.size()));
            List<String> values = BAD.get(key);
            props.setProperty(key, values.get(random.nextInt(values.size())));
            badKeys.add(key);
        }
        boolean onlyKnownBad = random.nextBoolean();
        if (!onlyKnownBad) {
            int noise = 1 + random.nextInt(3);
            for (int i = 0; i < noise; i++) {
                String key = KEYS.get(random.nextInt(KEYS.size()));
                if (badKeys.contains(key)) {
                    continue;
                }
                String current = props.getProperty(key, "");
                props.setProperty(key, random.nextBoolean() ? HostileText.mutate(random, current)
                        : HostileText.text(random, 40));
            }
            if (random.nextInt(10) == 0) {
                props.setProperty("privacy." + HostileText.text(random, 20), HostileText.text(random, 20));
            }
        }
        return new Config(props, List.copyOf(badKeys), onlyKnownBad);
    }
}
