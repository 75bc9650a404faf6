package io.privacykit.store;

import java.util.Objects;

/**
 * Where PrivacyKit keeps its records ({@code privacy.store.*}): an H2 file under the data
 * directory by default, or a PostgreSQL database shared by several app instances.
 *
 * @param url          the JDBC URL ({@code jdbc:h2:file:...} or {@code jdbc:postgresql://...})
 * @param user         the database user, may be empty
 * @param password     the database password, may be empty; never logged
 * @param maxPoolSize  the most connections the pool opens
 */
public record StoreSettings(String url, String user, String password, int maxPoolSize) {
    public StoreSettings {
        Objects.requireNonNull(url, "url");
        user = user == null ? "" : user;
        password = password == null ? "" : password;
        if (maxPoolSize < 1) {
            throw new IllegalArgumentException("maxPoolSize must be at least 1: " + maxPoolSize);
        }
    }

    /** The password is never printed. */
    @Override
    public String toString() {
        return "StoreSettings[url=" + url + ", user=" + user + ", maxPoolSize=" + maxPoolSize + "]";
    }
}
