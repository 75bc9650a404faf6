package io.privacykit.policy;

import static io.privacykit.policy.PolicyFixture.load;
import static io.privacykit.policy.PolicyFixture.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.privacykit.collection.CategoryDeclaration;
import io.privacykit.collection.CollectionMode;
import io.privacykit.collection.ControllerInfo;
import io.privacykit.collection.DeclaredPolicy;
import io.privacykit.collection.LegalBasis;
import io.privacykit.collection.RecipientKind;
import io.privacykit.collection.SourceKind;
import io.privacykit.collection.TransferSafeguard;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Period;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code privacy.collection.*} and {@code privacy.controller.*}: parsed, validated with the rest, documented. */
class PolicyCollectionTest {

    private static final Path REFERENCE = Path.of("").toAbsolutePath().getParent().resolve("docs/configuration.md");

    @Test
    void aPolicyWithoutDeclarationsDeclaresNothingAndReports() {
        DeclaredPolicy declared = load(PolicyFixture.minimal()).collection();
        assertThat(declared.categories()).isEmpty();
        assertThat(declared.settings().mode()).isEqualTo(CollectionMode.REPORT);
        assertThat(declared.settings().subjectKey()).hasSize(32);
        assertThat(declared.controller()).isEqualTo(ControllerInfo.unstated());
    }

    @Test
    void theEuReferencePolicyDeclares() {
        Policy policy = load(with(
                "privacy.policy.minimum-age", "16",
                "privacy.collection.mode", "strict",
                "privacy.collection.custom-purposes", "training_content",
                "privacy.collection.identifiers.collected", "true",
                "privacy.collection.identifiers.sources", "user, device",
                "privacy.collection.identifiers.purposes", "service, security, essential.service.notifications.email,"
                        + " marketing.communications.email, training_content",
                "privacy.collection.identifiers.legal-basis", "contract, security:legitimate-interests, marketing:consent",
                "privacy.collection.identifiers.recipients", "service_provider, authority",
                "privacy.collection.identifiers.retention", "P2Y",
                "privacy.collection.identifiers.data-categories", "user.contact.email, user.name, user.device.ip_address",
                "privacy.controller.name", "SMARTFENSE",
                "privacy.controller.address", "Example street 1, Buenos Aires, Argentina",
                "privacy.controller.email", "privacy@smartfense.example",
                "privacy.controller.role", "controller",
                "privacy.controller.dpo.name", "Data Protection Officer",
                "privacy.controller.dpo.email", "dpo@smartfense.example",
                "privacy.controller.representative.eu", "Example Rep SL, Madrid, Spain",
                "privacy.controller.registrations", "AR:RL-2020-33258012-APN-DNPDP#AAIP",
                "privacy.controller.sub-processors", "Example Cloud Inc:US, Mailer GmbH:DE",
                "privacy.controller.transfers", "US:scc, AR:adequacy"));

        DeclaredPolicy declared = policy.collection();
        CategoryDeclaration identifiers = declared.declaration("identifiers").orElseThrow();
        assertThat(identifiers.collected()).isTrue();
        assertThat(identifiers.sources()).containsExactly(SourceKind.USER, SourceKind.DEVICE);
        assertThat(identifiers.purposes()).containsExactly("service", "security", "marketing", "training_content");
        assertThat(identifiers.legalBasis()).containsExactly(Map.entry("service", LegalBasis.CONTRACT),
                Map.entry("security", LegalBasis.LEGITIMATE_INTERESTS), Map.entry("marketing", LegalBasis.CONSENT),
                Map.entry("training_content", LegalBasis.CONTRACT));
        assertThat(identifiers.recipients()).containsExactly(RecipientKind.SERVICE_PROVIDER, RecipientKind.AUTHORITY);
        assertThat(identifiers.retention()).contains(Period.ofYears(2));
        assertThat(identifiers.sold()).isFalse();
        assertThat(declared.minimumAge()).isEqualTo(16);
        assertThat(declared.settings().mode()).isEqualTo(CollectionMode.STRICT);
        ControllerInfo controller = declared.controller();
        assertThat(controller.dpo()).contains("Data Protection Officer <dpo@smartfense.example>");
        assertThat(controller.registrations()).containsEntry("AR", "RL-2020-33258012-APN-DNPDP#AAIP");
        assertThat(controller.representatives()).containsEntry("EU", "Example Rep SL, Madrid, Spain");
        assertThat(controller.subProcessors()).containsExactly(new ControllerInfo.SubProcessor("Example Cloud Inc", "US"),
                new ControllerInfo.SubProcessor("Mailer GmbH", "DE"));
        assertThat(controller.transfers()).containsExactly(new ControllerInfo.Transfer("US", TransferSafeguard.SCC),
                new ControllerInfo.Transfer("AR", TransferSafeguard.ADEQUACY));

        JsonNode system = declared.toFidesSystem().get("system").get(0);
        assertThat(system.get("fides_key").asText()).isEqualTo("smartfense");
        assertThat(system.get("dpo").asText()).isEqualTo("Data Protection Officer <dpo@smartfense.example>");
        assertThat(system.get("responsibility").get(0).asText()).isEqualTo("Controller");
        assertThat(system.get("legal_basis_for_transfers").toString()).isEqualTo("[\"SCCs\",\"Adequacy Decision\"]");
        JsonNode declarations = system.get("privacy_declarations");
        assertThat(declarations).hasSize(4);
        assertThat(declarations.get(0).get("data_categories").toString())
                .isEqualTo("[\"user.contact.email\",\"user.name\",\"user.device.ip_address\"]");
        assertThat(declarations.get(0).get("data_use").asText()).isEqualTo("essential");
        assertThat(declarations.get(2).get("data_use").asText()).isEqualTo("marketing");
        assertThat(declarations.get(2).get("legal_basis_for_processing").asText()).isEqualTo("Consent");
        assertThat(declarations.get(2).get("retention_period").asText()).isEqualTo("730");
    }

