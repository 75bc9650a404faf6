package io.privacykit.rights;

import java.util.List;
import java.util.Objects;

/**
 * The verified person a request is about: the address they proved control of and the app's user
 * ids for it (from {@link PersonalDataProvider#userIdsOf(String)}), which are also the ids the
 * consent ledger links consent ids to.
 *
 * @param email   the verified address, as given
 * @param userIds the app's ids of the person, possibly none
 */
public record DataSubject(String email, List<String> userIds) {
    public DataSubject {
        Objects.requireNonNull(email, "email");
        userIds = List.copyOf(userIds);
    }
}
