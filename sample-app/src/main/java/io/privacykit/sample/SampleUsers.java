package io.privacykit.sample;

import io.privacykit.rights.DataSubject;
import io.privacykit.rights.ErasureResult;
import io.privacykit.rights.IdentityVerifier;
import io.privacykit.rights.PersonalDataProvider;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sample's accounts, in memory: the e-mail address is the user id (as {@code /signup} links
 * it). It is also the app's side of rights requests: what it holds on a person is exported and
 * erased through {@link PersonalDataProvider}, and a signed-in user's requests are vouched for
 * through {@link IdentityVerifier}.
 */
final class SampleUsers implements PersonalDataProvider, IdentityVerifier {

    /** One account. */
    record User(String email, String name, Instant signedUpAt) {
    }

    private final Map<String, User> users = new ConcurrentHashMap<>();
    private final Clock clock;

    SampleUsers(Clock clock) {
        this.clock = clock;
    }

    /** Signs up {@code email} (again), returning the account. */
    User signUp(String email, String name) {
        String id = key(email);
        return users.compute(id, (k, old) -> new User(id, name == null ? "" : name.strip(),
                old == null ? clock.instant() : old.signedUpAt()));
    }

    Optional<User> find(String userId) {
        return userId == null ? Optional.empty() : Optional.ofNullable(users.get(key(userId)));
    }

    private static String key(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }

    @Override
    public List<String> userIdsOf(String email) {
        return find(email).map(u -> List.of(u.email())).orElse(List.of());
    }

    @Override
    public Map<String, Object> export(DataSubject subject) {
        Map<String, Object> out = new LinkedHashMap<>();
        find(subject.email()).ifPresent(u -> {
            Map<String, Object> account = new LinkedHashMap<>();
            account.put("email", u.email());
            account.put("name", u.name());
            account.put("signedUpAt", u.signedUpAt().toString());
            out.put("account", account);
        });
        return out;
    }

    @Override
    public ErasureResult erase(DataSubject subject) {
        long removed = 0;
        for (String id : subject.userIds()) {
            removed += users.remove(key(id)) == null ? 0 : 1;
        }
        removed += users.remove(key(subject.email())) == null ? 0 : 1;
        return ErasureResult.removed(removed);
    }

    @Override
    public boolean controls(String userId, String email) {
        return find(userId).map(u -> u.email().equals(key(email))).orElse(false);
    }
}
