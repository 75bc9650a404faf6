package io.privacykit.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The sample's ledger key ({@code privacy.ledger.keys}): generated on first run into
 * {@code <data-dir>/ledger-key} (owner-readable only) as {@code l1:<base64 of 32 random bytes>}
 * and reused after; keys set in the policy or the environment ({@code PRIVACY_LEDGER_KEYS}) win.
 */
final class SampleLedgerKey {

    static final String FILE_NAME = "ledger-key";
    static final String KEY = "privacy.ledger.keys";

    private SampleLedgerKey() {
    }

    /** The key list stored in {@code dataDir}, generated and stored first when absent. */
    static String loadOrCreate(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        try {
            Files.createDirectories(dataDir);
            if (Files.isRegularFile(file)) {
                String keys = Files.readString(file, StandardCharsets.US_ASCII).strip();
                if (!keys.isEmpty()) {
                    return keys;
                }
            }
            byte[] bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            String keys = "l1:" + Base64.getEncoder().encodeToString(bytes);
            SampleSecrets.writeOwnerOnly(file, keys + "\n");
            return keys;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the sample app's ledger key in " + file, e);
        }
    }
}
