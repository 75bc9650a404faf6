package io.privacykit.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;

/**
 * An application that sets one cookie of each category of the test policy in each of the ways a
 * servlet can set cookies: {@code sid} (necessary), {@code lang} (functionality), {@code _ga} and
 * {@code _ga_XYZ} (performance), {@code _fbp} (advertising) and {@code mystery} (no category).
 */
final class CookieStyleServlets {

    static final List<String> STYLES = List.of("addCookie", "addHeader", "setHeader", "redirect", "error", "async",
            "include", "forward", "exception", "reset");
    static final List<String> NAMES = List.of("sid", "lang", "_ga", "_ga_XYZ", "_fbp", "mystery");

    private CookieStyleServlets() {
    }

    /**
     * The cookies a client may see from {@code style} when {@code allowed} categories are allowed:
     * each style sets {@link #NAMES}; the error style's error page sets {@code _fbp} and {@code lang} again.
     */
    static List<String> expectedNames(String style, java.util.Set<String> allowed, boolean unclassifiedAllowed) {
        List<String> names = new java.util.ArrayList<>(List.of("sid"));
        if (allowed.contains("functionality")) {
            names.add("lang");
        }
        if (allowed.contains("performance")) {
            names.addAll(List.of("_ga", "_ga_XYZ"));
        }
        if (allowed.contains("advertising")) {
            names.add("_fbp");
        }
        if (unclassifiedAllowed) {
            names.add("mystery");
        }
        if (style.equals("error") || style.equals("exception")) {
            if (allowed.contains("advertising")) {
                names.add("_fbp");
            }
            if (allowed.contains("functionality")) {
                names.add("lang");
            }
        }
        return names;
    }

    static void install(ServletContextHandler context) {
        context.addServlet(new ServletHolder(new App()), "/app/*");
        context.addServlet(new ServletHolder(new Fragment()), "/fragment");
        context.addServlet(new ServletHolder(new Target()), "/target");
        context.addServlet(new ServletHolder(new ErrorPage()), "/error-page");
        ErrorPageErrorHandler errors = new ErrorPageErrorHandler();
        errors.addErrorPage(500, "/error-page");
        context.setErrorHandler(errors);
    }

    static void addAll(HttpServletResponse response) {
        for (String name : NAMES) {
            response.addCookie(new Cookie(name, "v"));
        }
    }

    static final class App extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            String style = request.getPathInfo() == null ? "/addCookie" : request.getPathInfo();
            response.addHeader("Vary", "Accept-Encoding");
            switch (style.substring(1)) {
                case "addCookie" -> {
                    addAll(response);
                    response.getWriter().print("ok");
                }
                case "addHeader" -> {
                    response.addHeader("Set-Cookie", "sid=v; Path=/; HttpOnly");
                    response.addHeader("set-cookie", "lang=v");
                    response.addHeader("SET-COOKIE", "_ga=v; Max-Age=63072000");
                    response.addHeader("Set-cookie", "_ga_XYZ=v");
                    response.addHeader("Set-Cookie", "_fbp=v; Domain=localhost");
                    response.addHeader("Set-Cookie", "mystery=v");
                    response.addHeader("Set-Cookie", "no pair here");
                    response.getWriter().print("ok");
                }
                case "setHeader" -> {
                    response.addCookie(new Cookie("sid", "early"));
                    response.addCookie(new Cookie("_ga", "early"));
                    // Replaces every Set-Cookie so far (Servlet 6.0 setHeader); _fbp is dropped.
                    response.setHeader("set-cookie", "_fbp=v");
                    response.addHeader("Set-Cookie", "sid=v");
                    response.setHeader("X-Other", "1");
                    response.addHeader("Set-Cookie", "lang=v");
                    response.addHeader("Set-Cookie", "_ga=v");
                    response.addHeader("Set-Cookie", "_ga_XYZ=v");
                    response.addHeader("Set-Cookie", "mystery=v");
                }
                case "redirect" -> {
                    addAll(response);
                    response.sendRedirect("/elsewhere");
                }
                case "error" -> {
                    addAll(response);
                    response.sendError(500);
                }
                case "async" -> {
                    AsyncContext async = request.startAsync();
                    async.start(() -> {
                        addAll((HttpServletResponse) async.getResponse());
                        async.complete();
                    });
                }
                case "include" -> {
                    try {
                        request.getRequestDispatcher("/fragment").include(request, response);
                    } catch (jakarta.servlet.ServletException e) {
                        throw new IOException(e);
                    }
                    addAll(response);
                }
                case "forward" -> {
                    try {
                        request.getRequestDispatcher("/target").forward(request, response);
                    } catch (jakarta.servlet.ServletException e) {
                        throw new IOException(e);
                    }
                }
                case "reset" -> {
                    addAll(response);
                    response.reset();
                    addAll(response);
                }
                case "exception" -> {
                    addAll(response);
                    throw new IllegalStateException("the application failed");
                }
                default -> response.sendError(404);
            }
        }
    }

    static final class Fragment extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.getWriter().print("fragment;");
        }
    }

    static final class Target extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            addAll(response);
            response.getWriter().print("forwarded");
        }
    }

    static final class ErrorPage extends HttpServlet {
        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.addCookie(new Cookie("_fbp", "from-error-page"));
            response.addCookie(new Cookie("lang", "from-error-page"));
            response.getWriter().print("error page");
        }
    }
}
