package io.privacykit.consent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConsentReceiptTest {

    private final LedgerEntry entry = LedgerFixtures.chain(3).get(2);
    private final ConsentReceipt receipt = ConsentReceipt.of(entry);

    @Test
    void theJsonShowsTheChoiceItsLawAndItsPlaceInTheLedger() throws Exception {
        JsonNode json = new ObjectMapper().readTree(receipt.toJson());

        assertThat(json.path("version").asText()).isEqualTo(ConsentReceipt.VERSION);
        assertThat(json.path("consentId").asText()).isEqualTo("consent-3");
        assertThat(json.path("timestamp").asText()).isEqualTo("2024-05-01T10:15:33.123456Z");
        assertThat(json.path("policyVersion").asText()).isEqualTo("2024-03");
        JsonNode law = json.path("jurisdiction");
        assertThat(law.path("regime").asText()).isEqualTo("GDPR");
        assertThat(law.path("law").asText()).isEqualTo("GDPR and ePrivacy Directive");
        assertThat(law.path("country").asText()).isEqualTo("DE");
        assertThat(law.path("region").asText()).isEqualTo("BE");
        assertThat(law.path("locationSource").asText()).isEqualTo("database");
        List<String> categories = new ArrayList<>();
        json.path("choices").fieldNames().forEachRemaining(categories::add);
        assertThat(categories).containsExactly("necessary", "functionality", "performance", "advertising");
        assertThat(json.path("choices").path("performance").asBoolean()).isTrue();
        assertThat(json.path("choices").path("advertising").asBoolean()).isFalse();
        assertThat(json.path("method").asText()).isEqualTo("banner");
        assertThat(json.path("ledger").path("sequence").asLong()).isEqualTo(3);
        assertThat(json.path("ledger").path("hash").asText()).isEqualTo(entry.hash());
        assertThat(json.path("ledger").path("previousHash").asText()).isEqualTo(entry.previousHash());
    }

    @Test
    void itHoldsNothingTheVisitorDidNotKnow() {
        assertThat(receipt.toJson())
                .doesNotContain(entry.event().ipHash())
                .doesNotContain(entry.event().userAgent())
                .doesNotContain("/pricing");
    }

    @Test
    void itReadsBackWhatItWrote() {
        assertThat(ConsentReceipt.parse(receipt.toJson())).contains(receipt);
    }

    @Test
    void unknownLocationReadsBackToo() {
        ConsentEvent e = entry.event();
        ConsentReceipt placeless = ConsentReceipt.of(LedgerChain.link(0, LedgerChain.GENESIS_HASH,
                new ConsentEvent(e.consentId(), e.at(), e.policyVersion(), io.privacykit.jurisdiction.Regime.DEFAULT,
                        "Policy terms", io.privacykit.geo.LocationSource.UNKNOWN, null, null, e.choices(),
                        ConsentMethod.GPC, null, null, null, null)));

        assertThat(ConsentReceipt.parse(placeless.toJson())).contains(placeless);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "null",
            "[]",
            "{",
            "{}",
            "not json at all",
            "{\"version\":\"privacykit-receipt-1\"}",
            "{\"version\":\"other\",\"consentId\":\"c\"}",
    })
    void anythingElseIsNoReceipt(String text) {
        assertThat(ConsentReceipt.parse(text)).isEmpty();
    }

    @Test
    void aReceiptWithAnAlteredFieldIsNoReceiptOrADifferentOne() {
        String json = receipt.toJson();

        assertThat(ConsentReceipt.parse(json.replace("\"banner\"", "\"bribe\""))).isEmpty();
        assertThat(ConsentReceipt.parse(json.replace("\"GDPR\"", "\"NOPE\""))).isEmpty();
        assertThat(ConsentReceipt.parse(json.replace("\"advertising\":false", "\"advertising\":\"yes\"")))
                .isEmpty();
        assertThat(ConsentReceipt.parse(json.replace("\"advertising\":false", "\"advertising\":true")))
                .hasValueSatisfying(other -> assertThat(other).isNotEqualTo(receipt));
    }

    @Test
    void anOversizedTextIsNoReceipt() {
        assertThat(ConsentReceipt.parse("{\"pad\":\"" + "x".repeat(70_000) + "\"}")).isEmpty();
        assertThat(ConsentReceipt.parse(null)).isEmpty();
    }
}
