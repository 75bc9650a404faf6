package io.privacykit.collection;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Makes {@link SubjectId}s under the policy's subject key ({@code privacy.collection.subject-key}):
 * the same person always gets the same id, and without the key an id cannot be traced back or
 * recomputed from a guessed address. Thread-safe.
 */
public final class SubjectIds {

    private static final String ALGORITHM = "HmacSHA256";
    private static final int KEPT_BYTES = 16;

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;

    /** Subject ids under {@code key} (at least 32 bytes). */
    public SubjectIds(byte[] key) {
        if (key.length < 32) {
            throw new IllegalArgumentException("the subject key needs at least 32 bytes");
        }
        this.key = new SecretKeySpec(key.clone(), ALGORITHM);
        this.macs = ThreadLocal.withInitial(this::newMac);
        newMac();
    }

    /** The id of the app's own user id (trimmed, Unicode NFC). */
    public SubjectId ofUserId(String userId) {
        Objects.requireNonNull(userId, "userId");
        String normalized = Normalizer.normalize(userId.strip(), Normalizer.Form.NFC);
        if (normalized.isEmpty()) {
            throw new IllegalArgumentException("empty user id");
        }
        return hash("user\0" + normalized);
    }

    /**
     * The id of an e-mail address, normalised so that one mailbox gets one id: trimmed, Unicode
     * NFKC, lower case. Provider-specific aliases ({@code +tag}, dots) are kept: they may be different people.
     */
    public SubjectId ofEmail(String email) {
        Objects.requireNonNull(email, "email");
        String normalized = Normalizer.normalize(email.strip(), Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        if (normalized.indexOf('@') < 1) {
            throw new IllegalArgumentException("not an e-mail address");
        }
        return hash("email\0" + normalized);
    }

    private SubjectId hash(String input) {
        byte[] mac = macs.get().doFinal(input.getBytes(StandardCharsets.UTF_8));
        return new SubjectId(HexFormat.of().formatHex(mac, 0, KEPT_BYTES));
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
        }
    }
}
