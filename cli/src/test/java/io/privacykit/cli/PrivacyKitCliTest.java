package io.privacykit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The CLI contract: {@code classify IP [--policy FILE] [--date D]} prints one JSON object; bad input exits 2. */
class PrivacyKitCliTest {

    static final String CITY = System.getProperty("privacykit.test.geolite2.city");

    record Result(int code, String out, String err) {
        JsonNode json() throws Exception {
            return new ObjectMapper().readTree(out);
        }
    }

    static Result run(String... args) {
        return run(Map.of("PRIVACY_GEO_DATABASE", CITY), args);
    }

    static Result run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = PrivacyKitCli.run(args, env,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0} -> {3}")
    @CsvSource(nullValues = "-", value = {
        // ip,           country, region, regime,    consentModel, gpcBinding, childConsentAge
        "81.2.69.142,    GB,      OXF,    UK_GDPR,   opt-in,       false,      13",
        "2.207.0.1,      DE,      BY,     GDPR,      opt-in,       false,      16",
        "2001:660::1,    FR,      -,      GDPR,      opt-in,       false,      15",
        "129.132.1.1,    CH,      ZH,     CH_FADP,   opt-out,      false,      0",
        "128.32.0.1,     US,      CA,     CCPA,      opt-out,      true,       16",
        "128.173.1.1,    US,      VA,     US_STATE,  opt-out,      false,      13",
        "129.82.1.1,     US,      CO,     US_STATE,  opt-out,      true,       18",
        "128.95.1.1,     US,      WA,     DEFAULT,   notice,       false,      13",
        "143.107.1.1,    BR,      SP,     LGPD,      opt-in,       false,      18",
        "157.92.1.1,     AR,      C,      AR_PDPA,   opt-in,       false,      0",
        "142.150.1.1,    CA,      ON,     CA_PIPEDA, opt-out,      false,      13",
        "132.206.1.1,    CA,      QC,     CA_QC,     opt-in,       false,      14",
        "10.0.0.1,       -,       -,      GDPR,      opt-in,       false,      16",
    })
    void classifiesAnAddressOfEveryRegime(String ip, String country, String region, String regime, String model,
                                          boolean gpcBinding, int childAge) throws Exception {
        Result result = run("classify", ip, "--date", "2026-11-23");
        assertThat(result.code()).as(result.err()).isZero();
        JsonNode json = result.json();
        assertThat(json.get("ip").asText()).isEqualTo(ip);
        assertThat(json.get("country").isNull() ? null : json.get("country").asText()).isEqualTo(country);
        assertThat(json.get("region").isNull() ? null : json.get("region").asText()).isEqualTo(region);
        assertThat(json.get("source").asText()).isEqualTo(country == null ? "unknown" : "database");
        assertThat(json.get("regime").asText()).isEqualTo(regime);
        assertThat(json.get("law").asText()).isNotBlank();
        assertThat(json.get("consentModel").asText()).isEqualTo(model);
        assertThat(json.get("gpcBinding").asBoolean()).isEqualTo(gpcBinding);
        assertThat(json.get("childConsentAge").asInt()).isEqualTo(childAge);
        assertThat(json.get("dsrDeadline").get("amount").asInt()).isPositive();
    }

    @Test
    void printsExactlyOneJsonObjectOnOneLine() {
        Result result = run("classify", "81.2.69.142");
        assertThat(result.out().strip()).startsWith("{\"ip\":\"81.2.69.142\",\"country\":\"GB\",\"region\":\"OXF\","
                + "\"source\":\"database\",\"regime\":\"UK_GDPR\",\"law\":\"UK GDPR and PECR\",\"consentModel\":\"opt-in\",");
        assertThat(result.out().strip().lines()).hasSize(1);
    }

