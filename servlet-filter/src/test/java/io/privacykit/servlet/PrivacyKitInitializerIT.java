package io.privacykit.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Writer;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Automatic registration: the filter is there exactly when the app has a {@code privacy.properties}
 * on its classpath, and not when the app opts out.
 */
class PrivacyKitInitializerIT {

    @TempDir
    Path dir;

    private ServletContextHandler app(String path, boolean withConfiguration) throws Exception {
        Path classes = Files.createDirectories(dir.resolve(path.substring(1)));
        if (withConfiguration) {
            try (Writer out = Files.newBufferedWriter(classes.resolve("privacy.properties"))) {
                TestServer.properties(dir.resolve(path.substring(1) + "-data")).store(out, null);
            }
        }
        ServletContextHandler context = new ServletContextHandler(path);
        context.setClassLoader(new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader()));
        context.addServletContainerInitializer(new PrivacyKitInitializer());
        CookieStyleServlets.install(context);
        return context;
    }

    @Test
    void registersTheFilterOnlyWhenTheAppHasAConfiguration() throws Exception {
        try (TestServer server = new TestServer()) {
            server.addContext(app("/configured", true));
            server.addContext(app("/plain", false));
            ServletContextHandler optedOut = app("/opted-out", true);
            optedOut.setInitParameter(PrivacyKitInitializer.AUTO_REGISTER, "false");
            server.addContext(optedOut);
            server.start();

            HttpResponse<String> configured = server.get("/configured/app/async", "X-Forwarded-For", TestServer.GERMANY);
            HttpResponse<String> plain = server.get("/plain/app/addCookie", "X-Forwarded-For", TestServer.GERMANY);
            HttpResponse<String> notRegistered = server.get("/opted-out/app/addCookie", "X-Forwarded-For", TestServer.GERMANY);
            HttpResponse<String> endpoint = server.get("/configured/privacy/consent", "X-Forwarded-For", TestServer.GERMANY);

            assertThat(TestServer.setNames(configured)).containsExactly("sid");
            assertThat(endpoint.body()).contains("\"regime\":\"GDPR\"");
            assertThat(TestServer.setNames(plain)).containsExactlyElementsOf(CookieStyleServlets.NAMES);
            assertThat(TestServer.setNames(notRegistered)).containsExactlyElementsOf(CookieStyleServlets.NAMES);
            assertThat(List.of(notRegistered.statusCode(), plain.statusCode())).containsOnly(200);
        }
    }
}
