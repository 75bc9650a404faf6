package io.privacykit.servlet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * HTTP/1.1 over a plain socket, for what {@link java.net.http.HttpClient} will not send: a forged
 * {@code Host}, several {@code Cookie} lines. One request per connection.
 */
final class RawHttp {

    /** A response: its status, its header lines as sent, its body, and the size of its header block. */
    record Response(int status, List<String> headers, String body, int headerBytes) {

        /** Every value of header {@code name}. */
        List<String> all(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            return headers.stream().filter(h -> h.toLowerCase(Locale.ROOT).startsWith(prefix))
                    .map(h -> h.substring(prefix.length()).trim()).toList();
        }
    }

    private RawHttp() {
    }

    /** Sends {@code head} (request line and headers, CRLF-separated, without the blank line) and {@code body}. */
    static Response exchange(int port, String head, byte[] body) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write((head + "\r\nConnection: close\r\n"
                    + (body == null ? "" : "Content-Length: " + body.length + "\r\n") + "\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            String block = end < 0 ? text : text.substring(0, end);
            String[] lines = block.split("\r\n");
            List<String> headers = new ArrayList<>(List.of(lines).subList(1, lines.length));
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            return new Response(status, headers, end < 0 ? "" : text.substring(end + 4), block.length() + 4);
        }
    }
}
