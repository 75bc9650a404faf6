package io.privacykit.servlet;

import static io.privacykit.servlet.TestServer.CALIFORNIA;
import static io.privacykit.servlet.TestServer.GERMANY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.privacykit.collection.Recipient;
import io.privacykit.collection.RecipientKind;
import io.privacykit.collection.SourceKind;
import io.privacykit.collection.SubjectId;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code {prefix}/notice} as JSON and as a page, and the operator endpoints under {@code {prefix}/admin/}. */
class NoticeIT {

    static final String TOKEN = "admin-token-of-at-least-32-characters-long";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static TestServer server;
    static PrivacyFilter filter;
    static PrivacyFilter closed;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer();
        Properties p = CollectionIT.declared(dir.resolve("notice"));
        p.setProperty("privacy.admin.token", TOKEN);
        p.setProperty("privacy.policy.minimum-age", "13");
        p.setProperty("privacy.controller.name", "Example <SaaS> Inc.");
        p.setProperty("privacy.controller.email", "privacy@example.com");
        p.setProperty("privacy.controller.dpo.email", "dpo@example.com");
        p.setProperty("privacy.collection.identifiers.recipients", "service_provider");
        p.setProperty("privacy.collection.identifiers.retention", "P2Y");
        p.setProperty("privacy.collection.identifiers.legal-basis", "service:contract, analytics:consent");
        p.setProperty("privacy.controller.representative.eu", "Example Rep SL, Madrid");
        p.setProperty("privacy.controller.registrations", "AR:RL-2020-33258012-APN-DNPDP#AAIP");
        p.setProperty("privacy.controller.sub-processors", "Example <Cloud> Inc:US, Mailer GmbH:DE");
        p.setProperty("privacy.controller.transfers", "US:scc, CH:adequacy");
        p.setProperty("privacy.collection.health.collected", "true");
        p.setProperty("privacy.collection.health.sources", "user");
        p.setProperty("privacy.collection.health.purposes", "service, research");
        p.setProperty("privacy.collection.health.special-condition", "explicit-consent, research:research");
        p.setProperty("privacy.collection.criminal_offences.collected", "true");
        p.setProperty("privacy.collection.criminal_offences.sources", "third_party");
        p.setProperty("privacy.collection.criminal_offences.purposes", "security");
        p.setProperty("privacy.collection.criminal_offences.special-condition", "authorised-by-law");
        filter = PrivacyFilter.create(TestServer.policy(p));
        server.add("/n", filter);
        closed = PrivacyFilter.create(TestServer.policy(TestServer.properties(dir.resolve("closed"))));
        server.add("/closed", closed);
        server.start();
        SubjectId subject = filter.recorder().subjects().ofUserId("u-1");
        filter.recorder().collected(subject, "identifiers", SourceKind.USER, "service");
        filter.recorder().collected(subject, "geolocation", SourceKind.USER, "service");
        filter.recorder().disclosed(subject, "identifiers", Recipient.of(RecipientKind.SERVICE_PROVIDER), "service");
        assertThat(filter.recorder().flush(Duration.ofSeconds(10))).isTrue();
    }

    @AfterAll
    static void stop() {
        server.close();
        filter.destroy();
        closed.destroy();
    }

    @Test
    void theJsonNoticeSetsDeclaredNextToObserved() throws Exception {
        HttpResponse<String> response = server.get("/n/privacy/notice", "Accept", "application/json",
                "X-Forwarded-For", CALIFORNIA);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("SAMEORIGIN");
        JsonNode notice = JSON.readTree(response.body());
        assertThat(notice.get("policyVersion").asText()).isEqualTo("2020-04-01");
        assertThat(notice.get("lastUpdated").asText()).isEqualTo("2020-04-01");
        assertThat(notice.get("regime").asText()).isEqualTo("CCPA");
        JsonNode identifiers = notice.get("collected").get("identifiers");
        assertThat(identifiers.get("declared").asBoolean()).isTrue();
        assertThat(identifiers.get("observed").asBoolean()).isTrue();
        assertThat(identifiers.get("sources").toString()).contains("user", "device");
        assertThat(identifiers.get("purposes").toString()).contains("service", "analytics");
        JsonNode geolocation = notice.get("collected").get("geolocation");
        assertThat(geolocation.get("declared").asBoolean()).isFalse();
        assertThat(geolocation.get("observed").asBoolean()).isTrue();
        assertThat(notice.get("collected").get("internet_activity").get("observed").asBoolean()).isFalse();
        assertThat(notice.get("disclosed").get("identifiers").get("observed").asBoolean()).isTrue();
        assertThat(notice.get("disclosed").get("identifiers").get("recipients").toString()).contains("service_provider");
        assertThat(notice.get("sold").size()).isZero();
        assertThat(notice.get("signals").get("dnt").asText()).isEqualTo("ignore");
        assertThat(notice.get("signals").get("gpc").asText()).isEqualTo("where-binding");
    }

    @Test
    void thePageSpeaksTheVisitorsLanguageAndEscapesWhatThePolicySays() throws Exception {
        HttpResponse<String> page = server.get("/n/privacy/notice", "Accept-Language", "es-MX,es;q=0.9",
                "X-Forwarded-For", GERMANY);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.headers().firstValue("Content-Language")).hasValue("es");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue("frame-ancestors 'self'");
        String html = page.body();
        assertThat(html).contains("<html lang=\"es\"", "Aviso de privacidad", "Example &lt;SaaS&gt; Inc.",
                "dpo@example.com", "No respondemos a las señales Do Not Track", "no está dirigido a menores de 13 años",
                "_ga_*", "GDPR", "Última actualización: 1 de abril de 2020, versión 2020-04-01",
                "No vendemos información personal.", "<th>Declaramos recopilarla</th>", "Datos de geolocalización",
                "Tus derechos", "Retirar tu consentimiento", "1 mes; podemos prorrogarlo 2 meses", "Proveedores de servicios",
                "Rendimiento y analítica", "reclamación ante una autoridad de control");
        assertThat(html).doesNotContain("<script", "We do not", "Yes", "Category");
        assertThat(html).doesNotContain("Do Not Track signals");
    }

    @Test
    void eachLanguageHasTheWholeBody() throws Exception {
        String pt = server.get("/n/privacy/notice", "Accept-Language", "pt-BR,pt;q=0.9,en;q=0.5",
                "X-Forwarded-For", CALIFORNIA).body();
        assertThat(pt).contains("<html lang=\"pt\"", "Aviso de privacidade", "Dados pessoais que coletamos",
                "Não respondemos a sinais Do Not Track", "Seus direitos", "Recusar a venda e o compartilhamento",
                "45 dias corridos; podemos prorrogar por 45 dias corridos", "15 dias úteis", "Não vendemos dados pessoais.",
                "não se destina a menores de 13 anos", "Última atualização: 1 de abril de 2020", "Identificadores",
                "Sim", "Você, diretamente");
        assertThat(pt).doesNotContain("We do not", "Yes", "Sí", "reclamação");
        String en = server.get("/n/privacy/notice", "Accept-Language", "fr-CH, fr;q=0.9, en;q=0.8",
                "X-Forwarded-For", CALIFORNIA).body();
        assertThat(en).contains("<html lang=\"en\"", "Privacy notice", "We do not respond to Do Not Track signals.",
                "not directed to children under 13", "Last updated April 1, 2020, version 2020-04-01",
                "Opt out of the sale and sharing of your personal information", "45 calendar days",
                "We do not sell personal information.", "(CCPA).");
        assertThat(en).doesNotContain("(CCPA) (CCPA)");
        for (String malformed : new String[] {"-", "es;q=x", ";;;", "es-", "es;q=0"}) {
            HttpResponse<String> page = server.get("/n/privacy/notice", "Accept-Language", malformed);
            assertThat(page.statusCode()).as(malformed).isEqualTo(200);
            assertThat(page.body()).as(malformed).contains("<html lang=\"en\"", "Privacy notice");
        }
        assertThat(server.get("/n/privacy/notice").body()).contains("<html lang=\"en\"", "Privacy notice");
    }

    @Test
    void theNoticeStatesRetentionLegalBasesRegistrationsSubProcessorsAndTransfers() throws Exception {
        String en = server.get("/n/privacy/notice", "X-Forwarded-For", GERMANY).body();
        assertThat(en).contains("<th>How long we keep it</th>", "<td>2 years</td>",
                "Providing the service (performance of a contract)", "Analytics and measurement (consent)",
                "Representative (EU)</dt><dd>Example Rep SL, Madrid", "Registration (Argentina)</dt><dd>RL-2020-33258012-APN-DNPDP#AAIP",
                "we are its controller", "Sub-processors and international transfers",
                "<td>Example &lt;Cloud&gt; Inc</td><td>United States</td>", "<td>Mailer GmbH</td><td>Germany</td>",
                "<td>United States</td><td>Standard contractual clauses</td>", "<td>Switzerland</td><td>Adequacy decision</td>");
        // A category recorded but not declared has no stated retention.
        assertThat(en).containsPattern("Geolocation data</td>(<td>[^<]*</td>){4}<td>Not stated</td>");
        String es = server.get("/n/privacy/notice", "Accept-Language", "es", "X-Forwarded-For", GERMANY).body();
        assertThat(es).contains("<th>Plazo de conservación</th>", "<td>2 años</td>",
                "Prestación del servicio (ejecución de un contrato)", "Inscripción registral (Argentina)",
                "Subencargados y transferencias internacionales", "<td>Estados Unidos</td><td>Cláusulas contractuales tipo</td>",
                "<td>Suiza</td><td>Decisión de adecuación</td>", "somos los responsables del tratamiento");
        String pt = server.get("/n/privacy/notice", "Accept-Language", "pt-BR", "X-Forwarded-For", GERMANY).body();
        assertThat(pt).contains("<th>Por quanto tempo guardamos</th>", "<td>2 anos</td>", "Suboperadores e transferências internacionais",
                "<td>Estados Unidos</td><td>Cláusulas contratuais padrão</td>", "<td>Alemanha</td>", "Registro (Argentina)");

        JsonNode notice = JSON.readTree(server.get("/n/privacy/notice", "Accept", "application/json",
                "X-Forwarded-For", GERMANY).body());
        assertThat(notice.get("collected").get("identifiers").get("retention").asText()).isEqualTo("P2Y");
        assertThat(notice.get("collected").get("identifiers").get("legalBasis").get("service").asText()).isEqualTo("contract");
        assertThat(notice.get("collected").get("geolocation").get("retention").isNull()).isTrue();
        assertThat(notice.get("minimumAge").asInt()).isEqualTo(13);
        JsonNode controller = notice.get("controller");
        assertThat(controller.get("name").asText()).isEqualTo("Example <SaaS> Inc.");
        assertThat(controller.get("role").asText()).isEqualTo("controller");
        assertThat(controller.get("dpo").asText()).isEqualTo("dpo@example.com");
        assertThat(controller.get("representatives").get("EU").asText()).isEqualTo("Example Rep SL, Madrid");
        assertThat(controller.get("registrations").get("AR").asText()).isEqualTo("RL-2020-33258012-APN-DNPDP#AAIP");
        assertThat(controller.get("subProcessors").get(1).get("country").asText()).isEqualTo("DE");
        assertThat(controller.get("transfers").toString())
                .isEqualTo("[{\"country\":\"US\",\"safeguard\":\"scc\"},{\"country\":\"CH\",\"safeguard\":\"adequacy\"}]");
        assertThat(notice.get("rights")).anySatisfy(r -> {
            assertThat(r.get("type").asText()).isEqualTo("ERASURE");
            assertThat(r.get("deadline").asText()).isEqualTo("1 calendar month (+2)");
        });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            en | only where the law allows it (GDPR Art. 9(2) and Art. 10) | <td>Data concerning health</td><td>Providing the service: Your explicit consent (GDPR Art. 9(2)(a)); Research and development: Archiving in the public interest, scientific or historical research, or statistics (GDPR Art. 9(2)(j))</td> | <td>Criminal convictions and offences</td><td>Authorised by Union or Member State law that provides appropriate safeguards (GDPR Art. 10)</td>
            es | solo cuando la ley lo permite (artículos 9.2 y 10 del RGPD) | <td>Datos relativos a la salud</td><td>Prestación del servicio: Tu consentimiento explícito (art. 9.2.a del RGPD); | <td>Condenas e infracciones penales</td><td>Con autorización del Derecho de la Unión o de los Estados miembros que establece garantías adecuadas (art. 10 del RGPD)</td>
            pt | somente quando a lei permite (GDPR, arts. 9(2) e 10)       | <td>Dados referentes à saúde</td><td>                                                         | <td>Condenações criminais e infrações penais</td><td>Autorizado pelo direito da União Europeia ou de um Estado-Membro, com garantias adequadas (GDPR, art. 10)</td>
            """)
    void theNoticeStatesTheConditionEachSpecialCategoryIsProcessedUnder(String language, String intro, String health,
                                                                       String criminal) throws Exception {
        String page = server.get("/n/privacy/notice", "Accept-Language", language, "X-Forwarded-For", GERMANY).body();
        assertThat(page).contains(intro, health, criminal);
        assertThat(page).containsOnlyOnce(intro);
        // One row per declared special category, none for the others (identifiers, internet activity).
        String table = page.substring(page.indexOf(intro), page.indexOf("</table>", page.indexOf(intro)));
        assertThat(table.split("<tr>", -1)).hasSize(1 + 3);
        if (language.equals("pt")) {
            assertThat(page).contains("Seu consentimento explícito (GDPR, art. 9(2)(a))",
                    "Arquivamento de interesse público, pesquisa científica ou histórica ou fins estatísticos (GDPR, art. 9(2)(j))");
        }
    }

    @Test
    void theJsonNoticeStatesTheSpecialConditionOfEachPurpose() throws Exception {
        JsonNode collected = JSON.readTree(server.get("/n/privacy/notice", "Accept", "application/json",
                "X-Forwarded-For", GERMANY).body()).get("collected");
        assertThat(collected.get("health").get("specialCondition").toString())
                .isEqualTo("{\"service\":\"explicit-consent\",\"research\":\"research\"}");
        assertThat(collected.get("criminal_offences").get("specialCondition").toString())
                .isEqualTo("{\"security\":\"authorised-by-law\"}");
        assertThat(collected.get("identifiers").get("specialCondition").size()).isZero();
    }

    @Test
    void aPolicyWithoutSpecialCategoriesStatesNoCondition() throws Exception {
        assertThat(server.get("/closed/privacy/notice").body()).doesNotContain("GDPR Art. 9(2)");
    }

    @Test
    void aPolicyWithoutSubProcessorsOrTransfersSaysSo() throws Exception {
        String en = server.get("/closed/privacy/notice").body();
        assertThat(en).contains("We use no sub-processors.", "We do not transfer personal information to other countries.",
                "The operator of this site has not stated its contact details here.");
        String es = server.get("/closed/privacy/notice", "Accept-Language", "es").body();
        assertThat(es).contains("No recurrimos a subencargados del tratamiento.",
                "No transferimos información personal a otros países.");
    }

    @Test
    void theOperatorEndpointsNeedTheToken() throws Exception {
        for (String path : new String[] {"/n/privacy/admin/conformance", "/n/privacy/admin/reports/ccpa"}) {
            HttpResponse<String> none = server.get(path, "X-Forwarded-For", "10.77.0.1");
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
            assertThat(none.headers().firstValue("Cache-Control")).hasValue("no-store");
            assertThat(none.body()).doesNotContain(TOKEN);
            HttpResponse<String> ok = server.get(path, "Authorization", "Bearer " + TOKEN, "X-Forwarded-For", "10.77.0.1");
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.headers().firstValue("Cache-Control")).hasValue("no-store");
        }
        JsonNode conformance = JSON.readTree(server.get("/n/privacy/admin/conformance",
                "Authorization", "Bearer " + TOKEN).body());
        assertThat(conformance.get("violations")).anySatisfy(v -> {
            assertThat(v.get("kind").asText()).isEqualTo("UNDECLARED_CATEGORY");
            assertThat(v.get("category").asText()).isEqualTo("geolocation");
            assertThat(v.get("count").asLong()).isEqualTo(1);
            assertThat(v.has("purpose") && v.has("recipient") && v.has("firstSeen") && v.has("lastSeen")).isTrue();
        });
        JsonNode ccpa = JSON.readTree(server.get("/n/privacy/admin/reports/ccpa", "Authorization", "Bearer " + TOKEN).body());
        assertThat(ccpa.get("collected").get("categories").toString()).contains("identifiers");
    }

    @Test
    void wrongTokensAreRateLimitedPerNetwork() throws Exception {
        for (int i = 0; i < PrivacyEndpoints.ADMIN_FAILURES_PER_MINUTE; i++) {
            assertThat(server.get("/n/privacy/admin/conformance", "Authorization", "Bearer wrong-" + i,
                    "X-Forwarded-For", "10.66.0.1").statusCode()).isEqualTo(401);
        }
        HttpResponse<String> limited = server.get("/n/privacy/admin/conformance", "Authorization", "Bearer " + TOKEN,
                "X-Forwarded-For", "10.66.0.2");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(server.get("/n/privacy/admin/conformance", "Authorization", "Bearer " + TOKEN,
                "X-Forwarded-For", "10.55.0.1").statusCode()).isEqualTo(200);
    }

    @Test
    void withoutATokenTheOperatorEndpointsDoNotExist() throws Exception {
        assertThat(server.get("/closed/privacy/admin/conformance", "Authorization", "Bearer " + TOKEN).statusCode())
                .isEqualTo(404);
        assertThat(server.get("/closed/privacy/admin/reports/ccpa").statusCode()).isEqualTo(404);
    }
}
