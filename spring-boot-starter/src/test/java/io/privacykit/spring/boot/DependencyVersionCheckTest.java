package io.privacykit.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DependencyVersionCheckTest {

    @Test
    void comparesDottedVersions() {
        assertThat(DependencyVersionCheck.older("11.7.1", "11.7.2")).isTrue();
        assertThat(DependencyVersionCheck.older("10.22.0", "11.7.2")).isTrue();
        assertThat(DependencyVersionCheck.older("11.7.2", "11.7.2")).isFalse();
        assertThat(DependencyVersionCheck.older("11.20.2", "11.7.2")).isFalse();
        assertThat(DependencyVersionCheck.older("2.19", "2.19.2")).isTrue();
        assertThat(DependencyVersionCheck.older("7.0.2", "6.3.3")).isFalse();
        assertThat(DependencyVersionCheck.older("3.0.0-RC1", "2.19.2")).isFalse();
    }

    @Test
    void findsTheVersionsOnTheClasspath() {
        for (DependencyVersionCheck.Library library : DependencyVersionCheck.LIBRARIES) {
            assertThat(DependencyVersionCheck.version(library)).as(library.name()).isPresent();
        }
    }
}
