package io.privacykit.communication;

import io.privacykit.collection.SubjectId;
import io.privacykit.jurisdiction.ConsentModel;
import io.privacykit.jurisdiction.Regime;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * People's marketing preferences per channel, and the one question an app asks before sending:
 * {@link #canSend}. Service messages are always allowed; marketing follows what the person said,
 * and where they said nothing, the rule of their regime ({@link MarketingRules}): never without an
 * opt-in under GDPR, UK GDPR, LGPD, CASL or the Swiss UCA; until they opt out where the law allows
 * it. Every change is kept as proof. Thread-safe.
 *
 * <pre>{@code
 * CommunicationPreferences preferences = CommunicationPreferences.builder(store)
 *         .unsubscribeKey(key).build();
 * preferences.optIn(subject, Channel.EMAIL, Regime.GDPR, "newsletter-form");
 * if (preferences.canSend(subject, MessageKind.MARKETING, Channel.EMAIL).allowed()) { ... }
 * }</pre>
 */
public final class CommunicationPreferences {

    /** The source recorded for an opt-out made through an unsubscribe link. */
    public static final String UNSUBSCRIBE_LINK = "unsubscribe-link";

    private final CommunicationStore store;
    private final UnsubscribeTokens tokens;
    private final Clock clock;

    private CommunicationPreferences(Builder builder) {
        this.store = builder.store;
        this.tokens = new UnsubscribeTokens(builder.unsubscribeKey);
        this.clock = builder.clock;
    }

    /** Starts preferences kept in {@code store}. */
    public static Builder builder(CommunicationStore store) {
        return new Builder(store);
    }

    /** Records that the person asked for marketing on a channel (an unticked box they ticked, a form they sent). */
    public PreferenceChange optIn(SubjectId subject, Channel channel, Regime regime, String source) {
        return change(subject, channel, PreferenceStatus.OPTED_IN, regime, source);
    }

    /** Records that the person refused or stopped marketing on a channel. */
    public PreferenceChange optOut(SubjectId subject, Channel channel, Regime regime, String source) {
        return change(subject, channel, PreferenceStatus.OPTED_OUT, regime, source);
    }

    /**
     * Records the regime whose marketing rules apply to a person who has not said anything yet,
     * typically where they signed up.
     */
    public void assignRegime(SubjectId subject, Regime regime) {
        store.assignRegime(Objects.requireNonNull(subject, "subject"), Objects.requireNonNull(regime, "regime"));
    }

    /**
     * Whether a message of {@code kind} may be sent to the person on {@code channel}: service
     * messages always; marketing after an opt-in, never after an opt-out, and otherwise only where
     * the person's regime allows marketing until an opt-out. A person whose regime is unknown is
     * treated under the strict rule.
     */
    public SendDecision canSend(SubjectId subject, MessageKind kind, Channel channel) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(channel, "channel");
        if (kind == MessageKind.SERVICE) {
            return new SendDecision.Allowed("service messages cannot be refused while the account exists");
        }
        Optional<PreferenceChange> latest = store.latest(subject, channel);
        if (latest.isPresent()) {
            PreferenceChange change = latest.get();
            return change.status() == PreferenceStatus.OPTED_IN
                    ? new SendDecision.Allowed("opted in via " + change.source() + " at " + change.at())
                    : new SendDecision.Refused("opted out via " + change.source() + " at " + change.at());
        }
        Optional<Regime> regime = store.regimeOf(subject);
        if (regime.isEmpty()) {
            return new SendDecision.Refused("no opt-in recorded and no regime known for this person");
        }
        return MarketingRules.modelFor(regime.get(), channel) == ConsentModel.OPT_OUT
                ? new SendDecision.Allowed("no opt-out recorded; " + regime.get() + " allows "
                        + channel.code() + " marketing until one")
                : new SendDecision.Refused("no opt-in recorded; " + regime.get() + " requires one for "
                        + channel.code() + " marketing");
    }

    /** The token for the unsubscribe link of a marketing message to this person on this channel. */
    public String unsubscribeToken(SubjectId subject, Channel channel) {
        return tokens.issue(Objects.requireNonNull(subject, "subject"), Objects.requireNonNull(channel, "channel"));
    }

    /** What a token stands for, when it is genuine; nothing is recorded. */
    public Optional<Unsubscribe> readUnsubscribeToken(String token) {
        return tokens.read(token);
    }

    /**
     * Opts the person of a genuine token out of marketing on its channel, as
     * {@link #UNSUBSCRIBE_LINK}; a forged or garbled token changes nothing and gives empty.
     * Unsubscribing twice records nothing the second time.
     */
    public Optional<Unsubscribe> unsubscribe(String token) {
        Optional<Unsubscribe> unsubscribe = tokens.read(token);
        unsubscribe.ifPresent(u -> {
            Optional<PreferenceChange> latest = store.latest(u.subject(), u.channel());
            if (latest.isEmpty() || latest.get().status() != PreferenceStatus.OPTED_OUT) {
                Regime regime = latest.map(PreferenceChange::regime)
                        .or(() -> store.regimeOf(u.subject())).orElse(Regime.DEFAULT);
                change(u.subject(), u.channel(), PreferenceStatus.OPTED_OUT, regime, UNSUBSCRIBE_LINK);
            }
        });
        return unsubscribe;
    }

    /** Every recorded change of one person, oldest first (for an access request). */
    public List<PreferenceChange> history(SubjectId subject) {
        return store.history(Objects.requireNonNull(subject, "subject"));
    }

    /**
     * Erases what is kept about one person but their standing opt-outs, so an erasure does not
     * put them back on a mailing list (GDPR Art. 17(3)(b), 21(3)).
     *
     * @return the number of records removed
     */
    public int erase(SubjectId subject) {
        return store.erase(Objects.requireNonNull(subject, "subject"));
    }

    private PreferenceChange change(SubjectId subject, Channel channel, PreferenceStatus status, Regime regime,
            String source) {
        PreferenceChange change = new PreferenceChange(subject, channel, status, regime, source, clock.instant());
        store.append(change);
        store.assignRegime(subject, regime);
        return change;
    }

    /** Builds {@link CommunicationPreferences}. */
    public static final class Builder {
        private final CommunicationStore store;
        private byte[] unsubscribeKey;
        private Clock clock = Clock.systemUTC();

        private Builder(CommunicationStore store) {
            this.store = Objects.requireNonNull(store, "store");
        }

        /** The key unsubscribe tokens are made with (at least 32 bytes); required. */
        public Builder unsubscribeKey(byte[] key) {
            this.unsubscribeKey = Objects.requireNonNull(key, "key").clone();
            return this;
        }

        /** The clock changes are stamped with; the system UTC clock by default. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The preferences. */
        public CommunicationPreferences build() {
            if (unsubscribeKey == null) {
                throw new IllegalStateException("an unsubscribe key is required");
            }
            return new CommunicationPreferences(this);
        }
    }
}
