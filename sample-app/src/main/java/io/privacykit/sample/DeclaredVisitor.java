package io.privacykit.sample;

import io.privacykit.servlet.PrivacyContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;

/**
 * Declares, on every page the app serves, the residence and age the visitor declared on
 * {@link AboutYouServlet} (kept in their session), as an app declares a signed-in person's
 * profile on every request it knows it. Runs after PrivacyFilter, before the page writes anything.
 * Form posts are left to their servlet, which declares what it was sent.
 */
final class DeclaredVisitor extends HttpFilter {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpSession session = request.getSession(false);
        if (session != null && ("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod()))
                && request.getAttribute(PrivacyContext.ATTRIBUTE) != null) {
            PrivacyContext privacy = PrivacyContext.of(request);
            if (session.getAttribute(AboutYouServlet.RESIDENCE) instanceof String residence) {
                privacy.declareResidence(residence); // checked when it was declared
            }
            AboutYouServlet.declaredAge(session).ifPresent(privacy::declareAge);
        }
        chain.doFilter(request, response);
    }
}
