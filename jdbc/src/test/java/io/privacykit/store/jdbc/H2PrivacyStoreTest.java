package io.privacykit.store.jdbc;

import io.privacykit.store.StoreSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on the embedded default: an H2 file, as under the data directory. */
class H2PrivacyStoreTest extends PrivacyStoreContract {

    @TempDir
    Path dataDirectory;

    private int databases;

    @Override
    protected StoreSettings freshDatabase() {
        return new StoreSettings("jdbc:h2:file:" + dataDirectory.resolve("privacykit-" + ++databases), "", "", 4);
    }
}
