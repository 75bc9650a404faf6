package io.privacykit.collection;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Records added up into counts per key, as the writer thread collects them between commits. */
final class Aggregate {

    private record UsageKey(String subject, RecordKind kind, String category, String purpose, String counterpart,
                            String regime, long epochDay) {
    }

    private record DivergenceKey(ViolationKind violation, RecordKind kind, String category, String purpose,
                                 String counterpart) {
    }

    private final Map<UsageKey, long[]> usage = new HashMap<>();
    private final Map<DivergenceKey, DivergenceCount> divergences = new HashMap<>();
    private long records;

    void add(Outcome outcome) {
        PiRecord r = outcome.record();
        String counterpart = r.counterpart();
        String regime = r.regime().map(Enum::name).orElse("-");
        usage.computeIfAbsent(new UsageKey(r.subject().value(), r.kind(), r.category(), r.purpose(), counterpart, regime,
                Math.floorDiv(r.at().getEpochSecond(), 86_400L)), k -> new long[1])[0]++;
        if (outcome instanceof Outcome.Violation violation) {
            for (Outcome.Finding finding : violation.findings()) {
                DivergenceCount d = new DivergenceCount(finding.kind(), r.kind(), r.category(), r.purpose(), counterpart,
                        1, r.at(), r.at());
                divergences.merge(new DivergenceKey(finding.kind(), r.kind(), r.category(), r.purpose(), counterpart), d,
                        InMemoryCollectionStore::combine);
            }
        }
        records++;
    }

    long records() {
        return records;
    }

    int keys() {
        return usage.size() + divergences.size();
    }

    boolean isEmpty() {
        return records == 0;
    }

    List<UsageCount> usage() {
        List<UsageCount> out = new ArrayList<>(usage.size());
        usage.forEach((k, n) -> out.add(new UsageCount(k.subject(), k.kind(), k.category(), k.purpose(), k.counterpart(),
                k.regime(), LocalDate.ofEpochDay(k.epochDay()), n[0])));
        return out;
    }

    List<DivergenceCount> divergences() {
        return new ArrayList<>(divergences.values());
    }

    void clear() {
        usage.clear();
        divergences.clear();
        records = 0;
    }
}
