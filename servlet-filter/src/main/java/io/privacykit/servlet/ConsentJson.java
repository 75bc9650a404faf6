package io.privacykit.servlet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.privacykit.consent.CategoryDecision;
import io.privacykit.consent.ConsentDecision;
import io.privacykit.consent.ConsentState;
import io.privacykit.consent.CookieCategory;
import io.privacykit.consent.Signals;
import io.privacykit.jurisdiction.Jurisdiction;
import io.privacykit.policy.Policy;
import io.privacykit.jurisdiction.Regime;
import java.util.Locale;
import java.util.Optional;

/** The JSON of {@code GET /privacy/consent} (docs/architecture.md, "Contracts"). */
final class ConsentJson {

    /** The opt-out regimes that show a notice at collection instead of asking first. */
    static final java.util.Set<Regime> NOTICE_REGIMES = java.util.EnumSet.of(Regime.CCPA, Regime.US_STATE,
            Regime.CA_PIPEDA, Regime.CH_FADP);

    private ConsentJson() {
    }

    static ObjectNode of(ObjectMapper json, Policy policy, Jurisdiction jurisdiction, ConsentDecision decision,
                         Optional<ConsentState> consent, Signals signals) {
        ObjectNode root = json.createObjectNode();
        ObjectNode j = root.putObject("jurisdiction");
        j.put("regime", jurisdiction.regime().name());
        j.put("law", jurisdiction.law());
        j.put("country", jurisdiction.country());
        j.put("region", jurisdiction.region());
        j.put("consentModel", jurisdiction.consentModel().code());
        root.put("policyVersion", policy.version());
        ObjectNode categories = root.putObject("categories");
        for (CookieCategory category : policy.categories()) {
            CategoryDecision d = decision.categories().get(category.name());
            ObjectNode c = categories.putObject(category.name());
            c.put("allowed", d != null && d.allowed());
            c.put("required", category.required());
            c.put("reason", d == null ? null : d.reason().name().toLowerCase(Locale.ROOT).replace('_', '-'));
            Boolean granted = consent.map(s -> s.choices().get(category.name())).orElse(null);
            if (granted == null) {
                c.putNull("granted");
            } else {
                c.put("granted", granted.booleanValue());
            }
        }
        ObjectNode s = root.putObject("signals");
        s.put("gpc", signals.gpc());
        s.put("dnt", signals.dnt());
        s.put("dntHonored", decision.dntHonored());
        root.put("needsChoice", decision.needsChoice());
        ObjectNode show = root.putObject("show");
        Regime regime = jurisdiction.regime();
        // What an opt-out regime shows without a click: a notice at collection (Cal. Civ. Code
        // 1798.100(b); PIPEDA Principle 4.3; revFADP Art. 19), the links of 11 CCR 7015 and the
        // opt-out preference signal's status (11 CCR 7025(c)(6)).
        show.put("noticeAtCollection", policy.jurisdiction().noticeAtCollection() && !decision.needsChoice()
                && NOTICE_REGIMES.contains(regime));
        show.put("saleOptOut", (regime == Regime.CCPA || regime == Regime.US_STATE)
                && policy.categories().stream().anyMatch(CookieCategory::saleOrSharing));
        show.put("gpcStatus", regime == Regime.CCPA || regime == Regime.US_STATE);
        show.put("gpcHonored", decision.categories().values().stream()
                .anyMatch(d -> d.reason() == io.privacykit.consent.DecisionReason.GPC_OPT_OUT));
        com.fasterxml.jackson.databind.node.ArrayNode sale = show.putArray("saleCategories");
        policy.categories().stream().filter(CookieCategory::saleOrSharing).forEach(c -> sale.add(c.name()));
        root.put("consentId", consent.map(ConsentState::consentId).orElse(null));
        return root;
    }

    static ObjectNode error(ObjectMapper json, String message) {
        ObjectNode root = json.createObjectNode();
        root.put("error", message);
        return root;
    }
}
