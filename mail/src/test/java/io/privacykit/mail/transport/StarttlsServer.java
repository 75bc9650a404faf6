package io.privacykit.mail.transport;

import com.icegreen.greenmail.util.DummySSLServerSocketFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * The smallest SMTP server that offers STARTTLS (RFC 3207), as GreenMail does not: it refuses
 * mail and credentials before the upgrade and advertises AUTH only after it, with GreenMail's
 * self-signed test certificate. It serves one connection and records what it was told.
 */
final class StarttlsServer implements AutoCloseable {

    private final ServerSocket server;
    private final SSLContext tls;
    private final Thread thread;
    /** Each command after the upgrade, and the message data; credentials decoded. */
    final List<String> afterUpgrade = new CopyOnWriteArrayList<>();
    /** Each command before the upgrade. */
    final List<String> beforeUpgrade = new CopyOnWriteArrayList<>();

    StarttlsServer(String host) throws IOException, GeneralSecurityException {
        DummySSLServerSocketFactory greenMailTls = new DummySSLServerSocketFactory();
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(greenMailTls.getKeyStore(), "changeit".toCharArray());
        tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);
        server = new ServerSocket(0, 1, InetAddress.getByName(host));
        thread = new Thread(this::serveOne, "starttls-server");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void serveOne() {
        try (Socket plain = server.accept()) {
            Socket socket = plain;
            BufferedReader in = reader(socket);
            OutputStream out = socket.getOutputStream();
            boolean upgraded = false;
            reply(out, "220 starttls.test ESMTP");
            String line;
            while ((line = in.readLine()) != null) {
                String command = line.toUpperCase(java.util.Locale.ROOT);
                (upgraded ? afterUpgrade : beforeUpgrade).add(command.startsWith("AUTH") ? "AUTH" : line);
                if (command.startsWith("EHLO")) {
                    reply(out, upgraded ? "250-starttls.test\r\n250 AUTH PLAIN" : "250-starttls.test\r\n250 STARTTLS");
                } else if (command.equals("STARTTLS") && !upgraded) {
                    reply(out, "220 Ready to start TLS");
                    SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(socket,
                            socket.getInetAddress().getHostAddress(), socket.getPort(), true);
                    secure.setUseClientMode(false);
                    secure.startHandshake();
                    socket = secure;
                    in = reader(socket);
                    out = socket.getOutputStream();
                    upgraded = true;
                } else if (!upgraded && !command.equals("QUIT")) {
                    reply(out, "530 5.7.0 Must issue a STARTTLS command first");
                } else if (command.startsWith("AUTH PLAIN")) {
                    String response = line.length() > "AUTH PLAIN ".length() ? line.substring("AUTH PLAIN ".length())
                            : challenge(in, out);
                    // RFC 4616: authorization id NUL authentication id NUL password.
                    String[] plainAuth = new String(Base64.getDecoder().decode(response.strip()), StandardCharsets.UTF_8)
                            .split("\0", -1);
                    afterUpgrade.add("credentials " + plainAuth[plainAuth.length - 2] + " "
                            + plainAuth[plainAuth.length - 1]);
                    reply(out, "235 2.7.0 Authentication successful");
                } else if (command.equals("DATA")) {
                    reply(out, "354 End data with <CR><LF>.<CR><LF>");
                    StringBuilder data = new StringBuilder();
                    for (String d = in.readLine(); d != null && !d.equals("."); d = in.readLine()) {
                        data.append(d).append("\r\n");
                    }
                    afterUpgrade.add(data.toString());
                    reply(out, "250 2.0.0 Ok: queued");
                } else if (command.equals("QUIT")) {
                    reply(out, "221 2.0.0 Bye");
                    return;
                } else {
                    reply(out, "250 2.0.0 Ok");
                }
            }
        } catch (IOException e) {
            // the client went away: what it said is recorded
        }
    }

    private static String challenge(BufferedReader in, OutputStream out) throws IOException {
        reply(out, "334 ");
        return in.readLine();
    }

    private static BufferedReader reader(Socket socket) throws IOException {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Waits for the connection to end. */
    void awaitEnd() throws InterruptedException {
        thread.join(30_000);
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
