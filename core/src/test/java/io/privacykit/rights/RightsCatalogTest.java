package io.privacykit.rights;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The rights each regime grants, as the public rights page lists them. */
class RightsCatalogTest {

    @ParameterizedTest(name = "{0}-{1}")
    @CsvSource(nullValues = "-", delimiter = '|', textBlock = """
            DE | - | ACCESS PORTABILITY RECTIFICATION ERASURE RESTRICTION OBJECTION WITHDRAW_CONSENT AUTOMATED_DECISION_REVIEW
            US | CA | ACCESS PORTABILITY RECTIFICATION ERASURE OPT_OUT_OF_SALE LIMIT_SENSITIVE KNOW SHINE_THE_LIGHT
            US | VA | ACCESS PORTABILITY RECTIFICATION ERASURE OPT_OUT_OF_SALE
            AR | - | ACCESS RECTIFICATION ERASURE WITHDRAW_CONSENT
            BR | - | ACCESS PORTABILITY RECTIFICATION ERASURE OBJECTION WITHDRAW_CONSENT AUTOMATED_DECISION_REVIEW
            JP | - | ACCESS RECTIFICATION ERASURE WITHDRAW_CONSENT
            """)
    void eachRegimeListsItsRights(String country, String region, String rights) {
        assertThat(RightsCatalog.rightsIn(RightsDeadlinesTest.at(country, region)))
                .containsExactlyElementsOf(List.of(rights.split(" ")).stream().map(RightType::valueOf).toList());
    }

    @Test
    void aRequestTheLawDoesNotGrantIsTakenAndFlagged() {
        RightsService rights = RightsService.builder().store(new InMemoryRightsStore()).mailer(new Outbox())
                .links(RequestLinks.under("https://shop.example/privacy")).build();

        Submission result = rights.submit(RightType.OPT_OUT_OF_SALE, "ada@example.org",
                RightsDeadlinesTest.at("DE", null), Optional.empty());

        assertThat(result).isInstanceOfSatisfying(Submission.Accepted.class,
                accepted -> assertThat(accepted.request().flags()).containsExactly(RightsCatalog.BEYOND_THE_LAW));
    }
}
