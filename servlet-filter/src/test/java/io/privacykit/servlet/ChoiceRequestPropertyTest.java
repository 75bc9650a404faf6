package io.privacykit.servlet;

import io.privacykit.HostileText;
import io.privacykit.HostileInputCount;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.privacykit.consent.UnclassifiedCookies;
import io.privacykit.policy.CspMode;
import io.privacykit.policy.Policy;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
 * The body of {@code POST {prefix}/consent}, form and JSON, under hostile input: the parser the
 * endpoint calls either returns choices for non-required categories only, exactly those a model
 * of the contract allows, or refuses with 400, 413 or 415; nothing else escapes.
 */
@AddLifecycleHook(HostileInputCount.class)
class ChoiceRequestPropertyTest {

    static final Policy POLICY = TestPolicies.policy(UnclassifiedCookies.BLOCK, CspMode.OFF);
    static final List<String> OPTIONAL = List.of("functionality", "performance", "advertising");
    static final String FORM = "application/x-www-form-urlencoded";
    static final String JSON = "application/json";

    private final ObjectMapper json = new ObjectMapper();

    /** A body as sent, and the model's answer: the choices, or the refusal status (0: unknown, mutated). */
    record Body(String contentType, long contentLength, byte[] bytes, Map<String, Boolean> expected, int status,
                String shown) {
        @Override
        public String toString() {
            return contentType + " (" + contentLength + "): " + shown + " -> " + (status == 0 ? "?" : status == 200
                    ? expected : status);
        }
    }

    @Property(tries = 100_000, generation = GenerationMode.RANDOMIZED)
    void theParserAcceptsExactlyWhatTheContractAllows(@ForAll("bodies") Body body) throws Exception {
        Map<String, Boolean> choices = null;
        int status = 200;
        try {
            choices = ChoiceRequest.parse(POLICY, json, body.contentType(), body.contentLength(),
                    new ByteArrayInputStream(body.bytes()));
        } catch (ChoiceRequest.Refusal refusal) {
            status = refusal.status;
            assertThat(refusal.getMessage()).isNotBlank().doesNotContainPattern("\\p{Cntrl}");
        }

        assertThat(status).isIn(200, 400, 413, 415);
        if (choices != null) {
            assertThat(OPTIONAL).containsAll(choices.keySet());
        }
        if (body.status() != 0) {
            assertThat(status).isEqualTo(body.status());
            if (status == 200) {
                assertThat(choices).containsExactlyInAnyOrderEntriesOf(body.expected());
            }
        }
    }

    @Provide
    Arbitrary<Body> bodies() {
        return Arbitraries.randomValue(ChoiceRequestPropertyTest::body);
    }

