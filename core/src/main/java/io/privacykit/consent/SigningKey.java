package io.privacykit.consent;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An HMAC-SHA256 key for the consent cookie with its id. Several keys may be configured: the
 * first signs, all verify, so keys can be rotated without losing anyone's consent.
 */
public final class SigningKey {

    /** Key ids are short and cookie-safe. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,16}");
    /** HMAC-SHA256 keys shorter than this are refused (RFC 2104 section 3 recommends >= hash length). */
    public static final int MIN_BYTES = 32;

    private final String id;
    private final byte[] secret;
    /** One initialised Mac per thread: a Mac is not thread-safe, and making one costs more than a MAC. */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    public SigningKey(String id, byte[] secret) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(secret, "secret");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("key id must match " + ID + ": '" + id + "'");
        }
        if (secret.length < MIN_BYTES) {
            throw new IllegalArgumentException("key '" + id + "' must be at least " + MIN_BYTES + " bytes, is " + secret.length);
        }
        this.id = id;
        this.secret = secret.clone();
        macs.get(); // fail at start-up, not on the first request, should the platform lack HmacSHA256
    }

    /** The key id written into every cookie it signs. */
    public String id() {
        return id;
    }

    /** A copy of the secret. */
    public byte[] secret() {
        return secret.clone();
    }

    /** The HMAC-SHA256 of {@code message} under this key. */
    byte[] hmac(byte[] message) {
        return macs.get().doFinal(message); // doFinal leaves the Mac ready for the next message
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SigningKey k && k.id.equals(id) && Arrays.equals(k.secret, secret);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    /** The id only: secrets are never printed. */
    @Override
    public String toString() {
        return "SigningKey[" + id + "]";
    }
}
