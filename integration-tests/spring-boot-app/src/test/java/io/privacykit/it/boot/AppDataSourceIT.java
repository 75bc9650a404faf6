package io.privacykit.it.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

/** {@code privacykit.spring.store.use-app-datasource=true}: the ledger in the app's database, in its own schema. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.main.banner-mode=off",
        "privacykit.spring.store.use-app-datasource=true"})
class AppDataSourceIT {

    @Value("${local.server.port}")
    int port;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void theLedgerIsInItsOwnSchemaOfTheAppsDatabase() throws Exception {
        HttpResponse<String> choice = new Http(port).postForm("/privacy/consent", Map.of("accept", "all"),
                "X-Forwarded-For", SpringBootAppIT.GERMANY, "Origin", new Http(port).origin());
        assertThat(choice.statusCode()).as(choice.body()).isBetween(200, 299);

        List<String> privacyKit = jdbc.queryForList("SELECT LOWER(TABLE_NAME) FROM INFORMATION_SCHEMA.TABLES"
                + " WHERE TABLE_SCHEMA = 'PRIVACYKIT'", String.class);
        assertThat(privacyKit).contains("privacykit_schema_history");
        assertThat(privacyKit.size()).isGreaterThan(1);
        List<String> app = jdbc.queryForList("SELECT LOWER(TABLE_NAME) FROM INFORMATION_SCHEMA.TABLES"
                + " WHERE TABLE_SCHEMA = 'PUBLIC'", String.class);
        assertThat(app).contains("app_note", "flyway_schema_history").noneMatch(t -> t.startsWith("privacykit"));
        assertThat(jdbc.queryForList("SELECT \"script\" FROM \"flyway_schema_history\" WHERE \"type\" = 'SQL'", String.class))
                .containsExactly("V1__init.sql");
        assertThat(jdbc.queryForObject("SELECT body FROM app_note WHERE id = 1", String.class)).isNotBlank();
    }
}
