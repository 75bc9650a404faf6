package io.privacykit.it.tomcat;

import io.privacykit.servlet.PrivacyContext;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;

/**
 * The page of an app that knows nothing of privacy law: it sets its session cookie, Google
 * Analytics' {@code _ga} and Meta's {@code _fbp} on every visit, scoped to the app's own path, and
 * loads the banner with the tags PrivacyKit gives it. PrivacyKit decides which of the cookies reach
 * the browser.
 */
@WebServlet("/")
public class HomeServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String app = request.getContextPath();
        response.addCookie(cookie("session", UUID.randomUUID().toString(), app + "/", true));
        response.addCookie(cookie("_ga", "GA1.1.123456789.1700000000", app + "/", false));
        response.addCookie(cookie("_fbp", "fb.1.1700000000000.123456789", app + "/", false));
        response.setContentType("text/html;charset=UTF-8");
        response.getWriter().print("<!doctype html><html><head><title>Examples</title>"
                + PrivacyContext.of(request).headTags()
                + "</head><body><h1>Examples</h1></body></html>");
    }

    private static Cookie cookie(String name, String value, String path, boolean httpOnly) {
        Cookie cookie = new Cookie(name, value);
        cookie.setPath(path);
        cookie.setHttpOnly(httpOnly);
        cookie.setMaxAge(60 * 60 * 24 * 30);
        return cookie;
    }
}
