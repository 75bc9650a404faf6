package io.privacykit.spring.boot;

import io.privacykit.policy.Policy;
import io.privacykit.store.PrivacyStore;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/** UP while the consent store answers ({@link PrivacyStore#isHealthy()}); consents cannot be recorded otherwise. */
final class PrivacyStoreHealthIndicator implements HealthIndicator {

    private final PrivacyStore store;
    private final Policy policy;

    PrivacyStoreHealthIndicator(PrivacyStore store, Policy policy) {
        this.store = store;
        this.policy = policy;
    }

    @Override
    public Health health() {
        Health.Builder health = store.isHealthy() ? Health.up() : Health.down();
        return health.withDetail("policy", policy.name()).withDetail("version", policy.version()).build();
    }
}
