package io.privacykit.consent;

import io.privacykit.jurisdiction.CategoryKind;
import io.privacykit.jurisdiction.ConsentModel;
import io.privacykit.jurisdiction.Jurisdiction;
import io.privacykit.jurisdiction.Regime;
import java.util.LinkedHashMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Decides, per request, which of the policy's cookie categories are allowed, from the jurisdiction's
 * consent model, the visitor's recorded choices and the request's privacy signals. Thread-safe.
 *
 * <p>Rules, in order: a required category is always allowed (ePrivacy Art. 5(3) "strictly necessary");
 * a sale/sharing category is withdrawn by {@code Sec-GPC: 1} where GPC is binding (11 CCR 7025(b), and the
 * state laws from their dates) or the policy honours GPC everywhere, and by {@code DNT: 1} when the policy
 * honours DNT. A signal wins over a prior grant (11 CCR 7025(c)(3)). Otherwise a recorded choice is
 * honoured under every model, and without one: opt-in withholds (GDPR Art. 4(11), 7; ePrivacy Art. 5(3)),
 * opt-out and notice allow. Where GPC is neither binding nor honoured everywhere it changes nothing: the
 * GPC specification does not mean it to withdraw EU ePrivacy consent. The model is the jurisdiction's
 * model for the category's {@link CategoryKind} where the law sets a stricter one (sensitive data under
 * most US state laws, {@link Jurisdiction#consentModel(String)}), and a laxer one (the UK's analytics and
 * functionality exemption since 2026-02-05) only for a decider built to apply exemptions.
 */
public final class ConsentDecider {

    /** Beyond this many cached decisions new ones are computed each time (the key space is finite anyway). */
    private static final int CACHE_LIMIT = 4096;
    /** Two bits per category in a {@code long} key, after four bits of model and signals and eight of kind models. */
    private static final int KEY_HEADER_BITS = 4 + 2 * 4;
    private static final int CACHEABLE_CATEGORIES = (64 - KEY_HEADER_BITS) / 2;
    private static final int NO_CHOICE = 0;
    private static final int GRANTED = 1;
    private static final int REFUSED = 2;
    /** What {@link #pack} gives for choices it cannot pack. */
    public static final long NOT_PACKED = -1L;

    private final String[] names;
    private final boolean[] required;
    private final boolean[] saleOrSharing;
    private final CategoryKind[] kinds;
    private final boolean gpcHonoredEverywhere;
    private final boolean dntHonored;
    private final boolean cacheable;
    // The decision depends only on (model, signals applied, choice per category): a small, finite key space.
    private final DecisionTable cache = new DecisionTable();

    /**
     * The regimes whose banner asks for consent with every box unticked, so that a grant recorded
     * under them is an affirmative act (GDPR Art. 4(11); CJEU C-673/17 Planet49: a pre-ticked box
     * is no consent). Grants made under an opt-out or notice regime, where the boxes start ticked,
     * are no opt-in consent: an opt-in regime asks such a visitor again. Refusals count everywhere.
     */
    public static final Set<Regime> OPT_IN_REGIMES =
            Set.copyOf(EnumSet.of(Regime.GDPR, Regime.UK_GDPR, Regime.LGPD, Regime.AR_PDPA, Regime.CA_QC));

    private static final CategoryKind[] KINDS = CategoryKind.values();

    private final Set<Regime> optInRegimes;
    private final boolean applyExemptions;

    /** A decider over {@code categories} (in policy order) that treats signals as {@code signals} says. */
    public ConsentDecider(List<CookieCategory> categories, SignalPolicy signals) {
        this(categories, signals, OPT_IN_REGIMES);
    }

    /**
     * A decider that counts grants as opt-in consent only when they were given under one of
     * {@code optInRegimes} ({@link #OPT_IN_REGIMES}, plus {@code DEFAULT} where the policy makes it opt-in).
     */
    public ConsentDecider(List<CookieCategory> categories, SignalPolicy signals, Set<Regime> optInRegimes) {
        this(categories, signals, optInRegimes, false);
    }

