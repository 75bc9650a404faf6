package io.privacykit.policy;

import static io.privacykit.policy.PolicyFixture.load;
import static io.privacykit.policy.PolicyFixture.minimal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.privacykit.consent.CookieCategory;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Cookie categories: the standard four, extras, cookie names and prefixes, hosts, sale. */
class PolicyCategoriesTest {

    /** The reference US policy's four kinds of technology, plus a chat widget. */
    private static Policy referencePolicy() {
        Properties props = minimal();
        props.setProperty("privacy.categories", "chat, ab-test");
        props.setProperty("privacy.cookies.necessary", "JSESSIONID, XSRF-TOKEN");
        props.setProperty("privacy.cookies.functionality", "lang");
        props.setProperty("privacy.cookies.performance", "_ga, _gid, _ga_*");
        props.setProperty("privacy.cookies.advertising", "_fbp, _gcl_*, IDE");
        props.setProperty("privacy.cookies.chat", "chat_*");
        props.setProperty("privacy.cookies.ab-test", "_ga_exp");
        props.setProperty("privacy.hosts.performance", "www.google-analytics.com, *.googletagmanager.com");
        props.setProperty("privacy.hosts.advertising", "connect.facebook.net, connect.facebook.net");
        return load(props);
    }

    @Test
    void necessaryComesFirstThenTheStandardOnesThenExtrasInDeclaredOrder() {
        assertThat(referencePolicy().categories()).extracting(CookieCategory::name)
                .containsExactly("necessary", "functionality", "performance", "advertising", "chat", "ab-test");
    }

    @Test
    void onlyNecessaryIsRequiredAndOnlyAdvertisingSellsByDefault() {
        Policy policy = referencePolicy();

        assertThat(policy.categories()).filteredOn(CookieCategory::required).extracting(CookieCategory::name)
                .containsExactly("necessary");
        assertThat(policy.categories()).filteredOn(CookieCategory::saleOrSharing).extracting(CookieCategory::name)
                .containsExactly("advertising");
    }

    @ParameterizedTest
    @CsvSource({
        "JSESSIONID,  necessary",
        "lang,        functionality",
        "_ga,         performance",
        "_ga_ABC123,  performance",
        "_ga_exp,     ab-test",
        "_gcl_au,     advertising",
        "chat_42,     chat",
        "chat,        ",
        "_gax,        ",
        "LANG,        ",
    })
    void cookiesMatchExactlyOrByPrefix(String cookie, String category) {
        // The policy's own lists alone: the cookie catalogue knows LANG.
        assertThat(new io.privacykit.consent.CookieClassifier(referencePolicy().categories()).categoryOf(cookie)
                .map(CookieCategory::name))
                .isEqualTo(Optional.ofNullable(category));
    }

    @Test
    void hostsAreKeptInOrderWithoutDuplicates() {
        Policy policy = referencePolicy();

        assertThat(policy.category("performance").orElseThrow().hosts())
                .containsExactly("www.google-analytics.com", "*.googletagmanager.com");
        assertThat(policy.category("advertising").orElseThrow().hosts()).containsExactly("connect.facebook.net");
    }

    @Test
    void theSaleFlagCanBeChangedPerCategory() {
        Properties props = PolicyFixture.with(
                "privacy.categories", "chat",
                "privacy.sale.advertising", "false",
                "privacy.sale.performance", "true",
                "privacy.sale.chat", "true");

        assertThat(load(props).categories()).filteredOn(CookieCategory::saleOrSharing).extracting(CookieCategory::name)
                .containsExactly("performance", "chat");
    }

    @Test
    void declaringAStandardCategoryAgainChangesNothing() {
        Properties props = PolicyFixture.with("privacy.categories", "performance, chat, necessary");

        assertThat(load(props).categories()).extracting(CookieCategory::name)
                .containsExactly("necessary", "functionality", "performance", "advertising", "chat");
    }

    @Test
    void aCategoryDeclaredTwiceIsAnError() {
        PolicyException e = catchThrowableOfType(PolicyException.class, () -> load(PolicyFixture.with("privacy.categories", "chat, chat")));

        assertThat(e.problems()).containsExactly("privacy.categories: category 'chat' is declared twice");
    }

    @Test
    void aCookieMayBeInOnlyOneCategory() {
        Properties props = PolicyFixture.with(
                "privacy.cookies.performance", "_ga, _ga_*, _gid",
                "privacy.cookies.advertising", "_fbp, _ga",
                "privacy.cookies.functionality", "lang, lang",
                "privacy.categories", "chat",
                "privacy.cookies.chat", "_ga_*");

        PolicyException e = catchThrowableOfType(PolicyException.class, () -> load(props));

        assertThat(e.problems()).containsExactly(
                "privacy.cookies.functionality: cookie 'lang' is listed twice",
                "cookie '_ga' is in both privacy.cookies.performance and privacy.cookies.advertising; "
                        + "a cookie may be in only one category",
                "cookie '_ga_*' is in both privacy.cookies.performance and privacy.cookies.chat; "
                        + "a cookie may be in only one category");
    }

    @Test
    void anUndeclaredCategoryIsNamedWithItsFix() {
        Properties props = PolicyFixture.with(
                "privacy.cookies.chat", "chat_id",
                "privacy.hosts.advertsing", "ads.example");

        PolicyException e = catchThrowableOfType(PolicyException.class, () -> load(props));

        assertThat(e.problems()).containsExactly(
                "unknown key 'privacy.cookies.chat': category 'chat' is not declared in privacy.categories",
                "unknown key 'privacy.hosts.advertsing': category 'advertsing' is not declared in privacy.categories; "
                        + "did you mean 'privacy.hosts.advertising'?");
    }

    @Test
    void policyCategoriesAreImmutable() {
        List<CookieCategory> categories = referencePolicy().categories();

        assertThat(catchThrowableOfType(UnsupportedOperationException.class, () -> categories.add(categories.get(0))))
                .isNotNull();
    }
}
