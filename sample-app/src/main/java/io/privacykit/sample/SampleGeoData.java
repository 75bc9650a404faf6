package io.privacykit.sample;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The sample app's embedded geolocation data: the GeoLite2 City file (CC BY-SA 4.0, by MaxMind,
 * built 2019-11-19) that the {@code org.elasticsearch:geolite2-databases} jar on the app's class
 * path carries, unpacked once into the data directory, where MaxMind's reader can map it.
 */
final class SampleGeoData {

    static final String RESOURCE = "GeoLite2-City.mmdb";
    static final String SHA256 = "1ad2923967d10c6d91978f7ebb0ad9b888ff7190c13d0a6021e1bd71b3d7b24e";

    private SampleGeoData() {
    }

    /**
     * The unpacked file in {@code dataDir}, unpacked now if it is missing or not the expected file;
     * empty when the jar is not on the class path.
     */
    static Optional<Path> unpack(Path dataDir) {
        Path target = dataDir.resolve("geolite2-20191119").resolve(RESOURCE);
        try {
            if (Files.isRegularFile(target) && SHA256.equals(sha256(target))) {
                return Optional.of(target);
            }
            try (InputStream in = SampleGeoData.class.getClassLoader().getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    return Optional.empty();
                }
                Files.createDirectories(target.getParent());
                Path partial = target.resolveSibling(RESOURCE + ".partial");
                MessageDigest digest = sha256();
                try (InputStream digesting = new DigestInputStream(in, digest)) {
                    Files.copy(digesting, partial, StandardCopyOption.REPLACE_EXISTING);
                }
                String actual = HexFormat.of().formatHex(digest.digest());
                if (!SHA256.equals(actual)) {
                    Files.deleteIfExists(partial);
                    throw new IllegalStateException("the bundled " + RESOURCE + " has sha256 " + actual
                            + ", expected " + SHA256);
                }
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                return Optional.of(target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack " + RESOURCE + " into " + target.toAbsolutePath(), e);
        }
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest digest = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
