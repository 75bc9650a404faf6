package io.privacykit.spring.boot;

import io.privacykit.policy.Policy;
import io.privacykit.policy.PolicyException;
import io.privacykit.policy.PolicyLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * The policy of a Spring Boot app: {@code privacy.properties} (the file named by
 * {@code privacykit.config} or {@code PRIVACYKIT_CONFIG}, else the classpath resource) overlaid
 * with every {@code privacy.*} property of the Spring environment (application.properties or .yml,
 * profiles, command line, system properties), then the {@code PRIVACY_*} environment variables, as
 * {@link PolicyLoader} reads them everywhere.
 */
final class SpringPolicySource {

    static final String PREFIX = "privacy.";
    /** Spring's view of every source under canonical names: would repeat them, and turn environment variables into keys. */
    private static final String ATTACHED = "configurationProperties";
    /** A YAML list: {@code privacy.cookies.necessary[0]}. */
    private static final Pattern INDEXED = Pattern.compile("(.+)\\[(\\d+)]");

    private SpringPolicySource() {
    }

    /**
     * Builds and validates the policy.
     *
     * @throws PolicyException listing every problem, those of unresolvable placeholders included
     */
    static Policy load(ConfigurableEnvironment environment, ClassLoader loader) {
        List<String> problems = new ArrayList<>();
        Properties props = properties(environment, loader, problems);
        Map<String, String> env = systemEnvironment(environment);
        Policy policy;
        try {
            policy = PolicyLoader.fromProperties(props, env);
        } catch (PolicyException e) {
            problems.addAll(e.problems());
            throw new PolicyException("Invalid PrivacyKit configuration", problems);
        }
        if (!problems.isEmpty()) {
            throw new PolicyException("Invalid PrivacyKit configuration", problems);
        }
        return policy;
    }

    /** The file's keys, then the environment's {@code privacy.*} properties over them. */
    static Properties properties(ConfigurableEnvironment environment, ClassLoader loader, List<String> problems) {
        Properties props = new Properties();
        readFile(environment, loader, props, problems);
        Map<String, TreeMap<Integer, String>> lists = new TreeMap<>();
        for (String name : names(environment)) {
            String value;
            try {
                value = environment.getProperty(name);
            } catch (IllegalArgumentException e) {
                problems.add(name + ": " + e.getMessage());
                continue;
            }
            if (value == null) {
                continue;
            }
            Matcher indexed = INDEXED.matcher(name);
            if (indexed.matches()) {
                lists.computeIfAbsent(indexed.group(1), k -> new TreeMap<>()).put(Integer.parseInt(indexed.group(2)), value);
            } else {
                props.setProperty(name, value);
            }
        }
        lists.forEach((key, items) -> props.setProperty(key, String.join(",", items.values())));
        return props;
    }

    /** The names of every {@code privacy.*} property the app's enumerable property sources hold. */
    private static TreeSet<String> names(ConfigurableEnvironment environment) {
        TreeSet<String> names = new TreeSet<>();
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (ATTACHED.equals(source.getName())
                    || StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME.equals(source.getName())) {
                continue; // environment variables are PolicyLoader's, under their own names
            }
            if (source instanceof EnumerablePropertySource<?> enumerable) {
                for (String name : enumerable.getPropertyNames()) {
                    if (name.startsWith(PREFIX)) {
                        names.add(name);
                    }
                }
            }
        }
        return names;
    }

    private static void readFile(ConfigurableEnvironment environment, ClassLoader loader, Properties props,
                                 List<String> problems) {
        String named = environment.getProperty(PolicyLoader.CONFIG_PROPERTY);
        if (named == null || named.isBlank()) {
            named = environment.getSystemEnvironment().get(PolicyLoader.CONFIG_ENV) instanceof String s ? s : null;
        }
        try {
            if (named != null && !named.isBlank()) {
                Path file = Path.of(named.trim());
                if (!Files.isRegularFile(file)) {
                    problems.add("configuration file " + file.toAbsolutePath() + " does not exist or is not a readable file");
                    return;
                }
                try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    props.load(reader);
                }
                return;
            }
            URL resource = (loader != null ? loader : SpringPolicySource.class.getClassLoader())
                    .getResource(PolicyLoader.RESOURCE);
            if (resource != null) {
                try (InputStream in = resource.openStream()) {
                    props.load(new InputStreamReader(in, StandardCharsets.UTF_8));
                }
            }
        } catch (IOException | RuntimeException e) {
            problems.add("cannot read the PrivacyKit configuration file: " + e.getMessage());
        }
    }

    private static Map<String, String> systemEnvironment(ConfigurableEnvironment environment) {
        Map<String, String> env = new HashMap<>();
        environment.getSystemEnvironment().forEach((k, v) -> {
            if (v instanceof String s) {
                env.put(k, s);
            }
        });
        return env;
    }
}
