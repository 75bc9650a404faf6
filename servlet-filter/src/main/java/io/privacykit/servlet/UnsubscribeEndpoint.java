package io.privacykit.servlet;

import io.privacykit.PrivacyEngine;
import io.privacykit.communication.CommunicationPreferences;
import io.privacykit.communication.CommunicationStore;
import io.privacykit.communication.CommunicationStoreProvider;
import io.privacykit.communication.InMemoryCommunicationStore;
import io.privacykit.communication.Unsubscribe;
import io.privacykit.internal.Providers;
import io.privacykit.store.StoreException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET|POST {prefix}/unsubscribe?token=...}: the link in a marketing message. GET shows a page
 * that asks to confirm with a POST (mail scanners follow links; a GET must change nothing); POST
 * opts the person out, also as the one-click POST of RFC 8058 ({@code List-Unsubscribe=One-Click}).
 * A token that is not genuine is a 400 with a message.
 */
final class UnsubscribeEndpoint {

    /** The path under the prefix. */
    static final String PATH = "/unsubscribe";

    private static final Logger LOG = LoggerFactory.getLogger(UnsubscribeEndpoint.class);

    private final CommunicationPreferences preferences;

    UnsubscribeEndpoint(CommunicationPreferences preferences) {
        this.preferences = preferences;
    }

    /**
     * The preferences kept beside the engine's store, under the policy's unsubscribe key; in memory,
     * with a warning, when the engine's store has no communication store.
     */
    static CommunicationPreferences preferences(PrivacyEngine engine) {
        Optional<CommunicationStore> beside = Providers.first(CommunicationStoreProvider.class)
                .flatMap(provider -> provider.beside(engine.store()));
        if (beside.isEmpty()) {
            LOG.warn("No communication store for {} (add io.privacykit:privacykit-jdbc); marketing preferences are"
                    + " kept in memory only", engine.store());
        }
        return CommunicationPreferences.builder(beside.orElseGet(InMemoryCommunicationStore::new))
                .unsubscribeKey(engine.policy().collection().settings().unsubscribeKey())
                .build();
    }

    void serve(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // The token is in the address: it must not leak to another site, a cache or a frame.
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("Content-Security-Policy", "default-src 'none'; form-action 'self'; frame-ancestors 'self'");
        response.setHeader("X-Frame-Options", "SAMEORIGIN");
        String method = request.getMethod();
        boolean read = method.equals("GET") || method.equals("HEAD");
        if (!read && !method.equals("POST")) {
            response.setHeader("Allow", "GET, HEAD, POST");
            page(response, 405, "Method not allowed", "Use GET or POST.", null);
            return;
        }
        if (!read) {
            // The body is at most "List-Unsubscribe=One-Click" (RFC 8058 section 3.1); the token is in the query.
            boolean drained;
            try {
                drained = ChoiceRequest.discardRest(request.getInputStream());
            } catch (IOException | IllegalStateException e) {
                drained = false;
            }
            if (!drained) {
                response.setHeader("Connection", "close");
            }
        }
        String token = token(request.getQueryString());
        Optional<Unsubscribe> unsubscribe;
        try {
            unsubscribe = read ? preferences.readUnsubscribeToken(token) : preferences.unsubscribe(token);
        } catch (StoreException e) {
            LOG.error("An unsubscribe could not be recorded; the person was told to retry", e);
            response.setHeader("Retry-After", "5");
            page(response, 503, "Please try again", "Your request could not be recorded right now.", null);
            return;
        }
        if (unsubscribe.isEmpty()) {
            page(response, 400, "This unsubscribe link is not valid",
                    "The link is incomplete or was altered. Please use the link from the message as it was sent,"
                            + " or change your preferences in your account.", null);
            return;
        }
        String channel = unsubscribe.get().channel().code();
        if (read) {
            // A genuine token is URL-safe base64: it goes back into the address unchanged.
            String action = request.getRequestURI() + "?token=" + token;
            page(response, 200, "Unsubscribe", "Stop marketing messages by " + channel + "?", action);
        } else {
            page(response, 200, "You are unsubscribed",
                    "You will receive no more marketing messages by " + channel + ".", null);
        }
    }

    /** The {@code token} of a query string, or null. */
    static String token(String query) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            if (pair.startsWith("token=")) {
                try {
                    return URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private static void page(HttpServletResponse response, int status, String title, String text, String confirmAction)
            throws IOException {
        StringBuilder html = new StringBuilder(512)
                .append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(Html.attribute(title)).append("</title></head><body><main><h1>").append(Html.attribute(title))
                .append("</h1><p>").append(Html.attribute(text)).append("</p>");
        if (confirmAction != null) {
            html.append("<form method=\"post\" action=\"").append(Html.attribute(confirmAction)).append("\">")
                    .append("<input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\">")
                    .append("<button type=\"submit\">Unsubscribe</button></form>");
        }
        html.append("</main></body></html>");
        byte[] body = html.toString().getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("text/html;charset=UTF-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
