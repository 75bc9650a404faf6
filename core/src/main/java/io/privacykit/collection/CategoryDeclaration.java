package io.privacykit.collection;

import java.time.Period;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the privacy policy says about one personal-information category ({@code privacy.collection.<id>.*}):
 * whether it is collected, from which sources, for which purposes on which legal bases, to whom it
 * is disclosed, whether it is sold or shared, how long it is kept (Cal. Civ. Code 1798.100(a),
 * 1798.110(c), 1798.115(c); GDPR Art. 13(1)-(2)), and for a GDPR special category the condition
 * that allows processing it (Art. 9(2), Art. 10).
 *
 * @param category        the category id
 * @param collected       whether the business collects it
 * @param sources         where it comes from
 * @param purposes        the purpose ids it is used for, in declared order
 * @param legalBasis      the legal basis of each purpose; a purpose without one has none declared
 * @param recipients      the kinds of recipients it is disclosed to
 * @param sold            whether it is sold (1798.140(ad))
 * @param shared          whether it is shared for cross-context behavioural advertising (1798.140(ah))
 * @param retention       how long it is kept, when stated (1798.100(a)(3))
 * @param fidesCategories the Fides data categories it covers; empty for every category the alias table maps onto it
 * @param specialConditions the Art. 9(2) or Art. 10 condition of each purpose; empty for a category that is not special
 */
public record CategoryDeclaration(String category, boolean collected, Set<SourceKind> sources, List<String> purposes,
                                  Map<String, LegalBasis> legalBasis, Set<RecipientKind> recipients, boolean sold,
                                  boolean shared, Optional<Period> retention, List<String> fidesCategories,
                                  Map<String, SpecialCondition> specialConditions) {
    public CategoryDeclaration {
        Objects.requireNonNull(category, "category");
        sources = sources.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(sources));
        purposes = List.copyOf(new LinkedHashSet<>(purposes));
        legalBasis = Collections.unmodifiableMap(new LinkedHashMap<>(legalBasis));
        recipients = recipients.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(recipients));
        Objects.requireNonNull(retention, "retention");
        fidesCategories = List.copyOf(fidesCategories);
        specialConditions = Collections.unmodifiableMap(new LinkedHashMap<>(specialConditions));
    }

    /** The legal basis declared for {@code purpose}, if any. */
    public Optional<LegalBasis> legalBasisOf(String purpose) {
        return Optional.ofNullable(legalBasis.get(purpose));
    }

    /** The Art. 9(2) or Art. 10 condition declared for {@code purpose}, if any. */
    public Optional<SpecialCondition> specialConditionOf(String purpose) {
        return Optional.ofNullable(specialConditions.get(purpose));
    }

    /**
     * Whether a recorded Fides data category is within this declaration: any when no Fides
     * categories are listed, else one of them or below one of them.
     */
    public boolean coversFidesCategory(String fidesKey) {
        return fidesCategories.isEmpty() || fidesCategories.stream().anyMatch(c -> FidesAliases.isWithin(fidesKey, c));
    }
}
