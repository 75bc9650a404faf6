package io.privacykit.collection;

/**
 * How {@link CollectionRecorder} runs ({@code privacy.collection.mode}, {@code .subject-key},
 * {@code .queue-size}) and the key of unsubscribe links ({@code privacy.communication.unsubscribe-key}).
 *
 * @param mode           strict or report
 * @param subjectKey     the HMAC key that pseudonymises subjects; never printed
 * @param queueSize      how many records may wait for the writer before callers block
 * @param unsubscribeKey the HMAC key of unsubscribe tokens
 *                       ({@link io.privacykit.communication.CommunicationPreferences}); never printed
 */
public record CollectionSettings(CollectionMode mode, byte[] subjectKey, int queueSize, byte[] unsubscribeKey) {
    /** The default queue size. */
    public static final int DEFAULT_QUEUE_SIZE = 65_536;

    public CollectionSettings {
        java.util.Objects.requireNonNull(mode, "mode");
        subjectKey = subjectKey.clone();
        if (subjectKey.length < 32) {
            throw new IllegalArgumentException("the subject key needs at least 32 bytes");
        }
        if (queueSize < 1) {
            throw new IllegalArgumentException("queueSize must be positive: " + queueSize);
        }
        unsubscribeKey = unsubscribeKey.clone();
        if (unsubscribeKey.length < 32) {
            throw new IllegalArgumentException("the unsubscribe key needs at least 32 bytes");
        }
    }

    /** Settings whose unsubscribe key is {@linkplain #derivedUnsubscribeKey derived} from the subject key. */
    public CollectionSettings(CollectionMode mode, byte[] subjectKey, int queueSize) {
        this(mode, subjectKey, queueSize, derivedUnsubscribeKey(subjectKey));
    }

    /**
     * The unsubscribe key made from the subject key when none is configured: an HMAC under its own
     * label, so that neither key's outputs stand in for the other's.
     */
    public static byte[] derivedUnsubscribeKey(byte[] subjectKey) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(subjectKey, "HmacSHA256"));
            return mac.doFinal("privacykit-unsubscribe-key-v1".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
        }
    }

    @Override
    public byte[] subjectKey() {
        return subjectKey.clone();
    }

    @Override
    public byte[] unsubscribeKey() {
        return unsubscribeKey.clone();
    }

    /** The key is never printed. */
    @Override
    public String toString() {
        return "CollectionSettings[mode=" + mode + ", queueSize=" + queueSize + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CollectionSettings other && mode == other.mode && queueSize == other.queueSize
                && java.security.MessageDigest.isEqual(subjectKey, other.subjectKey)
                && java.security.MessageDigest.isEqual(unsubscribeKey, other.unsubscribeKey);
    }

    @Override
    public int hashCode() {
        return mode.hashCode() * 31 + queueSize;
    }
}
