package io.privacykit.rights;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An app's own data in memory, behind the provider the app implements. */
class AppData implements PersonalDataProvider {
    final Map<String, Map<String, Object>> accounts = new LinkedHashMap<>();
    final List<String> calls = new ArrayList<>();
    final Map<String, Boolean> restricted = new HashMap<>();

    AppData with(String email, Map<String, Object> account) {
        accounts.put(email, new LinkedHashMap<>(account));
        return this;
    }

    @Override
    public synchronized List<String> userIdsOf(String email) {
        return accounts.containsKey(email) ? List.of("user-" + email) : List.of();
    }

    @Override
    public synchronized Map<String, Object> export(DataSubject subject) {
        calls.add("export " + subject.email());
        Map<String, Object> account = accounts.get(subject.email());
        return account == null ? Map.of() : Map.of("account", account);
    }

    @Override
    public synchronized ErasureResult erase(DataSubject subject) {
        calls.add("erase " + subject.email());
        return accounts.remove(subject.email()) == null ? ErasureResult.removed(0)
                : new ErasureResult(1, List.of("invoices: 10 years (tax law)"));
    }

    @Override
    public synchronized void rectify(DataSubject subject, Map<String, String> corrections) {
        calls.add("rectify " + subject.email());
        accounts.get(subject.email()).putAll(corrections);
    }

    @Override
    public synchronized void restrict(DataSubject subject) {
        calls.add("restrict " + subject.email());
        restricted.put(subject.email(), true);
    }
}
