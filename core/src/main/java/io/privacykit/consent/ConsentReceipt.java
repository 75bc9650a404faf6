package io.privacykit.consent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.privacykit.geo.LocationSource;
import io.privacykit.jurisdiction.Regime;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a visitor is given as proof of a consent change: the choices, when and under which policy
 * and law they were made, and the record's place in the hash-chained ledger. Loosely modelled on
 * the Kantara Initiative's consent receipt idea; it does not claim conformance to that
 * specification. Holds nothing the visitor did not already know: no IP hash, no user agent.
 *
 * @param consentId     the pseudonymous consent id
 * @param timestamp     when the change was recorded
 * @param policyVersion the policy version it was made under
 * @param jurisdiction  the law that applied and how the location was decided
 * @param choices       category name to granted
 * @param method        how the change came about
 * @param sequence      the ledger record's sequence number
 * @param hash          the ledger record's hash
 * @param previousHash  the hash of the record before it
 */
public record ConsentReceipt(String consentId, Instant timestamp, String policyVersion,
                             ReceiptJurisdiction jurisdiction, Map<String, Boolean> choices,
                             ConsentMethod method, long sequence, String hash, String previousHash) {

    /** The JSON receipt format, written as {@code "version"}. */
    public static final String VERSION = "privacykit-receipt-1";

    private static final ObjectMapper JSON = new ObjectMapper();

    public ConsentReceipt {
        Objects.requireNonNull(consentId, "consentId");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(policyVersion, "policyVersion");
        Objects.requireNonNull(jurisdiction, "jurisdiction");
        choices = Collections.unmodifiableMap(new LinkedHashMap<>(choices));
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(previousHash, "previousHash");
    }

    /**
     * The law a consent was given under, as shown on the receipt.
     *
     * @param regime         the regime
     * @param law            the law's name
     * @param country        the visitor's country, or {@code null}
     * @param region         the visitor's subdivision, or {@code null}
     * @param locationSource how the location was decided
     */
    public record ReceiptJurisdiction(Regime regime, String law, String country, String region,
                                      LocationSource locationSource) {
        public ReceiptJurisdiction {
            Objects.requireNonNull(regime, "regime");
            Objects.requireNonNull(law, "law");
            Objects.requireNonNull(locationSource, "locationSource");
        }
    }

    /** The receipt of a ledger record. */
    public static ConsentReceipt of(LedgerEntry entry) {
        ConsentEvent event = entry.event();
        return new ConsentReceipt(event.consentId(), event.at(), event.policyVersion(),
                new ReceiptJurisdiction(event.regime(), event.law(), event.country(), event.region(),
                        event.locationSource()),
                event.choices(), event.method(), entry.sequence(), entry.hash(), entry.previousHash());
    }

    /**
     * The receipt as one JSON object: {@code version}, {@code consentId}, {@code timestamp}
     * (ISO-8601, UTC), {@code policyVersion}, {@code jurisdiction} ({@code regime}, {@code law},
     * {@code country}, {@code region}, {@code locationSource}), {@code choices}, {@code method},
     * and {@code ledger} ({@code sequence}, {@code hash}, {@code previousHash}, {@code algorithm}).
     */
    public String toJson() {
        return toJsonTree().toString();
    }

    /** The receipt as the JSON object {@link #toJson()} writes, for embedding in a larger answer. */
    public ObjectNode toJsonTree() {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", VERSION);
        root.put("consentId", consentId);
        root.put("timestamp", timestamp.toString());
        root.put("policyVersion", policyVersion);
        ObjectNode law = root.putObject("jurisdiction");
        law.put("regime", jurisdiction.regime().name());
        law.put("law", jurisdiction.law());
        law.put("country", jurisdiction.country());
        law.put("region", jurisdiction.region());
        law.put("locationSource", jurisdiction.locationSource().code());
        ObjectNode chosen = root.putObject("choices");
        choices.forEach(chosen::put);
        root.put("method", method.code());
        ObjectNode ledger = root.putObject("ledger");
        ledger.put("sequence", sequence);
        ledger.put("hash", hash);
        ledger.put("previousHash", previousHash);
        ledger.put("algorithm", "SHA-256 " + LedgerChain.FORMAT_V2);
        return root;
    }

    /**
     * Reads a receipt written by {@link #toJson()}, for example one a visitor sends back as
     * evidence; empty when the text is not such a receipt. Never throws.
     */
    public static Optional<ConsentReceipt> parse(String text) {
        if (text == null || text.length() > 64 * 1024) {
            return Optional.empty();
        }
        try {
            JsonNode root = JSON.readTree(text);
            JsonNode law = root.path("jurisdiction");
            JsonNode ledger = root.path("ledger");
            if (!VERSION.equals(root.path("version").asText()) || !root.path("choices").isObject()
                    || !ledger.path("sequence").canConvertToLong()) {
                return Optional.empty();
            }
            Map<String, Boolean> choices = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> choice : root.path("choices").properties()) {
                if (!choice.getValue().isBoolean()) {
                    return Optional.empty();
                }
                choices.put(choice.getKey(), choice.getValue().booleanValue());
            }
            return Optional.of(new ConsentReceipt(
                    text(root, "consentId"),
                    Instant.parse(text(root, "timestamp")),
                    text(root, "policyVersion"),
                    new ReceiptJurisdiction(
                            Regime.valueOf(text(law, "regime")),
                            text(law, "law"),
                            law.path("country").textValue(),
                            law.path("region").textValue(),
                            LocationSource.valueOf(text(law, "locationSource").toUpperCase(Locale.ROOT))),
                    choices,
                    ConsentMethod.valueOf(text(root, "method").toUpperCase(Locale.ROOT)),
                    ledger.path("sequence").asLong(),
                    text(ledger, "hash"),
                    text(ledger, "previousHash")));
        } catch (Exception e) { // any malformed receipt is simply not a receipt
            return Optional.empty();
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (!value.isTextual()) {
            throw new IllegalArgumentException("missing " + field);
        }
        return value.textValue();
    }
}
