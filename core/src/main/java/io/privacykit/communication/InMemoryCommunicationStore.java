package io.privacykit.communication;

import io.privacykit.collection.SubjectId;
import io.privacykit.jurisdiction.Regime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link CommunicationStore} in memory, for tests and for apps that keep preferences elsewhere
 * and only want {@link CommunicationPreferences#canSend} over them. Nothing survives a restart.
 */
public final class InMemoryCommunicationStore implements CommunicationStore {

    private final Map<SubjectId, List<PreferenceChange>> changes = new ConcurrentHashMap<>();
    private final Map<SubjectId, Regime> regimes = new ConcurrentHashMap<>();

    @Override
    public void append(PreferenceChange change) {
        changes.compute(change.subject(), (subject, list) -> {
            List<PreferenceChange> next = list == null ? new ArrayList<>() : new ArrayList<>(list);
            next.add(change);
            return List.copyOf(next);
        });
    }

    @Override
    public Optional<PreferenceChange> latest(SubjectId subject, Channel channel) {
        List<PreferenceChange> list = changes.getOrDefault(subject, List.of());
        for (int i = list.size() - 1; i >= 0; i--) {
            if (list.get(i).channel() == channel) {
                return Optional.of(list.get(i));
            }
        }
        return Optional.empty();
    }

    @Override
    public List<PreferenceChange> history(SubjectId subject) {
        return changes.getOrDefault(subject, List.of());
    }

    @Override
    public void assignRegime(SubjectId subject, Regime regime) {
        regimes.put(subject, regime);
    }

    @Override
    public Optional<Regime> regimeOf(SubjectId subject) {
        return Optional.ofNullable(regimes.get(subject));
    }

    @Override
    public int erase(SubjectId subject) {
        int[] removed = {regimes.remove(subject) == null ? 0 : 1};
        changes.computeIfPresent(subject, (id, list) -> {
            List<PreferenceChange> kept = new ArrayList<>();
            for (Channel channel : Channel.values()) {
                for (int i = list.size() - 1; i >= 0; i--) {
                    if (list.get(i).channel() == channel) {
                        if (list.get(i).status() == PreferenceStatus.OPTED_OUT) {
                            kept.add(list.get(i));
                        }
                        break;
                    }
                }
            }
            removed[0] += list.size() - kept.size();
            return kept.isEmpty() ? null : List.copyOf(kept);
        });
        return removed[0];
    }
}
