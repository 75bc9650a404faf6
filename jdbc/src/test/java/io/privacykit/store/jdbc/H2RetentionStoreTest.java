package io.privacykit.store.jdbc;

import io.privacykit.store.StoreSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The retention contract on the embedded default: one H2 file, two instances' pools. */
class H2RetentionStoreTest extends RetentionStoreContract {

    @TempDir
    Path dataDirectory;

    @Override
    protected StoreSettings freshDatabase() {
        return new StoreSettings("jdbc:h2:file:" + dataDirectory.resolve("privacykit"), "", "", 4);
    }
}
