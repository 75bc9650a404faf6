package io.privacykit.rights;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The download handle of an export as a {@link RightsStore} keeps it, without the bundle itself.
 *
 * @param requestId    the request it answers
 * @param tokenHash    the SHA-256 hash of the download token
 * @param expiresAt    when the link stops working
 * @param downloadedAt when it was downloaded, after which the bundle is gone
 */
public record StoredExport(String requestId, String tokenHash, Instant expiresAt, Optional<Instant> downloadedAt) {
    public StoredExport {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(tokenHash, "tokenHash");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(downloadedAt, "downloadedAt");
    }
}
