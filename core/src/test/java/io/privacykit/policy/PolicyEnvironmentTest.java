package io.privacykit.policy;

import static io.privacykit.policy.PolicyFixture.IP_HASH_SECRET;
import static io.privacykit.policy.PolicyFixture.SIGNING_SECRET;
import static io.privacykit.policy.PolicyFixture.minimal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.privacykit.consent.DntResponse;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Environment variables override the file, key by key. */
class PolicyEnvironmentTest {

    private static Policy load(Properties props, Map<String, String> env) {
        return PolicyLoader.fromProperties(props, env);
    }

    private static PolicyException failure(Properties props, Map<String, String> env) {
        return catchThrowableOfType(PolicyException.class, () -> load(props, env));
    }

    @ParameterizedTest
    @CsvSource({
        "privacy.geo.database,                      PRIVACY_GEO_DATABASE",
        "privacy.geo.cache.max-size,                PRIVACY_GEO_CACHE_MAX_SIZE",
        "privacy.jurisdiction.default.deadline-days, PRIVACY_JURISDICTION_DEFAULT_DEADLINE_DAYS",
        "privacy.consent.ip-hash-key,               PRIVACY_CONSENT_IP_HASH_KEY",
        "privacy.data-dir,                          PRIVACY_DATA_DIR",
        "privacy.cookies.live-chat,                 PRIVACY_COOKIES_LIVE_CHAT",
    })
    void theVariableIsTheKeyUpperCasedWithUnderscores(String key, String env) {
        assertThat(PolicyKeys.envName(key)).isEqualTo(env);
    }

    @Test
    void theEnvironmentWinsOverTheFile() {
        Properties props = minimal();
        props.setProperty("privacy.signals.dnt", "ignore");
        props.setProperty("privacy.policy.version", "1");

        Policy policy = load(props, Map.of("PRIVACY_SIGNALS_DNT", "honor", "PRIVACY_POLICY_VERSION", " 2 "));

        assertThat(policy.signals().dnt()).isEqualTo(DntResponse.HONOR);
        assertThat(policy.version()).isEqualTo("2");
    }

    @Test
    void secretsCanComeFromTheEnvironmentAlone() {
        Properties props = minimal();
        props.remove("privacy.consent.keys");
        props.remove("privacy.consent.ip-hash-key");

        Policy policy = load(props, Map.of("PRIVACY_CONSENT_KEYS", "env:" + SIGNING_SECRET,
                "PRIVACY_CONSENT_IP_HASH_KEY", IP_HASH_SECRET));

        assertThat(policy.consent().keys()).extracting(k -> k.id()).containsExactly("env");
    }

    @Test
    void anEmptyVariableIsIgnored() {
        Policy policy = load(PolicyFixture.with("privacy.signals.dnt", "honor"), Map.of("PRIVACY_SIGNALS_DNT", "  "));

        assertThat(policy.signals().dnt()).isEqualTo(DntResponse.HONOR);
    }

    @Test
    void categoriesAndTheirKeysCanComeFromTheEnvironment() {
        Policy policy = load(minimal(), Map.of(
                "PRIVACY_CATEGORIES", "live-chat",
                "PRIVACY_COOKIES_LIVE_CHAT", "chat_session",
                "PRIVACY_COOKIES_PERFORMANCE", "_ga, _ga_*",
                "PRIVACY_SALE_PERFORMANCE", "true"));

        assertThat(policy.category("live-chat").orElseThrow().cookies()).containsExactly("chat_session");
        assertThat(policy.category("performance").orElseThrow().cookies()).containsExactly("_ga", "_ga_*");
        assertThat(policy.category("performance").orElseThrow().saleOrSharing()).isTrue();
    }

    @Test
    void aCategoryDeclaredInTheEnvironmentMakesItsFileKeysKnown() {
        Policy policy = load(PolicyFixture.with("privacy.cookies.chat", "chat_id"), Map.of("PRIVACY_CATEGORIES", "chat"));

        assertThat(policy.cookieClassifier().categoryOf("chat_id")).map(c -> c.name()).contains("chat");
    }

    @Test
    void aBadValueFromTheEnvironmentNamesTheVariable() {
        PolicyException e = failure(minimal(), Map.of("PRIVACY_SIGNALS_DNT", "sometimes"));

        assertThat(e.problems()).containsExactly("privacy.signals.dnt (environment variable PRIVACY_SIGNALS_DNT): "
                + "'sometimes' is invalid; expected ignore or honor");
    }

    @Test
    void aBadSecretFromTheEnvironmentIsNotRepeated() {
        PolicyException e = failure(minimal(), Map.of("PRIVACY_CONSENT_IP_HASH_KEY", "dG9vLXNob3J0"));

        assertThat(e.problems()).containsExactly("privacy.consent.ip-hash-key (environment variable "
                + "PRIVACY_CONSENT_IP_HASH_KEY): the value (not shown) is invalid; expected base64 of at least 32 random bytes");
        assertThat(e.getMessage()).doesNotContain("dG9vLXNob3J0");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "PRIVACY_GEO_DATABSE,        unknown environment variable PRIVACY_GEO_DATABSE: did you mean PRIVACY_GEO_DATABASE?",
        "PRIVACY_CONSENT_KEY,        unknown environment variable PRIVACY_CONSENT_KEY: did you mean PRIVACY_CONSENT_KEYS?",
        "PRIVACY_COOKIES_PERFORMACE, unknown environment variable PRIVACY_COOKIES_PERFORMACE: category 'performace' is not declared in privacy.categories; did you mean PRIVACY_COOKIES_PERFORMANCE?",
        "PRIVACY_HOSTS_ANALYTICS,    unknown environment variable PRIVACY_HOSTS_ANALYTICS: category 'analytics' is not declared in privacy.categories",
        "PRIVACY_SALE_NECESSARY,     unknown environment variable PRIVACY_SALE_NECESSARY: the necessary category is always allowed and cannot be a sale or sharing category",
        "PRIVACY_MODE,               unknown environment variable PRIVACY_MODE",
    })
    void anUnknownPrivacyVariableIsAWarningNotAFailure(String name, String message) {
        // Other software shares the PRIVACY_ namespace of the environment: start, but say so.
        assertThat(load(minimal(), Map.of(name, "value"))).isNotNull();

        java.util.List<String> problems = new java.util.ArrayList<>();
        ConfigValues merged = ConfigValues.merge(minimal(), new Properties(), Map.of(name, "value"), problems);
        assertThat(problems).isEmpty();
        assertThat(merged.warnings()).containsExactly(message);
    }

    @Test
    void anUnknownKeyInTheFileStaysAnError() {
        Properties props = minimal();
        props.setProperty("privacy.geo.databse", "/x.mmdb");

        assertThat(failure(props, Map.of()).problems())
                .containsExactly("unknown key 'privacy.geo.databse': did you mean 'privacy.geo.database'?");
    }

    @Test
    void otherVariablesAreNotOurs() {
        Policy policy = load(minimal(), Map.of("PATH", "/usr/bin", "PRIVACYKIT_CONFIG", "/etc/privacy.properties",
                "privacy_geo_database", "/nowhere"));

        assertThat(policy.geo().database()).isEmpty();
    }
}
