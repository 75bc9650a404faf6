package io.privacykit.servlet;

import static io.privacykit.servlet.TestServer.GERMANY;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A consent POST whose body never arrives, or arrives a byte at a time, is answered 408 when its
 * deadline passes, without waiting for the container's idle timeout: the body is read as it
 * arrives (non-blocking IO), so such clients hold no thread.
 */
class ChoiceBodyIT {

    @TempDir
    static Path dir;
    static TestServer server;
    static PrivacyFilter filter;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer();
        filter = PrivacyFilter.create(TestServer.policy(TestServer.properties(dir.resolve("body"))));
        server.add("/body", filter);
        server.start();
    }

    @AfterAll
    static void stop() {
        server.close();
        filter.destroy();
    }

    /** Sends a POST declaring a 40-byte body but sending only {@code sent}, and reads the whole answer. */
    private static String postPartly(String sent) throws Exception {
        int port = Integer.parseInt(server.base().substring(server.base().lastIndexOf(':') + 1));
        try (Socket socket = new Socket("127.0.0.1", port)) {
            // Far beyond the body deadline, far below the container's idle timeout (30 s).
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /body/privacy/consent HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "X-Forwarded-For: " + GERMANY + "\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 40\r\n\r\n" + sent)
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                answer.write(buffer, 0, n);
            }
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void aBodyThatNeverArrivesIs408AndTheConnectionCloses() throws Exception {
        String answer = postPartly("");

        assertThat(answer).startsWith("HTTP/1.1 408").contains("Connection: close", "took longer than");
    }

    @Test
    void aBodyThatStopsHalfWayIs408() throws Exception {
        String answer = postPartly("accept=a");

        assertThat(answer).startsWith("HTTP/1.1 408");
    }
}
