package io.privacykit.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleSecretsTest {

    @Test
    void generatesStrongSecretsOnFirstRunAndKeepsThem(@TempDir Path dir) throws Exception {
        Properties first = SampleSecrets.loadOrCreate(dir);
        String keys = first.getProperty(SampleSecrets.CONSENT_KEYS);
        assertThat(keys).matches("k\\d{8}:[A-Za-z0-9+/=]+");
        assertThat(Base64.getDecoder().decode(keys.substring(keys.indexOf(':') + 1))).hasSize(32);
        assertThat(Base64.getDecoder().decode(first.getProperty(SampleSecrets.IP_HASH_KEY))).hasSize(32);

        Properties second = SampleSecrets.loadOrCreate(dir);
        assertThat(second).isEqualTo(first);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(SampleSecrets.FILE_NAME))))
                .isEqualTo("rw-------");
    }

    @Test
    void twoDataDirectoriesGetDifferentSecrets(@TempDir Path a, @TempDir Path b) {
        assertThat(SampleSecrets.loadOrCreate(a).getProperty(SampleSecrets.CONSENT_KEYS))
                .isNotEqualTo(SampleSecrets.loadOrCreate(b).getProperty(SampleSecrets.CONSENT_KEYS));
    }
}
