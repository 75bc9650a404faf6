package io.privacykit.policy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;

/** The smallest valid configuration, and helpers to vary it. */
final class PolicyFixture {

    static final String SIGNING_SECRET = base64("signing-secret-of-exactly-32-by!");
    static final String OLD_SIGNING_SECRET = base64("an-older-signing-secret-32-bytes");
    static final String IP_HASH_SECRET = base64("ip-hash-secret-of-exactly-32-by!");

    private PolicyFixture() {
    }

    static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** Version, date and the two required secrets. */
    static Properties minimal() {
        Properties props = new Properties();
        props.setProperty("privacy.policy.version", "2024-03-01");
        props.setProperty("privacy.policy.last-updated", "2024-03-01");
        props.setProperty("privacy.consent.keys", "k1:" + SIGNING_SECRET);
        props.setProperty("privacy.consent.ip-hash-key", IP_HASH_SECRET);
        return props;
    }

    /** {@link #minimal()} with each {@code key, value} pair added or replaced. */
    static Properties with(String... keysAndValues) {
        Properties props = minimal();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            props.setProperty(keysAndValues[i], keysAndValues[i + 1]);
        }
        return props;
    }

    /** {@link #minimal()} without {@code key}. */
    static Properties without(String key) {
        Properties props = minimal();
        props.remove(key);
        return props;
    }

    static Policy load(Properties props) {
        return PolicyLoader.fromProperties(props, Map.of());
    }
}