    static Body body(Random random) {
        String type = switch (random.nextInt(12)) {
            case 0 -> HostileText.oneOf(random, "text/plain", "multipart/form-data; boundary=x", "application/json-patch+json",
                    "", null, "application/x-www-form-urlencoded-evil", "application/javascript");
            case 1, 2, 3, 4, 5 -> HostileText.oneOf(random, FORM, FORM + "; charset=UTF-8", "Application/X-WWW-Form-URLEncoded");
            default -> HostileText.oneOf(random, JSON, JSON + ";charset=utf-8", " APPLICATION/JSON ");
        };
        String base = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        boolean form = base.equals(FORM);
        boolean isJson = base.equals(JSON);

        List<String[]> fields = new ArrayList<>();
        int count = random.nextInt(15) == 0 ? 60 + random.nextInt(10) : random.nextInt(5);
        for (int i = 0; i < count; i++) {
            String name = switch (random.nextInt(10)) {
                case 0 -> "accept";
                case 1 -> "reject";
                case 2 -> "necessary";
                case 3 -> HostileText.oneOf(random, "Performance", "performance ", "ads", "__proto__", "");
                default -> HostileText.oneOf(random, OPTIONAL.toArray(new String[0]));
            };
            String value = HostileText.oneOf(random, "true", "false", "on", "off", "1", "0", "yes", "no", "all", " ALL ",
                    "TRUE", "maybe", "", "2", "-1", "nul\0l");
            fields.add(new String[] {name, value});
        }
        int jsonKind = random.nextInt(10); // 0: a number that is not 0/1, 1: a nested value, else strings/booleans
        String text;
        if (form || !isJson && random.nextBoolean()) {
            StringBuilder out = new StringBuilder();
            for (String[] field : fields) {
                if (out.length() > 0) {
                    out.append(random.nextInt(8) == 0 ? "&&" : "&");
                }
                out.append(URLEncoder.encode(field[0], StandardCharsets.UTF_8));
                if (!field[1].isEmpty() || field[0].isEmpty() || random.nextBoolean()) {
                    out.append('=').append(URLEncoder.encode(field[1], StandardCharsets.UTF_8));
                }
            }
            text = out.toString();
        } else {
            StringBuilder out = new StringBuilder("{");
            for (String[] field : fields) {
                if (out.length() > 1) {
                    out.append(',');
                }
                out.append('"').append(field[0].replace("\0", "\\u0000")).append("\":");
                String v = field[1];
                if (jsonKind == 1 && random.nextInt(3) == 0) {
                    out.append(HostileText.oneOf(random, "[true]", "{\"a\":1}", "null", "1.5"));
                    field[1] = null;
                } else if ((v.equals("true") || v.equals("false")) && random.nextBoolean()) {
                    out.append(v);
                } else if ((v.equals("1") || v.equals("0") || v.equals("2") || v.equals("-1")) && random.nextBoolean()) {
                    out.append(v);
                } else {
                    out.append('"').append(v.replace("\0", "\\u0000")).append('"');
                }
            }
            text = out.append('}').toString();
        }
        boolean mutated = random.nextInt(4) == 0;
        if (mutated) {
            text = random.nextInt(4) == 0 ? HostileText.text(random, 200) : HostileText.mutate(random, text);
        }
        boolean big = random.nextInt(200) == 0;
        if (big) {
            text = text + " ".repeat(ChoiceRequest.MAX_BODY + 1);
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        long length = random.nextInt(3) == 0 ? -1 : bytes.length;
        if (mutated) {
            return new Body(type, length, bytes, null, big && (form || isJson) ? 413 : 0, text);
        }
        int status;
        Map<String, Boolean> expected = null;
        if (!form && !isJson) {
            status = 415;
        } else if (big) {
            status = 413;
        } else {
            expected = new LinkedHashMap<>();
            status = model(fields, expected);
        }
        return new Body(type, length, bytes, expected, status, text);
    }

    /** The contract (docs/security.md): 200 with {@code into} filled, or 400. */
    static int model(List<String[]> fields, Map<String, Boolean> into) {
        Map<String, String> given = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (String[] field : fields) {
            if (!seen.add(field[0]) || given.size() >= 64 || field[1] == null) {
                return 400;
            }
            given.put(field[0], field[1]);
        }
        if (given.isEmpty()) {
            return 400;
        }
        if (given.containsKey("accept") || given.containsKey("reject")) {
            String key = given.containsKey("accept") ? "accept" : "reject";
            if (given.size() != 1 || !given.get(key).trim().equalsIgnoreCase("all")) {
                return 400;
            }
            OPTIONAL.forEach(category -> into.put(category, key.equals("accept")));
            return 200;
        }
        for (Map.Entry<String, String> field : given.entrySet()) {
            Boolean value = switch (field.getValue().trim().toLowerCase(Locale.ROOT)) {
                case "true", "on", "1", "yes" -> Boolean.TRUE;
                case "false", "off", "0", "no" -> Boolean.FALSE;
                default -> null;
            };
            if (!field.getKey().equals("necessary") && !OPTIONAL.contains(field.getKey()) || value == null) {
                return 400;
            }
            if (!field.getKey().equals("necessary")) {
                into.put(field.getKey(), value);
            }
        }
        return 200;
    }
}
