package io.privacykit.servlet;

import io.privacykit.HostileText;
import io.privacykit.HostileInputCount;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * Request and response headers under hostile input: {@code Cookie} (as the filter reads it),
 * {@code Set-Cookie} (as the gate names it), the deletions a {@code Host} header shapes, and
 * {@code Accept-Language}. None throws; each agrees with a model of the header it reads.
 */
@AddLifecycleHook(HostileInputCount.class)
class HeaderPropertyTest {

    static final String TOKEN_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-.^_`|~";
    static final String VALUE_CHARS = TOKEN_CHARS + "()/:<>?@[]{}\"";

    /** A {@code Cookie} header as sent (one or several lines) and what the filter must read from it (null: unknown). */
    record CookieHeader(List<String> lines, Map<String, String> expected) {
    }

    /**
     * The filter reads the request's cookies from the raw {@code Cookie} header alone: a request
     * that answers nothing but that header is all it needs (and proves it reads nothing else).
     */
    static HttpServletRequest cookieRequest(List<String> lines) {
        return (HttpServletRequest) Proxy.newProxyInstance(HeaderPropertyTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getHeaders") && "Cookie".equalsIgnoreCase((String) args[0])) {
                        return Collections.enumeration(lines);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Property(tries = 100_000, generation = GenerationMode.RANDOMIZED)
    void theCookieHeaderYieldsTokenNamesWithTheirFirstValue(@ForAll("cookieHeaders") CookieHeader header) {
        Map<String, String> cookies = PrivacyFilter.requestCookies(cookieRequest(header.lines()));

        assertThat(cookies.size()).isLessThanOrEqualTo(200);
        assertThat(cookies.keySet()).allSatisfy(name -> assertThat(SetCookieNames.isToken(name)).isTrue());
        if (header.expected() != null) {
            assertThat(cookies).containsExactlyEntriesOf(header.expected());
        }
    }

    /**
     * The one pass over the headers reads what splitting each on {@code ;} and trimming each part
     * reads, names and values of the consent cookie included, those past the 200th name too.
     */
    @Property(tries = 100_000, generation = GenerationMode.RANDOMIZED)
    void theOnePassReadsWhatSplittingAndTrimmingReads(@ForAll("cookieHeaders") CookieHeader header) {
        RequestCookies cookies = PrivacyFilter.requestCookies(cookieRequest(header.lines()), "privacy_consent");

        Map<String, String> splitCookies = new LinkedHashMap<>();
        Set<String> splitValues = new LinkedHashSet<>();
        for (String line : header.lines()) {
            for (String pair : line.split(";")) {
                int equals = pair.indexOf('=');
                String name = (equals < 0 ? pair : pair.substring(0, equals)).trim();
                String value = equals < 0 ? "" : pair.substring(equals + 1).trim();
                if (SetCookieNames.isToken(name) && splitCookies.size() < 200) {
                    splitCookies.putIfAbsent(name, value);
                }
                if (equals > 0 && name.equals("privacy_consent") && splitValues.size() < 4) {
                    splitValues.add(value);
                }
            }
        }
        assertThat(cookies).containsExactlyEntriesOf(splitCookies);
        assertThat(cookies.keySet()).containsExactlyElementsOf(splitCookies.keySet());
        assertThat(cookies.watchedValues()).containsExactlyElementsOf(splitValues);
        assertThat(cookies.watchedValuesDiffer()).isEqualTo(splitValues.size() > 1);
    }

    @Provide
    Arbitrary<CookieHeader> cookieHeaders() {
        return Arbitraries.randomValue(random -> {
            List<String[]> pairs = new ArrayList<>();
            int count = random.nextInt(12) == 0 ? 150 + random.nextInt(150) : random.nextInt(10);
            for (int i = 0; i < count; i++) {
                String name = switch (random.nextInt(6)) {
                    case 0 -> "privacy_consent";
                    case 1 -> "_ga_" + random.nextInt(60);
                    case 2 -> HostileText.oneOf(random, "sid", "_fbp", "lang", "__Host-privacy_consent");
                    default -> HostileText.over(random, TOKEN_CHARS, 1, 12);
                };
                String value = random.nextInt(5) == 0 ? '"' + HostileText.over(random, VALUE_CHARS, 0, 20) + '"'
                        : HostileText.over(random, VALUE_CHARS, 0, 30);
                pairs.add(new String[] {name, value});
            }
            List<String> lines = new ArrayList<>();
            StringBuilder line = new StringBuilder();
            for (String[] pair : pairs) {
                if (line.length() > 0) {
                    if (random.nextInt(10) == 0) {
                        lines.add(line.toString());
                        line.setLength(0);
                    } else {
                        line.append(HostileText.oneOf(random, "; ", ";", " ; ", ";;"));
                    }
                }
                line.append(pair[0]).append('=').append(pair[1]);
            }
            lines.add(line.toString());
            if (random.nextInt(3) == 0) {
                int at = random.nextInt(lines.size());
                lines.set(at, random.nextBoolean() ? HostileText.mutate(random, lines.get(at)) : HostileText.text(random, 300));
                return new CookieHeader(lines, null);
            }
            Map<String, String> expected = new LinkedHashMap<>();
            for (String[] pair : pairs) {
                if (expected.size() < 200) {
                    expected.putIfAbsent(pair[0], pair[1]);
                }
            }
            return new CookieHeader(lines, expected);
        });
    }

    /** A {@code Set-Cookie} value, the cookie name in it (null: none) and the last {@code Path} a browser uses (null: none). */
    record SetCookie(String value, String name, String path, boolean known) {
    }

    @Property(tries = 100_000, generation = GenerationMode.RANDOMIZED)
    void aSetCookieIsNamedByItsTokenNameAndItsLastPath(@ForAll("setCookies") SetCookie header) {
        var name = SetCookieNames.nameOf(header.value());
        String path = SetCookieNames.pathOf(header.value());

        name.ifPresent(n -> assertThat(SetCookieNames.isToken(n)).isTrue());
        assertThat(path == null || path.startsWith("/")).isTrue();
        if (header.known()) {
            assertThat(name.orElse(null)).isEqualTo(header.name());
            assertThat(path).isEqualTo(header.path());
        }
    }

    @Provide
    Arbitrary<SetCookie> setCookies() {
        return Arbitraries.randomValue(random -> {
            String name = HostileText.over(random, TOKEN_CHARS, 1, 16);
            StringBuilder value = new StringBuilder(name).append('=').append(HostileText.over(random, TOKEN_CHARS, 0, 20));
            String path = null;
            int attributes = random.nextInt(5);
            for (int i = 0; i < attributes; i++) {
                switch (random.nextInt(5)) {
                    case 0 -> {
                        String p = "/" + HostileText.over(random, "abc/", 0, 8);
                        value.append(HostileText.oneOf(random, "; Path=", ";path=", "; PATH = ")).append(p);
                        path = p;
                    }
                    case 1 -> {
                        value.append("; Path=relative");
                        path = null;
                    }
                    case 2 -> value.append("; Domain=example.com");
                    case 3 -> value.append("; Max-Age=").append(random.nextInt(1000));
                    default -> value.append(HostileText.oneOf(random, "; Secure", "; HttpOnly", "; SameSite=Lax"));
                }
            }
            if (random.nextInt(3) == 0) {
                return new SetCookie(random.nextBoolean() ? HostileText.mutate(random, value.toString())
                        : HostileText.text(random, 100), null, null, false);
            }
            return new SetCookie(value.toString(), name, path, true);
        });
    }

    /** An {@code Accept-Language} header and the banner language it asks for (null: unknown). */
    record AcceptLanguage(String header, String expected) {
    }

    @Property(tries = 100_000, generation = GenerationMode.RANDOMIZED)
    void theBannerSpeaksTheMostPreferredLanguageItKnowsElseEnglish(@ForAll("acceptLanguages") AcceptLanguage header) {
        String language = BannerAssets.language(header.header());

        assertThat(BannerAssets.LANGUAGES).contains(language);
        if (header.expected() != null) {
            assertThat(language).isEqualTo(header.expected());
        }
    }

    @Provide
    Arbitrary<AcceptLanguage> acceptLanguages() {
        return Arbitraries.randomValue(random -> {
            int count = random.nextInt(6);
            List<String> ranges = new ArrayList<>();
            String best = null;
            double bestWeight = 0;
            for (int i = 0; i < count; i++) {
                String tag = HostileText.oneOf(random, "en", "es", "pt", "de", "fr", "ja", "*", "es-MX", "pt-BR",
                        "EN-gb", "zh-Hant-TW", "x-klingon");
                if (ranges.stream().anyMatch(r -> r.split(";")[0].equalsIgnoreCase(tag))) {
                    continue; // a range listed twice: RFC 9110 gives it no meaning
                }
                int thousandths = random.nextInt(3) == 0 ? 1000 : random.nextInt(1001);
                String weight = thousandths == 1000 && random.nextBoolean() ? ""
                        : ";q=" + (thousandths == 1000 ? "1" : String.format(Locale.ROOT, "0.%03d", thousandths));
                ranges.add(tag + weight);
                String primary = tag.split("-")[0].toLowerCase(Locale.ROOT);
                double w = thousandths / 1000.0;
                if (BannerAssets.LANGUAGES.contains(primary) && w > bestWeight) {
                    best = primary;
                    bestWeight = w;
                }
            }
            String header = String.join(HostileText.oneOf(random, ",", ", ", " , "), ranges);
            return switch (random.nextInt(5)) {
                case 0 -> new AcceptLanguage(HostileText.mutate(random, header), null);
                case 1 -> new AcceptLanguage(random.nextInt(20) == 0 ? HostileText.text(random, 2000)
                        : HostileText.text(random, 60), null);
                default -> new AcceptLanguage(header, header.isBlank() || best == null ? "en" : best);
            };
        });
    }
}
