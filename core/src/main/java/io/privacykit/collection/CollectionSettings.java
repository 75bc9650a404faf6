package io.privacykit.collection;

/**
 * How {@link CollectionRecorder} runs ({@code privacy.collection.mode}, {@code .subject-key},
 * {@code .queue-size}).
 *
 * @param mode       strict or report
 * @param subjectKey the HMAC key that pseudonymises subjects; never printed
 * @param queueSize  how many records may wait for the writer before callers block
 */
public record CollectionSettings(CollectionMode mode, byte[] subjectKey, int queueSize) {
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
    }

    @Override
    public byte[] subjectKey() {
        return subjectKey.clone();
    }

    /** The key is never printed. */
    @Override
    public String toString() {
        return "CollectionSettings[mode=" + mode + ", queueSize=" + queueSize + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CollectionSettings other && mode == other.mode && queueSize == other.queueSize
                && java.security.MessageDigest.isEqual(subjectKey, other.subjectKey);
    }

    @Override
    public int hashCode() {
        return mode.hashCode() * 31 + queueSize;
    }
}
