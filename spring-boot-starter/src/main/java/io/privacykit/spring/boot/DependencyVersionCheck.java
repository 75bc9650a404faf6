package io.privacykit.spring.boot;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Warns at start-up when a library PrivacyKit runs on is older than the oldest version it is tested
 * with: those Spring Boot 3.5.7 manages. An app's dependency management (Boot's, or its own) decides
 * these versions, not PrivacyKit's.
 */
final class DependencyVersionCheck implements SmartInitializingSingleton {

    private static final Logger LOG = LoggerFactory.getLogger(DependencyVersionCheck.class);

    /** A library, found by its jar's Maven metadata, and the oldest version tested. */
    record Library(String name, String groupId, String artifactId, String oldestTested) {
    }

    static final List<Library> LIBRARIES = List.of(
            new Library("Flyway", "org.flywaydb", "flyway-core", "11.7.2"),
            new Library("Jackson", "com.fasterxml.jackson.core", "jackson-databind", "2.19.2"),
            new Library("HikariCP", "com.zaxxer", "HikariCP", "6.3.3"));

    @Override
    public void afterSingletonsInstantiated() {
        for (Library library : LIBRARIES) {
            version(library).filter(v -> older(v, library.oldestTested())).ifPresent(v -> LOG.warn(
                    "{} {} is on the classpath, older than {}, the oldest version PrivacyKit is tested with (Spring Boot"
                            + " 3.5.7's); upgrade {}:{} to {} or later", library.name(), v, library.oldestTested(),
                    library.groupId(), library.artifactId(), library.oldestTested()));
        }
    }

    /** The version of the library's jar, when it is on the classpath and says. */
    static Optional<String> version(Library library) {
        URL pom = DependencyVersionCheck.class.getClassLoader().getResource(
                "META-INF/maven/" + library.groupId() + "/" + library.artifactId() + "/pom.properties");
        if (pom == null) {
            return Optional.empty();
        }
        try (InputStream in = pom.openStream()) {
            Properties properties = new Properties();
            properties.load(in);
            return Optional.ofNullable(properties.getProperty("version"));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Whether dotted version {@code actual} is below {@code oldest}, by its leading numbers ({@code 11.7.2}). */
    static boolean older(String actual, String oldest) {
        int[] a = numbers(actual);
        int[] b = numbers(oldest);
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            int x = i < a.length ? a[i] : 0;
            int y = i < b.length ? b[i] : 0;
            if (x != y) {
                return x < y;
            }
        }
        return false;
    }

    private static int[] numbers(String version) {
        String[] parts = version.split("[.\\-]");
        int[] numbers = new int[Math.min(parts.length, 3)];
        for (int i = 0; i < numbers.length; i++) {
            String digits = parts[i].replaceAll("\\D.*", "");
            numbers[i] = digits.isEmpty() ? 0 : Integer.parseInt(digits);
        }
        return numbers;
    }
}
