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
import java.util.Locale;
import java.util.Optional;

/** The JSON of {@code GET /privacy/consent} (docs/architecture.md, "Contracts"). */
final class ConsentJson {

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
        root.put("consentId", consent.map(ConsentState::consentId).orElse(null));
        return root;
    }

    static ObjectNode error(ObjectMapper json, String message) {
        ObjectNode root = json.createObjectNode();
        root.put("error", message);
        return root;
    }
}
