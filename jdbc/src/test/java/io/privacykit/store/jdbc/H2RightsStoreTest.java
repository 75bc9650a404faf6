package io.privacykit.store.jdbc;

import io.privacykit.store.StoreSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The rights store contract on the embedded default: an H2 file. */
class H2RightsStoreTest extends RightsStoreContract {

    @TempDir
    Path dataDirectory;

    @Override
    protected StoreSettings freshDatabase() {
        return new StoreSettings("jdbc:h2:file:" + dataDirectory.resolve("privacykit"), "", "", 4);
    }
}