    /**
     * A decider that also applies the consent exemptions a law allows for some kinds of category
     * when {@code applyExemptions} is true (the UK's analytics and functionality cookies since
     * 2026-02-05: opt-out instead of opt-in). Without it only the stricter per-category models apply
     * (sensitive data opt-in under US state laws), since asking for consent is always allowed.
     */
    public ConsentDecider(List<CookieCategory> categories, SignalPolicy signals, Set<Regime> optInRegimes,
                          boolean applyExemptions) {
        Objects.requireNonNull(signals, "signals");
        this.applyExemptions = applyExemptions;
        this.optInRegimes = Set.copyOf(optInRegimes);
        int n = categories.size();
        this.names = new String[n];
        this.required = new boolean[n];
        this.saleOrSharing = new boolean[n];
        this.kinds = new CategoryKind[n];
        for (int i = 0; i < n; i++) {
            CookieCategory category = categories.get(i);
            names[i] = category.name();
            kinds[i] = CategoryKind.of(category.name()).orElse(null);
            required[i] = category.required();
            saleOrSharing[i] = category.saleOrSharing();
            for (int j = 0; j < i; j++) {
                if (names[j].equals(names[i])) {
                    throw new IllegalArgumentException("category '" + names[i] + "' is defined twice");
                }
            }
        }
        this.gpcHonoredEverywhere = signals.gpcHonoredEverywhere();
        this.dntHonored = signals.dnt() == DntResponse.HONOR;
        this.cacheable = n <= CACHEABLE_CATEGORIES;
    }

    /** The decision for a visitor under {@code jurisdiction} with {@code consent} (empty: none) sending {@code signals}. */
    public ConsentDecision decide(Jurisdiction jurisdiction, Optional<ConsentState> consent, Signals signals) {
        if (consent.isEmpty()) {
            return decide(jurisdiction, null, 0L, null, signals);
        }
        Map<String, Boolean> choices = consent.get().choices();
        long packed = pack(choices);
        return decide(jurisdiction, consent.get().regime(), packed, packed == NOT_PACKED ? choices : null, signals);
    }

    /**
     * The same decision as {@link #decide(Jurisdiction, Optional, Signals)} for a consent given
     * under {@code consentRegime} (null: no consent) whose choices {@link #pack} packed, for a
     * caller that decides for one remembered consent many times and so reads neither the state nor
     * its choices again.
     *
     * @throws IllegalArgumentException when {@code packedChoices} is {@link #NOT_PACKED}
     */
    public ConsentDecision decide(Jurisdiction jurisdiction, Regime consentRegime, long packedChoices, Signals signals) {
        if (packedChoices == NOT_PACKED) {
            throw new IllegalArgumentException("choices that pack() could not pack need decide(Jurisdiction, Optional, Signals)");
        }
        return decide(jurisdiction, consentRegime, packedChoices, null, signals);
    }

    /**
     * The visitor's choice per policy category, two bits each in policy order, as {@link
     * #decide(Jurisdiction, Regime, long, Signals)} reads them; {@link #NOT_PACKED} when the policy
     * has more than 32 categories. Choices of categories the policy does not define are left out,
     * as the decision ignores them.
     */
    public long pack(Map<String, Boolean> choices) {
        if (names.length > Long.SIZE / 2) {
            return NOT_PACKED;
        }
        long packed = 0L;
        for (int i = 0; i < names.length; i++) {
            Boolean granted = choices.get(names[i]);
            if (granted != null) {
                packed |= (long) (granted ? GRANTED : REFUSED) << (2 * i);
            }
        }
        return packed;
    }

    /** Reads the choices from {@code packedChoices}, or from {@code choices} when they could not be packed. */
    private ConsentDecision decide(Jurisdiction jurisdiction, Regime consentRegime, long packedChoices,
                                   Map<String, Boolean> choices, Signals signals) {
        ConsentModel model = jurisdiction.consentModel();
        boolean gpcApplied = signals.gpc() && (jurisdiction.gpcBinding() || gpcHonoredEverywhere);
        boolean dntApplied = signals.dnt() && dntHonored;
        boolean grantsAreConsent = model != ConsentModel.OPT_IN || consentRegime == null
                || optInRegimes.contains(consentRegime);
        Map<CategoryKind, ConsentModel> kindModels = jurisdiction.categoryModels();

        long key = model.ordinal() | (gpcApplied ? 4L : 0L) | (dntApplied ? 8L : 0L);
        for (CategoryKind kind : KINDS) { // not entrySet(): no iterator per request
            ConsentModel kindModel = kindModels.get(kind);
            if (kindModel != null) {
                key |= (long) (kindModel.ordinal() + 1) << (4 + 2 * kind.ordinal());
            }
        }
        for (int i = 0; i < names.length; i++) {
            if (!required[i]) {
                key |= (long) choice(i, model, kindModels, given(i, packedChoices, choices), grantsAreConsent)
                        << (KEY_HEADER_BITS + 2 * i);
            }
        }
        if (cacheable) {
            ConsentDecision cached = cache.get(key);
            if (cached != null) {
                return cached;
            }
        }
        Map<String, CategoryDecision> decisions = new LinkedHashMap<>(names.length * 2);
        for (int i = 0; i < names.length; i++) {
            int choice = required[i] ? NO_CHOICE
                    : choice(i, model, kindModels, given(i, packedChoices, choices), grantsAreConsent);
            decisions.put(names[i], CategoryDecision.of(reason(i, modelOf(i, model, kindModels), choice, gpcApplied,
                    dntApplied)));
        }
        ConsentDecision decision = new ConsentDecision(decisions, gpcApplied, dntHonored, dntApplied);
        if (cacheable) {
            cache.putIfAbsent(key, decision);
        }
        return decision;
    }

