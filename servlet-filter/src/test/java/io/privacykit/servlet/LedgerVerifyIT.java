package io.privacykit.servlet;

import static io.privacykit.servlet.TestServer.GERMANY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET {prefix}/admin/ledger/verify[?tail=N]}: the operator's check of the consent ledger over HTTP. */
class LedgerVerifyIT {

    static final String TOKEN = "admin-token-of-at-least-32-characters-long";
    static final String FORM = "application/x-www-form-urlencoded";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    TestServer server;
    PrivacyFilter filter;
    String url;

    @BeforeEach
    void start() throws Exception {
        Properties p = TestServer.properties(dir);
        p.setProperty("privacy.admin.token", TOKEN);
        url = p.getProperty("privacy.store.url");
        server = new TestServer();
        filter = PrivacyFilter.create(TestServer.policy(p));
        server.add("/l", filter);
        server.start();
        for (String choice : new String[] {"accept=all", "reject=all", "accept=all"}) {
            assertThat(server.send("POST", "/l/privacy/consent", choice, "Content-Type", FORM,
                    "X-Forwarded-For", GERMANY).statusCode()).isEqualTo(200);
        }
    }

    @AfterEach
    void stop() {
        server.close();
        filter.destroy();
    }

    private HttpResponse<String> verify(String query) throws Exception {
        return server.get("/l/privacy/admin/ledger/verify" + query, "Authorization", "Bearer " + TOKEN);
    }

    @Test
    void anIntactLedgerIs200WithItsRecordCount() throws Exception {
        HttpResponse<String> whole = verify("");
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonNode body = JSON.readTree(whole.body());
        assertThat(body.get("intact").asBoolean()).isTrue();
        assertThat(body.get("records").asLong()).isEqualTo(3);
        assertThat(verify("?tail=2").statusCode()).isEqualTo(200);
    }

    @Test
    void aRowEditedInTheDatabaseIs409NamingTheFirstBadSequence() throws Exception {
        try (Connection connection = DriverManager.getConnection(url, "", "");
             Statement statement = connection.createStatement()) {
            assertThat(statement.executeUpdate("UPDATE consent_ledger SET method = 'BANNER' WHERE sequence = 2")).isEqualTo(1);
        }
        HttpResponse<String> broken = verify("");
        assertThat(broken.statusCode()).isEqualTo(409);
        JsonNode body = JSON.readTree(broken.body());
        assertThat(body.get("intact").asBoolean()).isFalse();
        assertThat(body.get("sequence").asLong()).isEqualTo(2);
        assertThat(verify("?tail=3").statusCode()).isEqualTo(409);
    }

    @Test
    void aBadTailIs400() throws Exception {
        for (String tail : new String[] {"0", "-1", "x", "100000001", ""}) {
            HttpResponse<String> response = verify("?tail=" + tail);
            assertThat(response.statusCode()).as("tail=%s", tail).isEqualTo(400);
            assertThat(JSON.readTree(response.body()).get("error").asText()).contains("tail");
        }
    }

    @Test
    void withoutTheTokenIs401() throws Exception {
        assertThat(server.get("/l/privacy/admin/ledger/verify").statusCode()).isEqualTo(401);
        assertThat(server.get("/l/privacy/admin/ledger/verify", "Authorization", "Bearer wrong").statusCode())
                .isEqualTo(401);
    }
}
