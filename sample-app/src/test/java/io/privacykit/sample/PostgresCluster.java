package io.privacykit.sample;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL server (zonky's embedded binaries) on a fixed data directory and port, so a
 * test can stop it, kill it without warning and start it again where it was. Commits are
 * synchronous, as on a production server: zonky's default {@code synchronous_commit=off} would let
 * a killed server lose commits it had acknowledged.
 */
final class PostgresCluster implements AutoCloseable {

    static final String DATABASE = "privacy";

    private final Path dataDirectory;
    private final int port;
    private EmbeddedPostgres server;

    private PostgresCluster(Path dataDirectory, int port) {
        this.dataDirectory = dataDirectory;
        this.port = port;
    }

    /** Starts a new cluster in {@code dataDirectory} with an empty {@value #DATABASE} database. */
    static PostgresCluster start(Path dataDirectory) throws Exception {
        PostgresCluster cluster = new PostgresCluster(dataDirectory, freePort());
        cluster.startServer();
        try (Connection connection = cluster.server.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + DATABASE);
        }
        return cluster;
    }

    /** The environment that points the sample app's store at this cluster. */
    Map<String, String> storeEnvironment() {
        return Map.of("PRIVACY_STORE_URL", jdbcUrl(), "PRIVACY_STORE_USER", "postgres");
    }

    String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/" + DATABASE;
    }

    /** Stops the server the way an operator would (a fast shutdown); its data stays. */
    synchronized void stop() throws IOException {
        server.close();
        server = null;
    }

    /**
     * Kills the postmaster and every backend with SIGKILL, as a crash or the OOM killer would:
     * nothing is flushed or shut down cleanly.
     */
    synchronized void kill() throws Exception {
        long postmaster = Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).trim());
        ProcessHandle handle = ProcessHandle.of(postmaster).orElseThrow();
        List<ProcessHandle> backends = handle.descendants().toList();
        handle.destroyForcibly();
        backends.forEach(ProcessHandle::destroyForcibly);
        handle.onExit().get(30, TimeUnit.SECONDS);
        for (ProcessHandle backend : backends) {
            backend.onExit().get(30, TimeUnit.SECONDS);
        }
        // Releases zonky's lock on the data directory; its pg_ctl stop finds no server, which it logs.
        server.close();
        server = null;
    }

    /** Starts the server again on the same data directory and port (after a kill: crash recovery). */
    synchronized void restart() throws IOException {
        startServer();
    }

    private void startServer() throws IOException {
        server = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("fsync", "on")
                .start();
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