    @ParameterizedTest(name = "{0} on {1} -> {2} {4}")
    @CsvSource(delimiter = '|', textBlock = """
            # region | date       | regime   | gpcBinding | minors rule
            US-OK    | 2026-12-31 | DEFAULT  | false | parent<13
            US-OK    | 2027-01-02 | US_STATE | false | parent<13
            US-AL    | 2027-04-30 | DEFAULT  | false | parent<13
            US-AL    | 2027-05-02 | US_STATE | false | parent<13
            US-LA    | 2027-01-02 | US_STATE | true  | parent<13
            US-OR    | 2024-07-01 | US_STATE | false | parent<13 consent<16
            US-OR    | 2026-01-01 | US_STATE | true  | banned<16
            US-MT    | 2024-10-01 | US_STATE | false | parent<13 consent<16
            US-MT    | 2025-10-01 | US_STATE | true  | parent<13 consent<18
            US-MD    | 2025-10-01 | US_STATE | true  | sale: banned<18; targeted-advertising: banned<18; profiling: parent<13
            CH       | 2026-11-23 | CH_FADP  | false | none
            gb       | 2026-11-23 | UK_GDPR  | false | parent<13
            """)
    void classifiesARegionOnAnyDayWithoutADatabase(String region, String date, String regime, boolean gpcBinding,
                                                  String minors) throws Exception {
        Result result = run(Map.of(), "classify", "--region", region, "--date", date);

        assertThat(result.code()).as(result.err()).isZero();
        JsonNode json = result.json();
        assertThat(json.has("ip")).isFalse();
        assertThat(json.get("source").asText()).isEqualTo("override");
        assertThat(json.get("regime").asText()).isEqualTo(regime);
        assertThat(json.get("gpcBinding").asBoolean()).isEqualTo(gpcBinding);
        assertThat(json.get("minors").get("rule").asText()).isEqualTo(minors);
    }

    @Test
    void printsTheSwissOpenExtensionTheUkCategoryModelsAndWhatGpcJsonMaySay() throws Exception {
        JsonNode swiss = run(Map.of(), "classify", "--region", "CH", "--date", "2026-11-23").json();
        assertThat(swiss.get("dsrDeadline").get("extensionOpen").asBoolean()).isTrue();
        assertThat(swiss.get("dsrDeadline").get("text").asText()).isEqualTo("30 calendar days (longer with notice)");
        JsonNode uk = run(Map.of(), "classify", "--region", "GB", "--date", "2026-02-05").json();
        assertThat(uk.get("categoryModels").get("analytics").asText()).isEqualTo("opt-out");
        assertThat(uk.get("categoryModels").get("functionality").asText()).isEqualTo("opt-out");
        assertThat(uk.get("gpcJson").asBoolean()).isFalse();
        assertThat(run(Map.of(), "classify", "--region", "US-CA").json().get("gpcJson").asBoolean()).isTrue();
    }

    @Test
    void aPolicysOverrideFileChangesWhatClassifyPrints(@TempDir Path dir) throws Exception {
        Path overrides = Files.writeString(dir.resolve("regimes.properties"), "US-OK.effective=2026-12-01\n");
        Path policy = Files.writeString(dir.resolve("p.properties"), String.join("\n",
                "privacy.policy.version=1",
                "privacy.policy.last-updated=2024-01-01",
                "privacy.jurisdiction.overrides=" + overrides.toString().replace("\\", "/"),
                ""));

        JsonNode json = run(Map.of(), "classify", "--region", "US-OK", "--date", "2026-12-02", "--policy",
                policy.toString()).json();

        assertThat(json.get("regime").asText()).isEqualTo("US_STATE");
        assertThat(json.get("overrides").asText()).endsWith("regimes.properties");
    }

    @Test
    void aBadRegionOrBothAnAddressAndARegionAreUsageErrors() {
        Result bad = run(Map.of(), "classify", "--region", "USA-OK");
        assertThat(bad.code()).isEqualTo(PrivacyKitCli.USAGE_ERROR);
        assertThat(bad.err()).contains("ISO 3166 code such as US-CA");
        Result both = run(Map.of(), "classify", "81.2.69.142", "--region", "US-OK");
        assertThat(both.code()).isEqualTo(PrivacyKitCli.USAGE_ERROR);
        assertThat(both.err()).contains("not both");
    }

    @Test
    void theDateDecidesWhichStateLawsAreInForce() throws Exception {
        assertThat(run("classify", "128.173.1.1", "--date", "2022-12-31").json().get("regime").asText()).isEqualTo("DEFAULT");
        assertThat(run("classify", "128.173.1.1", "--date", "2023-01-01").json().get("regime").asText()).isEqualTo("US_STATE");
    }

    @Test
    void aPolicyFileSetsTheFallbackAndOverrides(@TempDir Path dir) throws Exception {
        Path policy = Files.writeString(dir.resolve("p.properties"), String.join("\n",
                "privacy.policy.version=1",
                "privacy.policy.last-updated=2024-01-01",
                "privacy.jurisdiction.fallback=CCPA",
                "privacy.geo.overrides=10.1.0.0/16=BR",
                ""));
        assertThat(run("classify", "10.9.9.9", "--policy", policy.toString()).json().get("regime").asText()).isEqualTo("CCPA");
        JsonNode overridden = run("classify", "10.1.2.3", "--policy", policy.toString()).json();
        assertThat(overridden.get("regime").asText()).isEqualTo("LGPD");
        assertThat(overridden.get("source").asText()).isEqualTo("override");
    }

