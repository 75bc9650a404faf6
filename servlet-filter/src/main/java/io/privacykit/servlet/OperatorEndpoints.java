package io.privacykit.servlet;

import io.privacykit.PrivacyEngine;
import io.privacykit.consent.LedgerCheck;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The operator endpoints besides the reports, under {@code {prefix}/admin/} and behind the admin
 * token that {@link PrivacyEndpoints} checks: the ledger check
 * ({@code GET {prefix}/admin/ledger/verify[?tail=N]}).
 */
final class OperatorEndpoints {

    private final PrivacyEngine engine;

    OperatorEndpoints(PrivacyEngine engine) {
        this.engine = engine;
    }

    /** Whether {@code path} (after {@code {prefix}/admin/}) is one of these endpoints. */
    static boolean serves(String path) {
        return path.equals("ledger/verify");
    }

    /** Answers an authorized read of {@code path}, one {@link #serves} accepts. */
    void serve(String path, HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (path.equals("ledger/verify")) {
            // 200 intact, 409 broken (the body names the first bad record), 400 a bad tail, 503 store down.
            LedgerCheck.Response r = LedgerCheck.verify(engine.store(), request.getParameter("tail"));
            byte[] body = r.json().getBytes(StandardCharsets.UTF_8);
            response.setStatus(r.status());
            response.setContentType("application/json;charset=UTF-8");
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        }
    }
}
