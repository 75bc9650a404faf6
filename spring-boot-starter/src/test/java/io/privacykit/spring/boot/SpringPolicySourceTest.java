package io.privacykit.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.privacykit.policy.Policy;
import io.privacykit.policy.PolicyException;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class SpringPolicySourceTest {

    @TempDir
    Path dir;

    private StandardEnvironment environment(String... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (String keyValue : keyValues) {
            int equals = keyValue.indexOf('=');
            map.put(keyValue.substring(0, equals), keyValue.substring(equals + 1));
        }
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addLast(new MapPropertySource("application", map));
        return environment;
    }

    private ClassLoader withPrivacyProperties(String content) throws IOException {
        Files.writeString(dir.resolve("privacy.properties"), content);
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, null);
    }

    @Test
    void appPropertiesOverrideThePrivacyPropertiesFile() throws IOException {
        ClassLoader loader = withPrivacyProperties("privacy.policy.name=from-file\nprivacy.signals.dnt=honor\n");
        Policy policy = SpringPolicySource.load(environment(TestPolicies.valid(dir.resolve("data"),
                "privacy.policy.name=from-app")), loader);
        assertThat(policy.name()).isEqualTo("from-app");
        assertThat(policy.signals().toString()).containsIgnoringCase("honor");
    }

    @Test
    void yamlListsBecomeCommaSeparatedLists() {
        List<String> problems = new ArrayList<>();
        Properties props = SpringPolicySource.properties(environment("privacy.cookies.performance[1]=_gid",
                "privacy.cookies.performance[0]=_ga", "unrelated.key=x"), null, problems);
        assertThat(problems).isEmpty();
        assertThat(props).containsOnly(Map.entry("privacy.cookies.performance", "_ga,_gid"));
    }

    @Test
    void everyProblemIsListedAtOnce() {
        PolicyException e = catchThrowableOfType(PolicyException.class, () -> SpringPolicySource.load(environment(
                "privacy.signals.dnt=maybe", "privacy.geo.databse=/x", "privacy.data-dir=${no.such.placeholder}"), null));
        assertThat(e.problems()).anyMatch(p -> p.contains("no.such.placeholder"))
                .anyMatch(p -> p.contains("privacy.geo.databse"))
                .anyMatch(p -> p.contains("privacy.signals.dnt"))
                .anyMatch(p -> p.contains("privacy.policy.version"))
                .anyMatch(p -> p.contains("privacy.consent.keys"));
    }
}
