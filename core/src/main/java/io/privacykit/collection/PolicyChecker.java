package io.privacykit.collection;

import io.privacykit.jurisdiction.Regime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Checks a record against the declared policy; stateless and thread-safe. */
final class PolicyChecker {

    private final DeclaredPolicy policy;

    PolicyChecker(DeclaredPolicy policy) {
        this.policy = policy;
    }

    Outcome check(PiRecord record, RecordingContext context) {
        List<Outcome.Finding> findings = new Findings();
        CategoryDeclaration declaration = policy.categories().get(record.category());
        if (declaration == null || !declaration.collected()) {
            findings.add(new Outcome.Finding(ViolationKind.UNDECLARED_CATEGORY,
                    "the policy does not declare that it collects " + record.category()));
        } else {
            checkDeclared(record, declaration, findings);
        }
        if (context != null) {
            checkContext(record, declaration, context, findings);
        }
        return findings.isEmpty() ? new Outcome.Accepted(record) : new Outcome.Violation(record, findings);
    }

    /** A list that allocates its storage only for a first finding: most records have none. */
    private static final class Findings extends java.util.AbstractList<Outcome.Finding> {
        private List<Outcome.Finding> items = List.of();

        @Override
        public boolean add(Outcome.Finding finding) {
            if (items.isEmpty()) {
                items = new ArrayList<>(4);
            }
            return items.add(finding);
        }

        @Override
        public Outcome.Finding get(int index) {
            return items.get(index);
        }

        @Override
        public int size() {
            return items.size();
        }
    }

    private static void checkDeclared(PiRecord record, CategoryDeclaration declaration, List<Outcome.Finding> findings) {
        String category = record.category();
        Optional<String> fides = record.fidesCategory();
        if (fides.isPresent() && !declaration.coversFidesCategory(fides.get())) {
            findings.add(new Outcome.Finding(ViolationKind.UNDECLARED_CATEGORY, fides.get()
                    + " is not among the data categories declared for " + category + " " + declaration.fidesCategories()));
        }
        if (!declaration.purposes().contains(record.purpose())) {
            findings.add(new Outcome.Finding(ViolationKind.UNDECLARED_PURPOSE, "the purposes declared for " + category
                    + " are " + declaration.purposes() + ", not " + record.purpose()));
        }
        if (record.source().isPresent() && !declaration.sources().contains(record.source().get())) {
            findings.add(new Outcome.Finding(ViolationKind.UNDECLARED_SOURCE, "the sources declared for " + category
                    + " are " + codes(declaration.sources().stream().map(SourceKind::code).toList()) + ", not "
                    + record.source().get().code()));
        }
        if (record.recipient().isPresent() && !declaration.recipients().contains(record.recipient().get().kind())) {
            findings.add(new Outcome.Finding(ViolationKind.UNDECLARED_RECIPIENT, "the recipients declared for "
                    + category + " are " + codes(declaration.recipients().stream().map(RecipientKind::code).toList())
                    + ", not " + record.recipient().get().kind().code()));
        }
        if (record.kind() == RecordKind.SOLD && !declaration.sold()) {
            findings.add(new Outcome.Finding(ViolationKind.UNDECLARED_SALE, "the policy declares " + category
                    + " is not sold"));
        }
        if (record.kind() == RecordKind.SHARED && !declaration.shared()) {
            findings.add(new Outcome.Finding(ViolationKind.UNDECLARED_SHARING, "the policy declares " + category
                    + " is not shared for cross-context behavioural advertising"));
        }
    }

    private void checkContext(PiRecord record, CategoryDeclaration declaration, RecordingContext context,
                              List<Outcome.Finding> findings) {
        boolean saleOrShare = record.kind() == RecordKind.SOLD || record.kind() == RecordKind.SHARED;
        if (saleOrShare && context.optedOutOfSale()) {
            findings.add(new Outcome.Finding(ViolationKind.OPTED_OUT,
                    "the visitor opted out of sale and sharing (Global Privacy Control or a choice)"));
        }
        boolean consentBased = declaration != null
                && declaration.legalBasisOf(record.purpose()).orElse(null) == LegalBasis.CONSENT;
        if (consentBased && !context.consentedTo(record.purpose())) {
            findings.add(new Outcome.Finding(ViolationKind.CONSENT_MISSING, record.purpose()
                    + " relies on consent (GDPR Art. 6(1)(a)), which the visitor has not given"));
        }
        boolean explicitConsentBased = declaration != null
                && declaration.specialConditionOf(record.purpose()).orElse(null) == SpecialCondition.EXPLICIT_CONSENT;
        if (explicitConsentBased && !context.explicitlyConsentedTo(record.category())) {
            // Art. 9(2)(a): consent to a cookie category or a purpose is not explicit consent to this category.
            findings.add(new Outcome.Finding(ViolationKind.EXPLICIT_CONSENT_MISSING, "processing "
                    + record.category() + " for " + record.purpose() + " relies on explicit consent (GDPR Art. 9(2)(a)),"
                    + " which the subject has not given to " + record.category()));
        }
        if (context.age().isEmpty()) {
            return;
        }
        int age = context.age().getAsInt();
        int childConsentAge = context.jurisdiction().childConsentAge();
        Regime regime = context.jurisdiction().regime();
        if (age < policy.minimumAge()) {
            findings.add(new Outcome.Finding(ViolationKind.UNDER_MINIMUM_AGE, "the subject is " + age
                    + "; the policy collects only from " + policy.minimumAge()));
        } else if (saleOrShare && age < childConsentAge && (regime == Regime.CCPA || regime == Regime.US_STATE)
                && !context.consentedTo("advertising")) {
            // Cal. Civ. Code 1798.120(c): no sale or sharing under 16 without affirmative authorisation.
            findings.add(new Outcome.Finding(ViolationKind.UNDER_MINIMUM_AGE, "the subject is " + age
                    + "; selling or sharing below " + childConsentAge + " needs their opt-in"));
        } else if (consentBased && age < childConsentAge) {
            // GDPR Art. 8(1): below the age a child's own consent does not make the processing lawful.
            findings.add(new Outcome.Finding(ViolationKind.UNDER_MINIMUM_AGE, "the subject is " + age
                    + "; under " + regime + " consent below " + childConsentAge + " needs a parent's"));
        }
    }

    private static String codes(List<String> codes) {
        return codes.isEmpty() ? "none" : String.join(", ", codes);
    }
}