    @Test
    void everyProblemJoinsTheOneException() {
        assertThatThrownBy(() -> load(with(
                "privacy.collection.identifers.collected", "true",
                "privacy.collection.identifiers.collected", "yes",
                "privacy.collection.geolocation.collected", "true",
                "privacy.collection.internet_activity.collected", "true",
                "privacy.collection.internet_activity.sources", "device, telepathy",
                "privacy.collection.internet_activity.purposes", "service, world_domination",
                "privacy.collection.internet_activity.legal-basis", "contract, advertising:consent, service:whim",
                "privacy.collection.internet_activity.sold", "true",
                "privacy.collection.internet_activity.retention", "two years",
                "privacy.collection.internet_activity.data-categories", "user.contact.email",
                "privacy.collection.biometric.purposes", "service",
                "privacy.collection.subject-key", "c2hvcnQ=",
                "privacy.controller.transfers", "US:handshake",
                "privacy.controller.dpo.email", "nobody")))
                .isInstanceOfSatisfying(PolicyException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        "unknown key 'privacy.collection.identifers.collected': did you mean"
                                + " 'privacy.collection.identifiers.collected'?",
                        "privacy.collection.identifiers.collected: 'yes' is invalid; expected true or false",
                        "missing privacy.collection.geolocation.purposes: geolocation is collected, so the policy must"
                                + " state why",
                        "missing privacy.collection.geolocation.sources: geolocation is collected, so the policy must"
                                + " state from where",
                        "privacy.collection.internet_activity.sources: 'telepathy' is invalid; expected sources: user,"
                                + " device, inferred, partner, third_party, public",
                        "privacy.collection.internet_activity.purposes: 'world_domination' is invalid; expected purposes:"
                                + " service, security, debugging, analytics, research, personalization, advertising,"
                                + " marketing, payment, legal, employment, ai_training, third_party_marketing, one listed"
                                + " in privacy.collection.custom-purposes, or a Fides data use such as marketing.advertising",
                        "privacy.collection.internet_activity.legal-basis: 'advertising:consent' is invalid; expected"
                                + " purpose:basis naming one of this category's purposes (service)",
                        "privacy.collection.internet_activity.legal-basis: 'service:whim' is invalid; expected a legal"
                                + " basis (consent, contract, legal-obligation, vital-interests, public-task,"
                                + " legitimate-interests) for every purpose, or purpose:basis",
                        "privacy.collection.internet_activity.sold: a sale or sharing goes to a third party; add"
                                + " third_party or advertising_partner to privacy.collection.internet_activity.recipients",
                        "privacy.collection.internet_activity.retention: 'two years' is invalid; expected a positive"
                                + " ISO-8601 period such as P2Y, P18M or P30D",
                        "privacy.collection.internet_activity.data-categories: 'user.contact.email' is invalid; expected"
                                + " Fides data categories the alias table maps onto internet_activity (such as"
                                + " user.behavior, user.telemetry)",
                        "privacy.collection.biometric.purposes: biometric is not collected (set"
                                + " privacy.collection.biometric.collected=true, or remove this key)",
                        "privacy.collection.subject-key: the value (not shown) is invalid; expected base64 of at least"
                                + " 32 random bytes",
                        "privacy.controller.transfers: 'US:handshake' is invalid; expected CC:safeguard pairs, the"
                                + " safeguard one of adequacy, scc, bcr, derogation, such as US:scc",
                        "privacy.controller.dpo.email: 'nobody' is invalid; expected an e-mail address"));
    }

    @Test
    void customCategoriesAndEnvironmentVariables() {
        Policy policy = PolicyLoader.fromProperties(with(
                "privacy.collection.custom-categories", "loyalty_points",
                "privacy.collection.loyalty_points.collected", "true",
                "privacy.collection.loyalty_points.sources", "user",
                "privacy.collection.loyalty_points.purposes", "service",
                "privacy.collection.loyalty_points.data-categories", "user.behavior.purchase_history"),
                Map.of("PRIVACY_COLLECTION_LOYALTY_POINTS_RETENTION", "P6M",
                        "PRIVACY_COLLECTION_MODE", "strict"));
        CategoryDeclaration loyalty = policy.collection().declaration("loyalty_points").orElseThrow();
        assertThat(loyalty.retention()).contains(Period.ofMonths(6));
        assertThat(loyalty.fidesCategories()).containsExactly("user.behavior.purchase_history");
        assertThat(policy.collection().settings().mode()).isEqualTo(CollectionMode.STRICT);
        assertThat(policy.collection().categoryIdOf("loyalty_points")).contains("loyalty_points");

        assertThatThrownBy(() -> load(with("privacy.collection.loyalty_points.collected", "true")))
                .hasMessageContaining("unknown key 'privacy.collection.loyalty_points.collected'");
        assertThatThrownBy(() -> load(with("privacy.collection.custom-categories", "identifiers, Bad-Id")))
                .isInstanceOfSatisfying(PolicyException.class, e -> assertThat(e.problems()).containsExactly(
                        "privacy.collection.custom-categories: 'Bad-Id' is invalid; expected ids of 1-32 lower-case"
                                + " letters, digits and '_', starting with a letter",
                        "privacy.collection.custom-categories: 'identifiers' is a standard id already; list only your own"));
    }

    @Test
    void theSubjectKeyDefaultsToOneDerivedFromTheIpHashKeyAndIsNeverShown() {
        byte[] derived = load(PolicyFixture.minimal()).collection().settings().subjectKey();
        assertThat(derived).isNotEqualTo(load(PolicyFixture.minimal()).consent().ipHashKey());
        byte[] own = load(with("privacy.collection.subject-key", PolicyFixture.OLD_SIGNING_SECRET))
                .collection().settings().subjectKey();
        assertThat(own).isNotEqualTo(derived);
        assertThat(load(PolicyFixture.minimal()).collection().settings().toString()).doesNotContain("subjectKey=");
    }

    @Test
    void theCollectionExampleLoads() throws IOException {
        String reference = Files.readString(REFERENCE);
        String example = reference.substring(reference.indexOf("## A collection example"));
        java.util.regex.Matcher block = java.util.regex.Pattern.compile("```properties\n(.*?)```",
                java.util.regex.Pattern.DOTALL).matcher(example);
        assertThat(block.find()).isTrue();
        java.util.Properties props = PolicyFixture.minimal();
        props.load(new java.io.StringReader(block.group(1)));
        DeclaredPolicy declared = load(props).collection();
        assertThat(declared.categories().keySet()).containsExactly("identifiers", "internet_activity");
        assertThat(declared.declaration("internet_activity").orElseThrow().purposes())
                .containsExactly("service", "analytics", "security");
    }

    @Test
    void everyCollectionKeyIsDocumented() throws IOException {
        String reference = Files.readString(REFERENCE);
        for (String key : PolicyKeys.COLLECTION_FIXED) {
            assertThat(reference).as(key).contains("| `" + key + "` |").contains("`" + PolicyKeys.envName(key) + "`");
        }
        for (String field : PolicyKeys.COLLECTION_FIELDS) {
            assertThat(reference).as(field).contains("| `privacy.collection.<id>." + field + "` |");
        }
    }
}
