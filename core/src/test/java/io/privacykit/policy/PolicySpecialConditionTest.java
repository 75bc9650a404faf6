package io.privacykit.policy;

import static io.privacykit.policy.PolicyFixture.load;
import static io.privacykit.policy.PolicyFixture.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.privacykit.collection.CategoryDeclaration;
import io.privacykit.collection.PiCategories;
import io.privacykit.collection.SpecialCondition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code privacy.collection.<id>.special-condition}: processing a special category is prohibited
 * unless a condition of GDPR Art. 9(2) applies, and criminal offence data needs official authority or
 * a law authorising it (Art. 10); the loader refuses a policy that collects one without saying which.
 */
class PolicySpecialConditionTest {

    private static final String ART9_CODES = "explicit-consent, employment, vital-interests, not-for-profit,"
            + " made-public, legal-claims, public-interest, health-care, public-health, research";
    private static final String ART10_CODES = "official-authority, authorised-by-law";

    /** A collected category with the purposes {@code purposes}, plus {@code extra}. */
    private static java.util.Properties collecting(String id, String purposes, String... extra) {
        List<String> all = new ArrayList<>(List.of(
                "privacy.collection." + id + ".collected", "true",
                "privacy.collection." + id + ".sources", "user",
                "privacy.collection." + id + ".purposes", purposes));
        all.addAll(List.of(extra));
        return with(all.toArray(String[]::new));
    }

