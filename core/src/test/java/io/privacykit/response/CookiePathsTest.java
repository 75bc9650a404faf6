package io.privacykit.response;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The paths a cookie is expired at: {@code /}, the context path, and those the app set it under, bounded. */
class CookiePathsTest {

    @ParameterizedTest(name = "{0} in [{1}] after {2} -> {3}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            _ga          | /examples | -                                   | / /examples
            _ga          | ''        | -                                   | /
            _ga          | /examples | /examples/                          | / /examples /examples/
            _ga          | /examples | /examples/ /examples/ /              | / /examples /examples/
            _ga          | /examples | /a /b /c /d /e                      | / /examples /a /b /c /d
            _ga          | /examples | /has;semicolon /has,comma relative  | / /examples
            __Host-pref  | /examples | /examples/                          | /
            """)
    void pathsToExpireAt(String name, String contextPath, String recorded, String expected) {
        CookiePaths paths = new CookiePaths();
        if (recorded != null) {
            for (String path : recorded.split(" ")) {
                paths.record(name, path);
            }
        }

        assertThat(paths.of(name, contextPath)).containsExactlyElementsOf(List.of(expected.split(" ")));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            /examples/app/page   | /examples/app
            /examples/           | /examples
            /page                | /
            /                    | /
            -                    | /
            page                 | /
            """)
    void theDefaultPathIsTheRequestsDirectory(String requestPath, String expected) {
        assertThat(CookiePaths.defaultPath(requestPath)).isEqualTo(expected);
    }

    @Test
    void namesAreBounded() {
        CookiePaths paths = new CookiePaths();
        for (int i = 0; i < CookiePaths.MAX_NAMES + 10; i++) {
            paths.record("c" + i, "/x");
        }

        assertThat(paths.of("c0", "")).containsExactly("/", "/x");
        assertThat(paths.of("c" + (CookiePaths.MAX_NAMES + 5), "")).containsExactly("/");
    }
}
