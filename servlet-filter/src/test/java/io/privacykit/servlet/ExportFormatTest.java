package io.privacykit.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which form of an export a download without {@code format=} gets, by its {@code Accept} header. */
class ExportFormatTest {

    @ParameterizedTest(name = "Accept: {0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # Accept                                                                  | form
            -                                                                         | json
            */*                                                                       | json
            application/json                                                          | json
            text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8           | html
            text/html;q=0.5, application/json                                         | json
            application/json;q=0.5, text/html                                         | html
            text/html, application/json                                               | json
            text/html;q=0.9, application/*;q=0.8                                      | html
            text/html;q=0                                                             | json
            text/html;q=oops                                                          | json
            TEXT/HTML                                                                 | html
            """)
    void aBrowserGetsTheHtmlViewAndEverythingElseTheJson(String accept, String form) {
        assertThat(RightsEndpoints.prefersHtml(accept) ? "html" : "json").isEqualTo(form);
    }
}
