package io.privacykit.policy;

import static io.privacykit.policy.PolicyFixture.IP_HASH_SECRET;
import static io.privacykit.policy.PolicyFixture.SIGNING_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/configuration.md documents every key, and its example loads. */
class PolicyDocumentationTest {

    private static final Path REFERENCE = Path.of("").toAbsolutePath().getParent().resolve("docs/configuration.md");

    @Test
    void everyKeyHasARowWithItsEnvironmentVariable() throws IOException {
        String reference = Files.readString(REFERENCE);

        for (String key : PolicyKeys.FIXED) {
            assertThat(reference).as(key).contains("| `" + key + "` |").contains("`" + PolicyKeys.envName(key) + "`");
        }
        for (String family : new String[] {"cookies", "hosts", "sale"}) {
            assertThat(reference).contains("| `privacy." + family + ".<category>` |");
        }
    }

    @Test
    void theCompleteExampleLoads(@TempDir Path dir) throws IOException {
        String reference = Files.readString(REFERENCE);
        Matcher example = Pattern.compile("```properties\n(.*?)```", Pattern.DOTALL).matcher(reference);
        assertThat(example.find()).isTrue();
        Properties props = new Properties();
        props.load(new StringReader(example.group(1)));
        Path database = Files.write(dir.resolve("GeoLite2-City.mmdb"), new byte[] {1});

        Policy policy = PolicyLoader.fromProperties(props, Map.of(
                "PRIVACY_CONSENT_KEYS", "k1:" + SIGNING_SECRET,
                "PRIVACY_CONSENT_IP_HASH_KEY", IP_HASH_SECRET,
                "PRIVACY_GEO_DATABASE", database.toString()));

        assertThat(policy.name()).isEqualTo("us-saas");
        assertThat(policy.cookieClassifier().categoryOf("_ga_XYZ")).map(c -> c.name()).contains("performance");
    }
}
