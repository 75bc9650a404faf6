package io.privacykit.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A request's cookies as the filter reads them: a map in the order sent, and the consent cookie's values. */
class RequestCookiesTest {

    @Test
    void behavesAsAMapInTheOrderSent() {
        RequestCookies cookies = new RequestCookies();
        Map<String, String> expected = new LinkedHashMap<>();
        for (int i = 0; i < 30; i++) {
            assertThat(cookies.put("c" + i, "v" + i)).isNull();
            expected.put("c" + i, "v" + i);
        }

        assertThat(cookies).isEqualTo(expected).hasSameHashCodeAs(expected);
        assertThat(cookies.keySet()).containsExactlyElementsOf(expected.keySet());
        assertThat(cookies.get("c17")).isEqualTo("v17");
        assertThat(cookies.get("c30")).isNull();
        assertThat(cookies.containsKey("c0")).isTrue();
        assertThat(cookies.keySet().contains("c29")).isTrue();
        assertThat(cookies.keySet().contains("C29")).isFalse();
    }

    @Test
    void putReplacesAValueInPlace() {
        RequestCookies cookies = new RequestCookies();
        cookies.put("a", "1");
        cookies.put("b", "2");

        assertThat(cookies.put("a", "3")).isEqualTo("1");
        assertThat(cookies.putIfAbsent("b", "4")).isEqualTo("2");

        assertThat(cookies).containsExactly(Map.entry("a", "3"), Map.entry("b", "2"));
    }

    @Test
    void itsIteratorsEndWhereTheCookiesDo() {
        RequestCookies cookies = new RequestCookies();
        cookies.put("a", "1");
        Iterator<String> names = cookies.keySet().iterator();
        names.next();

        assertThat(names.hasNext()).isFalse();
        assertThatThrownBy(names::next).isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(() -> cookies.entrySet().iterator().remove()).isInstanceOf(UnsupportedOperationException.class);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            a                 | a           | false
            a a a             | a           | false
            a b a             | a b         | true
            a b c d e f       | a b c d     | true
            a b b c c d d e   | a b c d     | true
            """)
    void keepsTheFirstFourDistinctValuesOfTheWatchedName(String sent, String kept, boolean differ) {
        RequestCookies cookies = new RequestCookies();
        for (String value : sent.split(" ")) {
            cookies.watchedValue(value);
        }

        assertThat(cookies.watchedValues()).containsExactly(kept.split(" "));
        assertThat(cookies.watchedValuesDiffer()).isEqualTo(differ);
    }

    @Test
    void noWatchedValueIsAnEmptyList() {
        assertThat(new RequestCookies().watchedValues()).isEmpty();
    }
}
