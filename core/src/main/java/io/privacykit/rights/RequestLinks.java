package io.privacykit.rights;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** The absolute links put in the messages PrivacyKit sends about a request. */
public interface RequestLinks {

    /** The link that confirms a request. */
    String verify(String requestId, String token);

    /** The link that downloads an export once. */
    String export(String requestId, String token);

    /**
     * The endpoints' links under {@code base}, e.g. {@code https://shop.example/privacy}:
     * {@code base/requests/{id}/verify?token=...} and {@code base/requests/{id}/export?token=...}.
     */
    static RequestLinks under(String base) {
        Objects.requireNonNull(base, "base");
        String root = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        return new RequestLinks() {
            @Override
            public String verify(String requestId, String token) {
                return root + "/requests/" + encode(requestId) + "/verify?token=" + encode(token);
            }

            @Override
            public String export(String requestId, String token) {
                return root + "/requests/" + encode(requestId) + "/export?token=" + encode(token);
            }

            private String encode(String value) {
                return URLEncoder.encode(value, StandardCharsets.UTF_8);
            }
        };
    }
}
