package io.privacykit.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The sample's operator token ({@code privacy.admin.token}): generated on first run into
 * {@code <data-dir>/admin-token} (owner-readable only) and reused after; one set in the
 * environment ({@code PRIVACY_ADMIN_TOKEN}) wins.
 */
final class SampleAdminToken {

    static final String FILE_NAME = "admin-token";
    static final String KEY = "privacy.admin.token";

    private SampleAdminToken() {
    }

    /** The file holding the token in {@code dataDir}. */
    static Path file(Path dataDir) {
        return dataDir.resolve(FILE_NAME);
    }

    /** The token stored in {@code dataDir}, if any. */
    static java.util.Optional<String> stored(Path dataDir) {
        try {
            Path file = file(dataDir);
            return Files.isRegularFile(file) ? java.util.Optional.of(Files.readString(file, StandardCharsets.US_ASCII).strip())
                    : java.util.Optional.empty();
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    /** The token in {@code dataDir}, generated and stored first when absent. */
    static String loadOrCreate(Path dataDir) {
        Path file = file(dataDir);
        try {
            Files.createDirectories(dataDir);
            if (Files.isRegularFile(file)) {
                String token = Files.readString(file, StandardCharsets.US_ASCII).strip();
                if (token.length() >= 32) {
                    return token;
                }
            }
            byte[] bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            SampleSecrets.writeOwnerOnly(file, token + "\n");
            return token;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the sample app's admin token in " + file, e);
        }
    }
}
