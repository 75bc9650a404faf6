package io.privacykit.rights;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Random ids and tokens, and the hash tokens are kept as. */
final class Tokens {

    private final SecureRandom random = new SecureRandom();

    /** A request id: 128 random bits, URL-safe. */
    String newId() {
        return random(16);
    }

    /** A token: 256 random bits, URL-safe; so strong that a fast hash at rest suffices. */
    String newToken() {
        return random(32);
    }

    private String random(int bytes) {
        byte[] value = new byte[bytes];
        random.nextBytes(value);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
    }

    /** SHA-256 of the token, hex. */
    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    /** Whether {@code token} hashes to {@code expectedHash}, in time independent of where they differ. */
    static boolean matches(String token, String expectedHash) {
        if (token == null) {
            return false;
        }
        return MessageDigest.isEqual(hash(token).getBytes(StandardCharsets.US_ASCII),
                expectedHash.getBytes(StandardCharsets.US_ASCII));
    }
}
