package io.privacykit.servlet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The banner's script and stylesheet. The server picks the language from {@code Accept-Language}
 * (English, Spanish or Portuguese; English otherwise) and writes the strings, the endpoint and the
 * visitor's current decision into the script, so that the Consent Mode default is set at once.
 */
final class BannerAssets {

    static final List<String> LANGUAGES = List.of("en", "es", "pt");
    private static final String CONFIG_START = "/*PRIVACYKIT_CONFIG*/";
    private static final String CONFIG_END = "/*END*/";

    private final ObjectMapper json;
    private final String scriptHead;
    private final String scriptTail;
    private final byte[] stylesheet;
    private final JsonNode messages;
    /** Identifies the script's code and strings, so that an entity tag changes with a new release. */
    private final byte[] assetsDigest;

    BannerAssets(ObjectMapper json) {
        this.json = json;
        String script = resource("banner.js");
        int start = script.indexOf(CONFIG_START);
        int end = script.indexOf(CONFIG_END, start);
        if (start < 0 || end < 0) {
            throw new IllegalStateException("banner.js lacks its configuration marker");
        }
        this.scriptHead = script.substring(0, start);
        this.scriptTail = script.substring(end + CONFIG_END.length());
        this.stylesheet = resource("banner.css").getBytes(StandardCharsets.UTF_8);
        try {
            this.messages = json.readTree(resource("banner-messages.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.assetsDigest = sha256().digest((script + "\n" + messages).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A strong entity tag (RFC 9110 section 8.8.3) of the script {@link #script} would write for
     * these arguments, computed without writing it, so that a browser revalidating its copy gets a
     * {@code 304} for the cost of a hash.
     */
    String entityTag(String language, String endpoint, JsonNode initial) {
        MessageDigest digest = sha256();
        digest.update(assetsDigest);
        digest.update((language + "\n" + endpoint + "\n" + initial).getBytes(StandardCharsets.UTF_8));
        return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest.digest(), 18)) + "\"";
    }

    /**
     * Whether an {@code If-None-Match} header names {@code entityTag} (or is {@code *}): weak
     * comparison, as RFC 9110 section 13.1.2 asks for this header. A malformed header matches nothing.
     */
    static boolean noneMatchHits(String ifNoneMatch, String entityTag) {
        if (ifNoneMatch == null || ifNoneMatch.length() > 4_096) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.strip();
            if (tag.equals("*")) {
                return true;
            }
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals(entityTag)) {
                return true;
            }
        }
        return false;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /**
     * The banner language for an {@code Accept-Language} header (RFC 9110 section 12.5.4): the
     * most preferred language the banner speaks; English when none, when the header is absent,
     * or when it is malformed.
     */
    static String language(String acceptLanguage) {
        if (acceptLanguage == null || acceptLanguage.isBlank() || acceptLanguage.length() > 1_000) {
            return "en";
        }
        List<Locale.LanguageRange> ranges;
        try {
            ranges = Locale.LanguageRange.parse(acceptLanguage);
        } catch (RuntimeException e) {
            // Not only IllegalArgumentException: the JDK's parser throws ArrayIndexOutOfBoundsException for "-".
            return "en";
        }
        for (Locale.LanguageRange range : ranges) {
            if (range.getWeight() <= 0) {
                continue;
            }
            String tag = range.getRange();
            int dash = tag.indexOf('-');
            String language = (dash < 0 ? tag : tag.substring(0, dash)).toLowerCase(Locale.ROOT);
            if (LANGUAGES.contains(language)) {
                return language;
            }
        }
        return "en";
    }

    /** The script for {@code language}, speaking to {@code endpoint}, with the visitor's state {@code initial}. */
    byte[] script(String language, String endpoint, JsonNode initial) {
        ObjectNode config = json.createObjectNode();
        config.put("endpoint", endpoint);
        config.put("lang", language);
        config.set("messages", messages.get(language));
        config.set("initial", initial);
        String literal;
        try {
            literal = json.writeValueAsString(config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // JSON inside a script: no "</script", and no line separators older engines reject.
        literal = literal.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
        return (scriptHead + literal + scriptTail).getBytes(StandardCharsets.UTF_8);
    }

    byte[] stylesheet() {
        return stylesheet.clone();
    }

    private static String resource(String name) {
        try (InputStream in = BannerAssets.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