    /** The law's table: every condition with its article and the categories it can lift the prohibition for. */
    static Stream<Arguments> conditions() {
        return Stream.of(
                Arguments.of("explicit-consent", "Art. 9(2)(a)", "Explicit consent"),
                Arguments.of("employment", "Art. 9(2)(b)", "Employment, social security and social protection"),
                Arguments.of("vital-interests", "Art. 9(2)(c)", "Vital interests"),
                Arguments.of("not-for-profit", "Art. 9(2)(d)", "Not-for-profit bodies"),
                Arguments.of("made-public", "Art. 9(2)(e)", "Made public by the data subject"),
                Arguments.of("legal-claims", "Art. 9(2)(f)", "Legal claims or judicial acts"),
                Arguments.of("public-interest", "Art. 9(2)(g)", "Reasons of substantial public interest (with a basis in law)"),
                Arguments.of("health-care", "Art. 9(2)(h)", "Health or social care (with a basis in law)"),
                Arguments.of("public-health", "Art. 9(2)(i)", "Public health (with a basis in law)"),
                Arguments.of("research", "Art. 9(2)(j)", "Archiving, research and statistics (with a basis in law)"),
                Arguments.of("official-authority", "Art. 10", null),
                Arguments.of("authorised-by-law", "Art. 10", null));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("conditions")
    void everyConditionIsAcceptedForTheCategoriesOfItsArticleAndRefusedForTheOthers(String code, String article,
                                                                                     String fidesLabel) {
        SpecialCondition condition = SpecialCondition.valueOf(code.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        assertThat(condition.code()).isEqualTo(code);
        assertThat(condition.article()).isEqualTo(article);
        assertThat(condition.fidesLabel()).isEqualTo(java.util.Optional.ofNullable(fidesLabel));
        boolean art10 = article.equals("Art. 10");
        for (String id : PiCategories.GDPR_SPECIAL) {
            java.util.Properties props = collecting(id, "service", "privacy.collection." + id + ".special-condition", code);
            if (art10 == id.equals("criminal_offences")) {
                CategoryDeclaration declaration = load(props).collection().declaration(id).orElseThrow();
                assertThat(declaration.specialConditions()).as(id).containsExactly(Map.entry("service", condition));
            } else {
                assertThatThrownBy(() -> load(props)).as(id).isInstanceOfSatisfying(PolicyException.class,
                        e -> assertThat(e.problems()).containsExactly("privacy.collection." + id
                                + ".special-condition: '" + code + "' is invalid; expected "
                                + (art10 ? "an Art. 9(2) condition (" + ART9_CODES + ")"
                                        : "an Art. 10 condition (" + ART10_CODES + ")")
                                + " for every purpose, or purpose:condition"));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "racial_ethnic_origin, GDPR Art. 9(2)",
            "political_opinions, GDPR Art. 9(2)",
            "religious_philosophical_beliefs, GDPR Art. 9(2)",
            "trade_union_membership, GDPR Art. 9(2)",
            "genetic, GDPR Art. 9(2)",
            "biometric_unique_id, GDPR Art. 9(2)",
            "health, GDPR Art. 9(2)",
            "sex_life_sexual_orientation, GDPR Art. 9(2)",
            "criminal_offences, GDPR Art. 10"})
    void aSpecialCategoryCollectedWithoutAConditionDoesNotStart(String id, String article) {
        assertThatThrownBy(() -> load(collecting(id, "service")))
                .isInstanceOfSatisfying(PolicyException.class, e -> assertThat(e.problems()).singleElement()
                        .asString()
                        .startsWith("missing privacy.collection." + id + ".special-condition: processing " + id)
                        .contains(article)
                        .endsWith("; state one of " + (id.equals("criminal_offences") ? ART10_CODES : ART9_CODES)
                                + " (for every purpose, or purpose:condition)"));
    }

    @Test
    void aConditionMayDifferPerPurposeAndEveryPurposeNeedsOne() {
        CategoryDeclaration health = load(collecting("health", "service, research, marketing",
                "privacy.collection.health.special-condition", "explicit-consent, service:health-care, research:research"))
                .collection().declaration("health").orElseThrow();
        assertThat(health.specialConditions()).containsExactly(Map.entry("service", SpecialCondition.HEALTH_CARE),
                Map.entry("research", SpecialCondition.RESEARCH), Map.entry("marketing", SpecialCondition.EXPLICIT_CONSENT));
        assertThat(health.specialConditionOf("marketing")).contains(SpecialCondition.EXPLICIT_CONSENT);

        assertThatThrownBy(() -> load(collecting("health", "service, research, marketing",
                "privacy.collection.health.special-condition", "service:health-care")))
                .isInstanceOfSatisfying(PolicyException.class, e -> assertThat(e.problems()).containsExactly(
                        "privacy.collection.health.special-condition: no condition for research, marketing; processing"
                                + " health is prohibited unless a condition of GDPR Art. 9(2) applies"));
    }

    @Test
    void everyBadConditionKeyIsNamedAtOnce() {
        assertThatThrownBy(() -> load(with(
                "privacy.collection.health.collected", "true",
                "privacy.collection.health.sources", "user",
                "privacy.collection.health.purposes", "service",
                "privacy.collection.genetic.collected", "true",
                "privacy.collection.genetic.sources", "user",
                "privacy.collection.genetic.purposes", "research",
                "privacy.collection.genetic.special-condition", "because-we-can",
                "privacy.collection.criminal_offences.collected", "true",
                "privacy.collection.criminal_offences.sources", "third_party",
                "privacy.collection.criminal_offences.purposes", "security",
                "privacy.collection.criminal_offences.special-condition", "explicit-consent",
                "privacy.collection.political_opinions.special-condition", "made-public",
                "privacy.collection.sensitive.collected", "true",
                "privacy.collection.sensitive.sources", "user",
                "privacy.collection.sensitive.purposes", "service",
                "privacy.collection.sensitive.special-condition", "explicit-consent",
                "privacy.collection.custom-categories", "allergies",
                "privacy.collection.allergies.collected", "true",
                "privacy.collection.allergies.sources", "user",
                "privacy.collection.allergies.purposes", "service",
                "privacy.collection.allergies.special-condition", "health-care")))
                .isInstanceOfSatisfying(PolicyException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        "missing privacy.collection.health.special-condition: processing health is prohibited unless a"
                                + " condition of GDPR Art. 9(2) applies; state one of " + ART9_CODES
                                + " (for every purpose, or purpose:condition)",
                        "privacy.collection.genetic.special-condition: 'because-we-can' is invalid; expected an Art. 9(2)"
                                + " condition (" + ART9_CODES + ") for every purpose, or purpose:condition",
                        "privacy.collection.criminal_offences.special-condition: 'explicit-consent' is invalid; expected"
                                + " an Art. 10 condition (" + ART10_CODES + ") for every purpose, or purpose:condition",
                        "privacy.collection.political_opinions.special-condition: political_opinions is not collected"
                                + " (set privacy.collection.political_opinions.collected=true, or remove this key)",
                        "privacy.collection.sensitive.special-condition: sensitive is neither a special category of"
                                + " personal data (GDPR Art. 9(1)) nor criminal offence data (Art. 10); only "
                                + String.join(", ", PiCategories.GDPR_SPECIAL) + " take a condition (remove this key)",
                        "privacy.collection.allergies.special-condition: allergies is neither a special category of"
                                + " personal data (GDPR Art. 9(1)) nor criminal offence data (Art. 10); only "
                                + String.join(", ", PiCategories.GDPR_SPECIAL) + " take a condition (remove this key)"));
    }

    @Test
    void theEnvironmentVariableFollowsTheUsualRule() {
        Policy policy = PolicyLoader.fromProperties(collecting("criminal_offences", "security"),
                Map.of("PRIVACY_COLLECTION_CRIMINAL_OFFENCES_SPECIAL_CONDITION", "authorised-by-law"));
        assertThat(policy.collection().declaration("criminal_offences").orElseThrow().specialConditionOf("security"))
                .contains(SpecialCondition.AUTHORISED_BY_LAW);
    }

    @Test
    void theFidesSystemCarriesTheArticle9ConditionOfEachDeclaration() {
        JsonNode declarations = load(collecting("health", "service, research",
                "privacy.collection.health.special-condition", "explicit-consent, research:research",
                "privacy.collection.criminal_offences.collected", "true",
                "privacy.collection.criminal_offences.sources", "third_party",
                "privacy.collection.criminal_offences.purposes", "security",
                "privacy.collection.criminal_offences.special-condition", "official-authority"))
                .collection().toFidesSystem().get("system").get(0).get("privacy_declarations");
        assertThat(declarations).hasSize(3);
        assertThat(declarations.get(0).get("name").asText()).isEqualTo("service: health");
        assertThat(declarations.get(0).get("processes_special_category_data").asBoolean()).isTrue();
        assertThat(declarations.get(0).get("special_category_legal_basis").asText()).isEqualTo("Explicit consent");
        assertThat(declarations.get(1).get("special_category_legal_basis").asText())
                .isEqualTo("Archiving, research and statistics (with a basis in law)");
        // fideslang has no value for Art. 10, so none is claimed.
        assertThat(declarations.get(2).get("name").asText()).isEqualTo("security: criminal_offences");
        assertThat(declarations.get(2).has("special_category_legal_basis")).isFalse();
    }
}
