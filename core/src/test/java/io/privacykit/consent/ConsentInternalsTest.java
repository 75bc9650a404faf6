package io.privacykit.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Consent internals: no static mutable state (every static field final, none an array), no stray public helpers. */
class ConsentInternalsTest {

    @ParameterizedTest
    @ValueSource(classes = {CategoryDecision.class, ConsentCookieCodec.class, CookieCategory.class,
            CookieClassifier.class, ConsentState.class, PolicyVersions.class})
    void staticFieldsAreFinalAndNoArrays(Class<?> type) {
        Field[] statics = Arrays.stream(type.getDeclaredFields())
                .filter(field -> Modifier.isStatic(field.getModifiers()) && !field.isSynthetic())
                .toArray(Field[]::new);

        assertThat(statics).allSatisfy(field -> {
            assertThat(Modifier.isFinal(field.getModifiers())).as("%s is final", field.getName()).isTrue();
            assertThat(field.getType().isArray()).as("%s is an array", field.getName()).isFalse();
        });
    }

    @Test
    void policyVersionsIsNoPublicApi() {
        // Only the codec orders versions; a public helper would be API to keep forever.
        assertThat(Modifier.isPublic(PolicyVersions.class.getModifiers())).isFalse();
    }
}
