package io.privacykit.collection;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Period;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The personal information a privacy policy declares ({@code privacy.collection.*} and
 * {@code privacy.controller.*}), immutable, as {@link io.privacykit.policy.Policy#collection()}
 * gives it. {@link CollectionRecorder} checks every record against it.
 *
 * @param categories      the declared categories by id: standard ones in statute order, then custom ones
 * @param customPurposes  purpose ids the policy adds to {@link Purposes#STANDARD}
 * @param controller      who is responsible
 * @param minimumAge      the youngest age the service collects from ({@code privacy.policy.minimum-age}); 0 for none
 * @param settings        how recording runs
 */
public record DeclaredPolicy(Map<String, CategoryDeclaration> categories, Set<String> customPurposes,
                             ControllerInfo controller, int minimumAge, CollectionSettings settings) {
    public DeclaredPolicy {
        categories = Collections.unmodifiableMap(new LinkedHashMap<>(categories));
        customPurposes = Collections.unmodifiableSet(new LinkedHashSet<>(customPurposes));
        Objects.requireNonNull(controller, "controller");
        Objects.requireNonNull(settings, "settings");
    }

    /** A policy that declares no personal information, for apps and tests that build a policy by hand. */
    public static DeclaredPolicy undeclared(int minimumAge, CollectionSettings settings) {
        return new DeclaredPolicy(Map.of(), Set.of(), ControllerInfo.unstated(), minimumAge, settings);
    }

    /** The declaration of a category id, if the policy says anything about it. */
    public Optional<CategoryDeclaration> declaration(String categoryId) {
        return Optional.ofNullable(categories.get(categoryId));
    }

    /** Whether the policy declares that it collects the category id. */
    public boolean collects(String categoryId) {
        return declaration(categoryId).map(CategoryDeclaration::collected).orElse(false);
    }

    /** Whether any category is declared sold. */
    public boolean sellsAny() {
        return categories.values().stream().anyMatch(CategoryDeclaration::sold);
    }

    /** Whether any category is declared shared for cross-context behavioural advertising. */
    public boolean sharesAny() {
        return categories.values().stream().anyMatch(CategoryDeclaration::shared);
    }

    /** Whether {@code purpose} is a purpose id this policy knows: standard or custom. */
    public boolean knowsPurpose(String purpose) {
        return Purposes.STANDARD.contains(purpose) || customPurposes.contains(purpose);
    }

    /**
     * The category id a name stands for: the id itself, or the id a Fides data category is an
     * alias of; empty for a name neither declared nor mapped.
     */
    public Optional<String> categoryIdOf(String name) {
        if (categories.containsKey(name) || PiCategories.isStandard(name)) {
            return Optional.of(name);
        }
        return name.indexOf('.') > 0 ? FidesAliases.category(name) : Optional.empty();
    }

    /** The purpose id a name stands for: the id itself, or the id a Fides data use is an alias of. */
    public Optional<String> purposeIdOf(String name) {
        if (knowsPurpose(name)) {
            return Optional.of(name);
        }
        return FidesAliases.purpose(name);
    }

    /**
     * This declaration as a fideslang {@code system} document ({@code {"system": [...]}}) that Fides
     * imports: one privacy declaration per collected category and purpose, with its Fides data
     * categories, data use, legal basis (and Art. 9(2) condition), retention and third parties; the controller's legal name,
     * address, DPO, role and international transfers.
     *
     * @param fidesKey the system's {@code fides_key}, e.g. {@code my_app}
     * @param name     the system's name
     */
    public ObjectNode toFidesSystem(String fidesKey, String name) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode system = json.objectNode();
        system.put("fides_key", fidesKey);
        system.put("organization_fides_key", "default_organization");
        system.put("name", name);
        system.put("description", "Exported by PrivacyKit from the declared privacy policy");
        system.put("system_type", "Service");
        if (!controller.name().isEmpty()) {
            system.put("legal_name", controller.name());
        }
        if (!controller.address().isEmpty()) {
            system.put("legal_address", controller.address());
        }
        system.putArray("responsibility").add(controller.role() == ControllerInfo.Role.CONTROLLER ? "Controller" : "Processor");
        controller.dpo().ifPresent(dpo -> system.put("dpo", dpo));
        system.put("does_international_transfers", !controller.transfers().isEmpty());
        ArrayNode transferBases = system.putArray("legal_basis_for_transfers");
        controller.transfers().stream().map(t -> t.safeguard().fidesLabel()).distinct().forEach(transferBases::add);
        ArrayNode declarations = system.putArray("privacy_declarations");
        for (CategoryDeclaration declaration : categories.values()) {
            if (!declaration.collected()) {
                continue;
            }
            List<String> dataCategories = new ArrayList<>(declaration.fidesCategories().isEmpty()
                    ? FidesAliases.categoriesOf(declaration.category()) : declaration.fidesCategories());
            if (dataCategories.isEmpty()) {
                dataCategories.add("user");
            }
            for (String purpose : declaration.purposes()) {
                ObjectNode d = declarations.addObject();
                d.put("name", purpose + ": " + declaration.category());
                ArrayNode cats = d.putArray("data_categories");
                dataCategories.forEach(cats::add);
                d.put("data_use", FidesAliases.useOf(purpose).orElse("essential.service"));
                d.putArray("data_subjects").add("customer");
                declaration.legalBasisOf(purpose).ifPresent(b -> d.put("legal_basis_for_processing", b.fidesLabel()));
                declaration.retention().ifPresent(r -> d.put("retention_period", String.valueOf(approximateDays(r))));
                boolean thirdParties = declaration.sold() || declaration.shared()
                        || declaration.recipients().stream().anyMatch(RecipientKind::isThirdParty);
                d.put("data_shared_with_third_parties", thirdParties);
                if (thirdParties) {
                    d.put("third_parties", String.join(", ", declaration.recipients().stream()
                            .filter(RecipientKind::isThirdParty).map(RecipientKind::code).toList()));
                    ArrayNode shared = d.putArray("shared_categories");
                    dataCategories.forEach(shared::add);
                }
                boolean special = PiCategories.GDPR_SPECIAL.contains(declaration.category())
                        || declaration.category().equals("sensitive");
                d.put("processes_special_category_data", special);
                declaration.specialConditionOf(purpose).flatMap(SpecialCondition::fidesLabel)
                        .ifPresent(label -> d.put("special_category_legal_basis", label));
            }
        }
        ObjectNode root = json.objectNode();
        root.putArray("system").add(system);
        return root;
    }

    /** {@link #toFidesSystem(String, String)} keyed and named after the controller (or {@code privacykit_app}). */
    public ObjectNode toFidesSystem() {
        String name = controller.name().isEmpty() ? "PrivacyKit app" : controller.name();
        String key = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
        return toFidesSystem(key.isEmpty() ? "privacykit_app" : key, name);
    }

    private static long approximateDays(Period period) {
        return period.getYears() * 365L + period.getMonths() * 30L + period.getDays();
    }
}
