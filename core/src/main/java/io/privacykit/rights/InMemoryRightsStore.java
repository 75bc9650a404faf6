package io.privacykit.rights;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A {@link RightsStore} in memory, for tests and single-instance development: lost on exit. */
public final class InMemoryRightsStore implements RightsStore {

    private final Map<String, RightsRequest> requests = new LinkedHashMap<>();
    private final List<HistoryEntry> history = new ArrayList<>();
    private final Map<String, StoredExport> exports = new HashMap<>();
    private final Map<String, byte[]> bundles = new HashMap<>();

    /** An empty store. */
    public InMemoryRightsStore() {
    }

    @Override
    public synchronized void create(RightsRequest request, List<HistoryEntry> entries) {
        if (request.version() != 1 || requests.containsKey(request.id())) {
            throw new IllegalArgumentException("a new request has version 1 and a new id");
        }
        requests.put(request.id(), request);
        history.addAll(entries);
    }

    @Override
    public synchronized Optional<RightsRequest> find(String id) {
        return Optional.ofNullable(requests.get(id));
    }

    @Override
    public synchronized boolean update(long expectedVersion, RightsRequest next, List<HistoryEntry> entries) {
        RightsRequest current = requests.get(next.id());
        if (current == null || current.version() != expectedVersion) {
            return false;
        }
        requests.put(next.id(), next);
        history.addAll(entries);
        return true;
    }

    @Override
    public synchronized void append(List<HistoryEntry> entries) {
        history.addAll(entries);
    }

    @Override
    public synchronized List<HistoryEntry> history(String requestId) {
        return history.stream().filter(h -> h.requestId().equals(requestId)).toList();
    }

    @Override
    public synchronized List<RightsRequest> ofEmail(String normalizedEmail) {
        return requests.values().stream()
                .filter(r -> RightsRequest.normalizeEmail(r.email()).equals(normalizedEmail))
                .sorted(Comparator.comparing(RightsRequest::receivedAt))
                .toList();
    }

    @Override
    public synchronized List<RightsRequest> open() {
        return requests.values().stream().filter(r -> !r.status().isFinal())
                .sorted(Comparator.comparing(RightsRequest::dueDate).thenComparing(RightsRequest::receivedAt))
                .toList();
    }

    @Override
    public synchronized void putExport(StoredExport export, byte[] bundle) {
        exports.put(export.requestId(), export);
        bundles.put(export.requestId(), bundle.clone());
    }

    @Override
    public synchronized Optional<StoredExport> export(String requestId) {
        return Optional.ofNullable(exports.get(requestId));
    }

    @Override
    public synchronized Optional<byte[]> takeExport(String requestId, Instant at) {
        StoredExport export = exports.get(requestId);
        if (export == null || export.downloadedAt().isPresent()) {
            return Optional.empty();
        }
        exports.put(requestId, new StoredExport(requestId, export.tokenHash(), export.expiresAt(), Optional.of(at)));
        return Optional.ofNullable(bundles.remove(requestId));
    }
}