    @Test
    void aPolicyThatNamesNoDatabaseUsesTheBundledOne(@TempDir Path dir) throws Exception {
        Path policy = Files.writeString(dir.resolve("p.properties"),
                "privacy.policy.version=1\nprivacy.policy.last-updated=2024-01-01\n");
        Result result = run(Map.of(), "classify", "81.2.69.142", "--policy", policy.toString());
        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.json().get("regime").asText()).isEqualTo("UK_GDPR");
        assertThat(result.json().get("source").asText()).isEqualTo("database");
    }

    @Test
    void helpPrintsUsageAndSucceeds() throws Exception {
        Result result = run(Map.of(), "--help");
        assertThat(result.code()).isZero();
        assertThat(result.out()).startsWith(PrivacyKitCli.USAGE).contains("--date YYYY-MM-DD");
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', value = {
        "''                                 | usage: privacykit classify (IP",
        "locate 1.2.3.4                     | unknown command 'locate'",
        "classify                           | classify takes exactly one IP address",
        "classify 1.2.3.4 5.6.7.8           | classify takes exactly one IP address",
        "classify example.com               | not an IP address: 'example.com'",
        "classify 999.1.1.1                 | not an IP address: '999.1.1.1'",
        "classify 1.2.3.4 --date tomorrow   | --date must be YYYY-MM-DD",
        "classify 1.2.3.4 --date            | --date needs a value",
        "classify 1.2.3.4 --verbose         | unknown option '--verbose'",
        "classify 1.2.3.4 --policy /nowhere | --policy: no such file /nowhere",
    })
    void badInputIsOneLineAndExitCodeTwo(String args, String message) {
        Result result = run(args.isEmpty() ? new String[0] : args.split(" "));
        assertThat(result.code()).isEqualTo(PrivacyKitCli.USAGE_ERROR);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).contains(message);
        assertThat(result.err().strip().lines()).hasSize(1);
    }

    @Test
    void anInvalidPolicyIsNamedOnOneLine(@TempDir Path dir) throws Exception {
        Path policy = Files.writeString(dir.resolve("bad.properties"), "privacy.policy.version=1\nprivacy.jurisdiction.fallbak=GDPR\n");
        Result result = run("classify", "1.2.3.4", "--policy", policy.toString());
        assertThat(result.code()).isEqualTo(PrivacyKitCli.USAGE_ERROR);
        assertThat(result.err()).contains("privacy.jurisdiction.fallbak").contains("privacy.jurisdiction.fallback");
        assertThat(result.err().strip().lines()).hasSize(1);
    }

    @Test
    void verifyLedgerReportsAnIntactChainThenTheFirstEditedRecord(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        Path policy = Files.writeString(dir.resolve("p.properties"), String.join("\n",
                "privacy.policy.version=1",
                "privacy.policy.last-updated=2024-01-01",
                "privacy.data-dir=" + data.toString().replace("\\", "/"),
                ""));
        Map<String, String> env = Map.of(
                "PRIVACY_CONSENT_KEYS", "k1:" + java.util.Base64.getEncoder().encodeToString(new byte[32]),
                "PRIVACY_CONSENT_IP_HASH_KEY", java.util.Base64.getEncoder().encodeToString(new byte[32]));
        io.privacykit.policy.Policy loaded = io.privacykit.policy.PolicyLoader.load(policy, env);
        try (io.privacykit.store.jdbc.JdbcPrivacyStore store = io.privacykit.store.jdbc.JdbcPrivacyStore.open(loaded.store())) {
            for (int n = 1; n <= 3; n++) {
                store.appendConsent(new io.privacykit.consent.ConsentEvent("consent-" + n,
                        java.time.Instant.parse("2024-03-01T10:00:00Z").plusSeconds(n), "1",
                        io.privacykit.jurisdiction.Regime.GDPR, "GDPR", io.privacykit.geo.LocationSource.DATABASE,
                        "DE", null, Map.of("performance", true), io.privacykit.consent.ConsentMethod.BANNER,
                        "/", null, null, null));
            }
        }

        Result intact = run(env, "verify-ledger", "--policy", policy.toString());
        assertThat(intact.code()).as(intact.err()).isZero();
        assertThat(intact.json().get("intact").asBoolean()).isTrue();
        assertThat(intact.json().get("records").asLong()).isEqualTo(3);

        try (java.sql.Connection c = java.sql.DriverManager.getConnection(loaded.store().url());
             java.sql.Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE consent_ledger SET choices = '{\"performance\":false}' WHERE sequence = 2");
        }
        Result broken = run(env, "verify-ledger", "--policy", policy.toString());
        assertThat(broken.code()).isEqualTo(PrivacyKitCli.LEDGER_BROKEN);
        assertThat(broken.json().get("intact").asBoolean()).isFalse();
        assertThat(broken.json().get("firstBadSequence").asLong()).isEqualTo(2);

        assertThat(run(env, "verify-ledger").code()).isEqualTo(PrivacyKitCli.USAGE_ERROR);
    }

    @Test
    void verifyLedgerFindsAChainRecomputedWithoutTheLedgerKey(@TempDir Path dir) throws Exception {
        Path policy = Files.writeString(dir.resolve("p.properties"), String.join("\n",
                "privacy.policy.version=1",
                "privacy.policy.last-updated=2024-01-01",
                "privacy.data-dir=" + dir.resolve("data").toString().replace("\\", "/"),
                ""));
        Map<String, String> env = Map.of(
                "PRIVACY_CONSENT_KEYS", "k1:" + java.util.Base64.getEncoder().encodeToString(new byte[32]),
                "PRIVACY_CONSENT_IP_HASH_KEY", java.util.Base64.getEncoder().encodeToString(new byte[32]),
                "PRIVACY_LEDGER_KEYS", "l1:" + java.util.Base64.getEncoder().encodeToString(new byte[] {
                        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26,
                        27, 28, 29, 30, 31, 32}));
        io.privacykit.policy.Policy loaded = io.privacykit.policy.PolicyLoader.load(policy, env);
        java.util.List<io.privacykit.consent.LedgerEntry> entries = new java.util.ArrayList<>();
        try (io.privacykit.store.jdbc.JdbcPrivacyStore store = io.privacykit.store.jdbc.JdbcPrivacyStore.open(loaded.store())) {
            for (int n = 1; n <= 3; n++) {
                entries.add(store.appendConsent(new io.privacykit.consent.ConsentEvent("consent-" + n,
                        java.time.Instant.parse("2024-03-01T10:00:00Z").plusSeconds(n), "1",
                        io.privacykit.jurisdiction.Regime.GDPR, "GDPR", io.privacykit.geo.LocationSource.DATABASE,
                        "DE", null, Map.of("performance", true), io.privacykit.consent.ConsentMethod.BANNER,
                        "/", null, null, null)));
            }
        }
        Result intact = run(env, "verify-ledger", "--policy", policy.toString());
        assertThat(intact.json().get("intact").asBoolean()).as(intact.out()).isTrue();
        assertThat(intact.json().get("unkeyedUpTo").asLong()).isZero();
        assertThat(intact.json().get("keyIds").get(0).asText()).isEqualTo("l1");

        // Record 2 now says "performance refused"; its hash, every later hash and the head are recomputed.
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(loaded.store().url());
             java.sql.Statement st = c.createStatement()) {
            String previous = entries.get(0).hash();
            for (int n = 2; n <= 3; n++) {
                io.privacykit.consent.ConsentEvent e = entries.get(n - 1).event();
                io.privacykit.consent.ConsentEvent forged = n == 2 ? new io.privacykit.consent.ConsentEvent(
                        e.consentId(), e.at(), e.policyVersion(), e.regime(), e.law(), e.locationSource(), e.country(),
                        e.region(), Map.of("performance", false), e.method(), e.page(), e.ipHash(), e.userAgent(),
                        e.subjectId()) : e;
                String hash = io.privacykit.consent.LedgerChain.hashV2(n, previous, forged, null);
                st.executeUpdate("UPDATE consent_ledger SET choices = '" + (n == 2 ? "{\"performance\":false}"
                        : "{\"performance\":true}") + "', previous_hash = '" + previous + "', hash = '" + hash
                        + "' WHERE sequence = " + n);
                previous = hash;
            }
            st.executeUpdate("UPDATE ledger_head SET last_hash = '" + previous + "'");
        }
        Result broken = run(env, "verify-ledger", "--policy", policy.toString());
        assertThat(broken.code()).isEqualTo(PrivacyKitCli.LEDGER_BROKEN);
        assertThat(broken.json().get("part").asText()).isEqualTo("records");
        assertThat(broken.json().get("firstBadSequence").asLong()).isEqualTo(2);
        assertThat(broken.json().get("reason").asText()).contains("MAC");
    }
}
