package io.privacykit.servlet;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.privacykit.consent.CookieCategory;
import io.privacykit.policy.Policy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Parses the body of {@code POST /privacy/consent}: a form or a JSON object holding
 * {@code accept=all}, {@code reject=all}, or one field per category ({@code true/false/on/off/1/0}).
 */
final class ChoiceRequest {

    /** The largest body accepted. */
    static final int MAX_BODY = 16 * 1024;

    /**
     * How long a body may take to arrive. A choice is a few dozen bytes; a client that trickles
     * it would otherwise hold a container thread for as long as it likes (each read waits up to
     * the container's idle timeout), and a few hundred such clients starve the whole app.
     */
    static final Duration BODY_DEADLINE = Duration.ofSeconds(5);

    /** Why a body was refused, with the HTTP status to answer. */
    static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;

        Refusal(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    /**
     * The choices a body states: for "Accept all"/"Reject all" every non-required category,
     * otherwise only the categories it names. Fields for required categories are ignored.
     */
    static Map<String, Boolean> parse(Policy policy, ObjectMapper json, String contentType, long contentLength,
                                      InputStream body) throws Refusal, IOException {
        return parse(policy, json, contentType, contentLength, body, BODY_DEADLINE);
    }

    /** {@link #parse(Policy, ObjectMapper, String, long, InputStream)} with its deadline given. */
    static Map<String, Boolean> parse(Policy policy, ObjectMapper json, String contentType, long contentLength,
                                      InputStream body, Duration deadline) throws Refusal, IOException {
        boolean form = isForm(contentType, contentLength);
        byte[] bytes = readAtMost(body, MAX_BODY, System.nanoTime() + deadline.toNanos());
        return parse(policy, json, form, bytes);
    }

    /**
     * Checks what the headers say before any of the body is read: whether it is a form (else JSON).
     *
     * @throws Refusal 415 for another content type, 413 for a declared length over {@link #MAX_BODY}
     */
    static boolean isForm(String contentType, long contentLength) throws Refusal {
        String type = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        boolean form = type.equals("application/x-www-form-urlencoded");
        if (!form && !type.equals("application/json")) {
            throw new Refusal(415, "Send the choice as application/x-www-form-urlencoded or application/json");
        }
        if (contentLength > MAX_BODY) {
            throw new Refusal(413, "The body is larger than " + MAX_BODY + " bytes");
        }
        return form;
    }

    /** The choices a body already read states (see {@link #parse(Policy, ObjectMapper, String, long, InputStream)}). */
    static Map<String, Boolean> parse(Policy policy, ObjectMapper json, boolean form, byte[] bytes) throws Refusal {
        Map<String, String> fields = form ? formFields(bytes) : jsonFields(json, bytes);
        return choices(policy, fields);
    }

    /** The most of a refused body that is read and discarded to keep the connection usable. */
    static final long MAX_DISCARD = 64 * 1024;

    /** The longest a refused body is read for before the connection is closed instead. */
    static final Duration DISCARD_DEADLINE = Duration.ofSeconds(1);

    /**
     * Reads and discards what is left of a refused body, at most {@link #MAX_DISCARD} bytes for at
     * most {@link #DISCARD_DEADLINE}.
     * Answering while the client is still sending makes many clients fail to read the answer;
     * draining a bounded amount first (as Tomcat's {@code maxSwallowSize} does) gives them a clean
     * one. Returns false when more was left, or reading failed: then the connection must close.
     */
    static boolean discardRest(InputStream body) {
        byte[] buffer = new byte[8192];
        long total = 0;
        long deadline = System.nanoTime() + DISCARD_DEADLINE.toNanos();
        try {
            int n;
            while ((n = body.read(buffer)) >= 0) {
                total += n;
                if (total > MAX_DISCARD || System.nanoTime() - deadline > 0) {
                    return false;
                }
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    static byte[] readAtMost(InputStream in, int max, long deadlineNanos) throws IOException, Refusal {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        int n;
        while ((n = in.read(buffer)) > 0) {
            out.write(buffer, 0, n);
            if (out.size() > max) {
                throw new Refusal(413, "The body is larger than " + max + " bytes");
            }
            if (System.nanoTime() - deadlineNanos > 0) {
                throw new Refusal(408, "The body took longer than " + BODY_DEADLINE.toSeconds() + " s to arrive");
            }
        }
        return out.toByteArray();
    }

    private static Map<String, String> formFields(byte[] bytes) throws Refusal {
        Map<String, String> fields = new LinkedHashMap<>();
        String body = new String(bytes, StandardCharsets.UTF_8);
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name;
            String value;
            try {
                name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new Refusal(400, "The form is not correctly URL-encoded");
            }
            put(fields, name, value);
        }
        return fields;
    }

    private static Map<String, String> jsonFields(ObjectMapper json, byte[] bytes) throws Refusal {
        JsonNode root;
        try (JsonParser parser = json.getFactory().createParser(bytes)) {
            // {"advertising": false, "advertising": true} must not be read as either choice.
            parser.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            root = json.readTree(parser);
            if (parser.nextToken() != null) {
                throw new Refusal(400, "The body holds more than one JSON value");
            }
        } catch (JsonProcessingException e) {
            String message = String.valueOf(e.getOriginalMessage());
            if (message.startsWith("Duplicate field")) {
                throw new Refusal(400, "The body names a field twice");
            }
            throw new Refusal(400, "The body is not valid JSON");
        } catch (IOException e) {
            throw new Refusal(400, "The body is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new Refusal(400, "The body must be a JSON object");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            JsonNode value = field.getValue();
            if (!(value.isTextual() || value.isBoolean() || value.isIntegralNumber())) {
                throw new Refusal(400, "Field '" + printable(field.getKey()) + "' must be a boolean, a string or 0/1");
            }
            put(fields, field.getKey(), value.asText());
        }
        return fields;
    }

    private static void put(Map<String, String> fields, String name, String value) throws Refusal {
        if (fields.containsKey(name)) {
            throw new Refusal(400, "Field '" + printable(name) + "' is given more than once");
        }
        if (fields.size() >= 64) {
            throw new Refusal(400, "Too many fields");
        }
        fields.put(name, value);
    }

    private static Map<String, Boolean> choices(Policy policy, Map<String, String> fields) throws Refusal {
        if (fields.isEmpty()) {
            throw new Refusal(400, "No choice given: send accept=all, reject=all or one field per category");
        }
        boolean all = fields.containsKey("accept") || fields.containsKey("reject");
        if (all) {
            if (fields.size() != 1) {
                throw new Refusal(400, "accept=all and reject=all stand alone, without other fields");
            }
            String field = fields.containsKey("accept") ? "accept" : "reject";
            if (!"all".equalsIgnoreCase(fields.get(field).trim())) {
                throw new Refusal(400, field + " must be 'all'");
            }
            Map<String, Boolean> choices = new LinkedHashMap<>();
            for (CookieCategory category : policy.categories()) {
                if (!category.required()) {
                    choices.put(category.name(), field.equals("accept"));
                }
            }
            return choices;
        }
        Map<String, Boolean> choices = new LinkedHashMap<>();
        for (Map.Entry<String, String> field : fields.entrySet()) {
            Optional<CookieCategory> category = policy.category(field.getKey());
            if (category.isEmpty()) {
                throw new Refusal(400, "Unknown category '" + printable(field.getKey()) + "'; the categories are "
                        + policy.categories().stream().map(CookieCategory::name).toList());
            }
            Boolean value = bool(field.getValue());
            if (value == null) {
                throw new Refusal(400, "Field '" + field.getKey() + "' must be true/false, on/off or 1/0");
            }
            if (!category.get().required()) {
                choices.put(field.getKey(), value);
            }
        }
        return choices;
    }

    private static Boolean bool(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "on", "1", "yes" -> Boolean.TRUE;
            case "false", "off", "0", "no" -> Boolean.FALSE;
            default -> null;
        };
    }

    /** A name as it may appear in an error message: short and without control characters. */
    private static String printable(String name) {
        String cut = name.length() > 40 ? name.substring(0, 40) + "..." : name;
        return cut.replaceAll("[\\p{Cntrl}'\"]", "?");
    }

    private ChoiceRequest() {
    }
}
