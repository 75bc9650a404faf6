package io.privacykit.consent;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HMAC-SHA256 keys of the proof-of-consent ledger ({@code privacy.ledger.keys}), apart from the
 * consent cookie's: the first seals new records, every one verifies, so a key can be rotated while
 * older records, sealed with an older key named by its id, still verify. Without a key the ledger
 * is a plain hash chain that anyone with database access can rewrite consistently.
 */
public final class LedgerKeys {

    /** No key: records are chained but not sealed. */
    public static final LedgerKeys NONE = new LedgerKeys(List.of());

    private static final String DERIVATION_LABEL = "privacykit ledger key v1";
    private static final HexFormat HEX = HexFormat.of();

    private final List<SigningKey> keys;

    private LedgerKeys(List<SigningKey> keys) {
        this.keys = List.copyOf(keys);
    }

    /**
     * These keys, in order: the first seals, all verify.
     *
     * @throws IllegalArgumentException when two keys share an id
     */
    public static LedgerKeys of(List<SigningKey> keys) {
        Set<String> ids = new HashSet<>();
        for (SigningKey key : keys) {
            if (!ids.add(key.id())) {
                throw new IllegalArgumentException("ledger key id '" + key.id() + "' is used twice");
            }
        }
        return new LedgerKeys(keys);
    }

    /**
     * Keys derived from the consent cookie's keys with HMAC-SHA256 under a label of their own, so
     * the two never coincide; used when no ledger key is configured. Each id is {@code d-} and the
     * first 8 hex digits of the derived key's SHA-256 fingerprint.
     */
    public static LedgerKeys derivedFrom(List<SigningKey> consentKeys) {
        List<SigningKey> derived = new ArrayList<>();
        for (SigningKey key : consentKeys) {
            byte[] secret = hmac(key.secret(), DERIVATION_LABEL.getBytes(StandardCharsets.UTF_8));
            String fingerprint = HEX.formatHex(hmac(secret, "id".getBytes(StandardCharsets.UTF_8))).substring(0, 8);
            derived.add(new SigningKey("d-" + fingerprint, secret));
        }
        return of(derived.stream().distinct().toList());
    }

    /** These keys followed by those of {@code others} whose ids are not taken (those only verify). */
    public LedgerKeys followedBy(LedgerKeys others) {
        List<SigningKey> all = new ArrayList<>(keys);
        Set<String> ids = new HashSet<>(ids());
        for (SigningKey key : others.keys) {
            if (ids.add(key.id())) {
                all.add(key);
            }
        }
        return new LedgerKeys(all);
    }

    /** Whether there is a key, so that records are sealed and a rewrite without it is detected. */
    public boolean isKeyed() {
        return !keys.isEmpty();
    }

    /** The key ids, sealing key first; never the secrets. */
    public List<String> ids() {
        return keys.stream().map(SigningKey::id).toList();
    }

    /** The key that seals new records, if any. */
    Optional<SigningKey> sealing() {
        return keys.isEmpty() ? Optional.empty() : Optional.of(keys.get(0));
    }

    /** The key with this id, if configured. */
    Optional<SigningKey> key(String id) {
        return keys.stream().filter(k -> k.id().equals(id)).findFirst();
    }

    /** Lower-case hex HMAC-SHA256 of {@code message} under {@code key}. */
    static String mac(SigningKey key, byte[] message) {
        return HEX.formatHex(key.hmac(message));
    }

    private static byte[] hmac(byte[] secret, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(message);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LedgerKeys other && other.keys.equals(keys);
    }

    @Override
    public int hashCode() {
        return keys.hashCode();
    }

    /** The ids only: secrets are never printed. */
    @Override
    public String toString() {
        return "LedgerKeys" + ids();
    }
}
