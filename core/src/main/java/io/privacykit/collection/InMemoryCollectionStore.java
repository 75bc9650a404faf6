package io.privacykit.collection;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A {@link CollectionStore} in memory, for tests and for apps that keep no records: lost on exit. */
public final class InMemoryCollectionStore implements CollectionStore {

    private final Map<UsageKey, Long> usage = new LinkedHashMap<>();
    private final Map<DivergenceKey, DivergenceCount> divergences = new LinkedHashMap<>();

    private record UsageKey(String subject, RecordKind kind, String category, String purpose, String counterpart,
                            String regime, LocalDate day) {
    }

    private record DivergenceKey(ViolationKind violation, RecordKind kind, String category, String purpose,
                                 String counterpart) {
    }

    @Override
    public synchronized void add(List<UsageCount> counts, List<DivergenceCount> found) {
        for (UsageCount c : counts) {
            usage.merge(new UsageKey(c.subject(), c.kind(), c.category(), c.purpose(), c.counterpart(), c.regime(),
                    c.day()), c.count(), Long::sum);
        }
        for (DivergenceCount d : found) {
            divergences.merge(new DivergenceKey(d.violation(), d.kind(), d.category(), d.purpose(), d.counterpart()), d,
                    InMemoryCollectionStore::combine);
        }
    }

    static DivergenceCount combine(DivergenceCount a, DivergenceCount b) {
        Instant first = a.firstSeen().isBefore(b.firstSeen()) ? a.firstSeen() : b.firstSeen();
        Instant last = a.lastSeen().isAfter(b.lastSeen()) ? a.lastSeen() : b.lastSeen();
        return new DivergenceCount(a.violation(), a.kind(), a.category(), a.purpose(), a.counterpart(),
                a.count() + b.count(), first, last);
    }

    @Override
    public synchronized List<UsageTotal> usage(LocalDate from, LocalDate to) {
        Map<List<Object>, UsageTotal> totals = new LinkedHashMap<>();
        usage.forEach((k, count) -> {
            if (k.day().isBefore(from) || k.day().isAfter(to)) {
                return;
            }
            totals.merge(List.of(k.kind(), k.category(), k.purpose(), k.counterpart()),
                    new UsageTotal(k.kind(), k.category(), k.purpose(), k.counterpart(), count, k.day(), k.day()),
                    (a, b) -> new UsageTotal(a.kind(), a.category(), a.purpose(), a.counterpart(), a.count() + b.count(),
                            a.firstDay().isBefore(b.firstDay()) ? a.firstDay() : b.firstDay(),
                            a.lastDay().isAfter(b.lastDay()) ? a.lastDay() : b.lastDay()));
        });
        List<UsageTotal> out = new ArrayList<>(totals.values());
        out.sort(Comparator.comparing(UsageTotal::kind).thenComparing(UsageTotal::category)
                .thenComparing(UsageTotal::purpose).thenComparing(UsageTotal::counterpart));
        return out;
    }

    @Override
    public synchronized List<UsageCount> usageOf(SubjectId subject) {
        List<UsageCount> out = new ArrayList<>();
        usage.forEach((k, count) -> {
            if (k.subject().equals(subject.value())) {
                out.add(new UsageCount(k.subject(), k.kind(), k.category(), k.purpose(), k.counterpart(), k.regime(),
                        k.day(), count));
            }
        });
        out.sort(Comparator.comparing(UsageCount::day).thenComparing(UsageCount::kind).thenComparing(UsageCount::category)
                .thenComparing(UsageCount::purpose).thenComparing(UsageCount::counterpart));
        return out;
    }

    @Override
    public synchronized List<DivergenceCount> divergences() {
        List<DivergenceCount> out = new ArrayList<>(divergences.values());
        out.sort(Comparator.comparingLong(DivergenceCount::count).reversed()
                .thenComparing(DivergenceCount::violation).thenComparing(DivergenceCount::category)
                .thenComparing(DivergenceCount::purpose).thenComparing(DivergenceCount::counterpart));
        return out;
    }
}