    /**
     * Decisions by their key, at most {@value #CACHE_LIMIT}: an open-addressed table of entries that
     * carry their key as a {@code long}, so that a look-up boxes nothing and reads one slot and its
     * entry. Entries are only added, each into a free slot; thread-safe.
     */
    private static final class DecisionTable {
        private record Entry(long key, ConsentDecision decision) {
        }

        private final AtomicReferenceArray<Entry> slots = new AtomicReferenceArray<>(CACHE_LIMIT * 2);
        private final AtomicInteger size = new AtomicInteger();

        private static int start(long key) {
            long h = key * 0x9E3779B97F4A7C15L;
            return (int) (h ^ h >>> 32);
        }

        ConsentDecision get(long key) {
            int mask = slots.length() - 1;
            for (int i = start(key) & mask; ; i = (i + 1) & mask) {
                Entry entry = slots.get(i);
                if (entry == null) {
                    return null;
                }
                if (entry.key() == key) {
                    return entry.decision();
                }
            }
        }

        /** Adds {@code decision} unless {@code key} has one or the table is full; racing threads keep the first. */
        void putIfAbsent(long key, ConsentDecision decision) {
            if (size.get() >= CACHE_LIMIT) {
                return;
            }
            int mask = slots.length() - 1;
            Entry added = new Entry(key, decision);
            for (int i = start(key) & mask; ; i = (i + 1) & mask) {
                Entry entry = slots.get(i);
                if (entry == null) {
                    if (slots.compareAndSet(i, null, added)) {
                        size.incrementAndGet();
                        return;
                    }
                    entry = slots.get(i);
                }
                if (entry.key() == key) {
                    return;
                }
            }
        }
    }

    /** What the visitor chose for category {@code i}: from the packed bits unless {@code choices} is given. */
    private int given(int i, long packedChoices, Map<String, Boolean> choices) {
        if (choices == null) {
            return (int) (packedChoices >>> (2 * i)) & 3;
        }
        Boolean granted = choices.get(names[i]);
        return granted == null ? NO_CHOICE : granted ? GRANTED : REFUSED;
    }

    /** The consent model of category {@code i} under a jurisdiction's {@code model} and its per-kind models. */
    private ConsentModel modelOf(int i, ConsentModel model, Map<CategoryKind, ConsentModel> kindModels) {
        ConsentModel own = kinds[i] == null ? model : kindModels.getOrDefault(kinds[i], model);
        return !applyExemptions && strictness(own) < strictness(model) ? model : own;
    }

    /** The visitor's choice {@code given} of category {@code i} that counts: a grant under a stricter model than it was given in does not. */
    private int choice(int i, ConsentModel model, Map<CategoryKind, ConsentModel> kindModels, int given,
                       boolean grantsAreConsent) {
        if (given != GRANTED) {
            return given;
        }
        return modelOf(i, model, kindModels) != ConsentModel.OPT_IN || grantsAreConsent ? GRANTED : NO_CHOICE;
    }

    private DecisionReason reason(int i, ConsentModel model, int choice, boolean gpcApplied, boolean dntApplied) {
        if (required[i]) {
            return DecisionReason.NECESSARY;
        }
        if (saleOrSharing[i] && gpcApplied) {
            return DecisionReason.GPC_OPT_OUT;
        }
        if (saleOrSharing[i] && dntApplied) {
            return DecisionReason.DNT_OPT_OUT;
        }
        if (choice == GRANTED) {
            return DecisionReason.GRANTED;
        }
        if (choice == REFUSED) {
            return DecisionReason.REFUSED;
        }
        return switch (model) {
            case OPT_IN -> DecisionReason.AWAITING_CONSENT;
            case OPT_OUT -> DecisionReason.OPT_OUT_AVAILABLE;
            case NOTICE -> DecisionReason.NOTICE_GIVEN;
        };
    }

    /** OPT_IN is the strictest, NOTICE the least strict. */
    private static int strictness(ConsentModel model) {
        return switch (model) {
            case OPT_IN -> 2;
            case OPT_OUT -> 1;
            case NOTICE -> 0;
        };
    }
}
