package io.privacykit.servlet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.privacykit.collection.CategoryDeclaration;
import io.privacykit.collection.CollectionReports;
import io.privacykit.collection.ControllerInfo;
import io.privacykit.collection.DeclaredPolicy;
import io.privacykit.collection.PiCategories;
import io.privacykit.collection.RecipientKind;
import io.privacykit.consent.CookieCategory;
import io.privacykit.consent.DntResponse;
import io.privacykit.jurisdiction.Jurisdiction;
import io.privacykit.policy.Policy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The privacy notice at {@code {prefix}/notice}: what the policy declares next to what the app
 * recorded in the preceding 12 months (Cal. Civ. Code 1798.100(a), 1798.110(c), 1798.115(c),
 * 1798.130(a)(5)), who the controller is (GDPR Art. 13(1)(a)-(b)), the cookies and how the signals
 * are treated; as JSON or as a page.
 */
final class Notice {

    /** Headings in the languages the banner speaks; the body text is English for now. */
    private static final Map<String, Map<String, String>> HEADINGS = Map.of(
            "en", headings("Privacy notice", "Who we are", "Personal information we collect",
                    "Personal information we disclose", "Sale and sharing", "Cookies", "Privacy signals",
                    "Where you are", "Children", "Version"),
            "es", headings("Aviso de privacidad", "Quiénes somos", "Información personal que recopilamos",
                    "Información personal que comunicamos", "Venta y uso compartido", "Cookies", "Señales de privacidad",
                    "Dónde está usted", "Menores", "Versión"),
            "pt", headings("Aviso de privacidade", "Quem somos", "Dados pessoais que coletamos",
                    "Dados pessoais que divulgamos", "Venda e compartilhamento", "Cookies", "Sinais de privacidade",
                    "Onde você está", "Crianças", "Versão"));

    private final Policy policy;
    private final ObjectMapper json;

    Notice(Policy policy, ObjectMapper json) {
        this.policy = policy;
        this.json = json;
    }

    private static Map<String, String> headings(String title, String controller, String collected, String disclosed,
                                                String sale, String cookies, String signals, String regime,
                                                String children, String version) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("title", title);
        h.put("controller", controller);
        h.put("collected", collected);
        h.put("disclosed", disclosed);
        h.put("sale", sale);
        h.put("cookies", cookies);
        h.put("signals", signals);
        h.put("regime", regime);
        h.put("children", children);
        h.put("version", version);
        return h;
    }

    /** What the page and the JSON say, read once per request. */
    record Facts(CollectionReports.CategoriesReport collected, CollectionReports.DisclosureReport disclosed,
                 CollectionReports.SaleReport sale) {
        static Facts of(CollectionReports reports) {
            return new Facts(reports.categoriesCollected(), reports.disclosures(), reports.salesAndSharing());
        }
    }

    private DeclaredPolicy declared() {
        return policy.collection();
    }

    /** The declared sources of a category, then those recorded. */
    private List<String> sources(CollectionReports.CategoryRow row) {
        Set<String> all = new LinkedHashSet<>();
        declared().declaration(row.category()).ifPresent(d -> d.sources().forEach(s -> all.add(s.code())));
        all.addAll(row.sources());
        return List.copyOf(all);
    }

    /** The declared purposes of a category, then those recorded. */
    private List<String> purposes(CollectionReports.CategoryRow row) {
        Set<String> all = new LinkedHashSet<>();
        declared().declaration(row.category()).ifPresent(d -> all.addAll(d.purposes()));
        all.addAll(row.purposes());
        return List.copyOf(all);
    }

    /** Category to the recipient kinds declared and recorded, and whether a disclosure was recorded. */
    private Map<String, Disclosure> disclosures(Facts facts) {
        Map<String, Disclosure> out = new LinkedHashMap<>();
        for (CategoryDeclaration d : declared().categories().values()) {
            if (!d.recipients().isEmpty()) {
                Set<String> kinds = new TreeSet<>();
                d.recipients().forEach(k -> kinds.add(k.code()));
                out.put(d.category(), new Disclosure(true, false, kinds));
            }
        }
        for (Map.Entry<String, Set<RecipientKind>> e : facts.disclosed().recipientKinds().entrySet()) {
            Disclosure known = out.get(e.getKey());
            Set<String> kinds = new TreeSet<>(known == null ? Set.of() : known.recipients());
            e.getValue().forEach(k -> kinds.add(k.code()));
            out.put(e.getKey(), new Disclosure(known != null, true, kinds));
        }
        return out;
    }

    private record Disclosure(boolean declared, boolean observed, Set<String> recipients) {
    }

    private static ObjectNode declaredObserved(ObjectNode node, boolean declared, boolean observed) {
        node.put("declared", declared);
        node.put("observed", observed);
        return node;
    }

    /** The notice as JSON; the keys are a contract (docs/architecture.md). */
    ObjectNode toJson(Facts facts, Jurisdiction jurisdiction) {
        ObjectNode root = json.createObjectNode();
        root.put("policyVersion", policy.version());
        root.put("lastUpdated", policy.lastUpdated().toString());
        root.put("regime", jurisdiction.regime().name());
        ObjectNode collected = root.putObject("collected");
        for (CollectionReports.CategoryRow row : facts.collected().rows()) {
            ObjectNode o = declaredObserved(collected.putObject(row.category()), row.declared(), row.collected());
            ArrayNode sources = o.putArray("sources");
            sources(row).forEach(sources::add);
            ArrayNode purposes = o.putArray("purposes");
            purposes(row).forEach(purposes::add);
        }
        ObjectNode disclosed = root.putObject("disclosed");
        disclosures(facts).forEach((category, d) -> {
            ArrayNode recipients = declaredObserved(disclosed.putObject(category), d.declared(), d.observed())
                    .putArray("recipients");
            d.recipients().forEach(recipients::add);
        });
        CollectionReports.SaleReport sale = facts.sale();
        ObjectNode sold = root.putObject("sold");
        for (String category : union(sale.soldDeclared(), sale.soldRecorded())) {
            declaredObserved(sold.putObject(category), sale.soldDeclared().contains(category),
                    sale.soldRecorded().contains(category));
        }
        ObjectNode shared = root.putObject("shared");
        for (String category : union(sale.sharedDeclared(), sale.sharedRecorded())) {
            declaredObserved(shared.putObject(category), sale.sharedDeclared().contains(category),
                    sale.sharedRecorded().contains(category));
        }
        ObjectNode signals = root.putObject("signals");
        signals.put("dnt", policy.signals().dnt().name().toLowerCase(Locale.ROOT));
        signals.put("gpc", policy.signals().gpcHonoredEverywhere() ? "everywhere" : "where-binding");
        return root;
    }

    private static List<String> union(List<String> a, List<String> b) {
        Set<String> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }

    /** The notice as a page in {@code language} (en, es or pt). */
    String toHtml(Facts facts, Jurisdiction jurisdiction, String language) {
        Map<String, String> h = HEADINGS.getOrDefault(language, HEADINGS.get("en"));
        StringBuilder out = new StringBuilder(8_192);
        out.append("<!DOCTYPE html>\n<html lang=\"").append(e(language)).append("\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(e(h.get("title"))).append("</title>")
                .append("<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;")
                .append("line-height:1.5}table{border-collapse:collapse}th,td{border:1px solid #999;padding:.25rem .5rem;")
                .append("text-align:left;vertical-align:top}.diverges{background:#fee}</style></head><body>\n");
        out.append("<h1>").append(e(h.get("title"))).append("</h1>\n");

        ControllerInfo controller = declared().controller();
        out.append("<h2>").append(e(h.get("controller"))).append("</h2>\n<dl>");
        item(out, "Controller", controller.name());
        item(out, "Address", controller.address());
        item(out, "Contact", controller.email());
        item(out, "Telephone", controller.phone());
        controller.dpo().ifPresent(dpo -> item(out, "Data protection officer", dpo));
        new java.util.TreeMap<>(controller.representatives())
                .forEach((territory, rep) -> item(out, "Representative (" + territory.toUpperCase(Locale.ROOT) + ")", rep));
        out.append("</dl>\n");
        if (controller.name().isEmpty() && controller.email().isEmpty()) {
            out.append("<p>The operator of this site has not stated its contact details here.</p>\n");
        }

        out.append("<h2>").append(e(h.get("collected"))).append("</h2>\n");
        out.append("<p>The categories of personal information we say we collect, next to what this site recorded"
                + " collecting in the preceding 12 months.</p>\n");
        out.append("<table><thead><tr><th>Category</th><th>We say we collect it</th><th>Recorded in the last 12 months</th>"
                + "<th>Sources</th><th>Purposes</th></tr></thead><tbody>\n");
        for (CollectionReports.CategoryRow row : facts.collected().rows()) {
            if (!row.declared() && !row.collected()) {
                continue;
            }
            out.append(row.matches() ? "<tr>" : "<tr class=\"diverges\">")
                    .append("<td>").append(e(PiCategories.label(row.category()))).append("</td>")
                    .append("<td>").append(row.declared() ? "Yes" : "No").append("</td>")
                    .append("<td>").append(row.collected() ? "Yes" : "No").append("</td>")
                    .append("<td>").append(e(String.join(", ", sources(row)))).append("</td>")
                    .append("<td>").append(e(String.join(", ", purposes(row)))).append("</td></tr>\n");
        }
        out.append("</tbody></table>\n");
        out.append("<p>Categories not listed: we do not collect them.</p>\n");

        out.append("<h2>").append(e(h.get("disclosed"))).append("</h2>\n");
        Map<String, Disclosure> disclosures = disclosures(facts);
        if (disclosures.isEmpty()) {
            out.append("<p>We do not disclose personal information for a business purpose.</p>\n");
        } else {
            out.append("<table><thead><tr><th>Category</th><th>Recipients</th></tr></thead><tbody>\n");
            disclosures.forEach((category, d) -> out.append(d.declared() ? "<tr>" : "<tr class=\"diverges\">")
                    .append("<td>").append(e(PiCategories.label(category))).append("</td><td>")
                    .append(e(String.join(", ", d.recipients()).replace('_', ' '))).append("</td></tr>\n"));
            out.append("</tbody></table>\n");
        }

        out.append("<h2>").append(e(h.get("sale"))).append("</h2>\n");
        CollectionReports.SaleReport sale = facts.sale();
        List<String> sold = union(sale.soldDeclared(), sale.soldRecorded());
        List<String> shared = union(sale.sharedDeclared(), sale.sharedRecorded());
        out.append(sold.isEmpty() ? "<p>We do not sell personal information.</p>\n"
                : "<p>We sell these categories of personal information: " + e(labels(sold)) + ".</p>\n");
        out.append(shared.isEmpty() ? "<p>We do not share personal information for cross-context behavioral advertising.</p>\n"
                : "<p>We share these categories of personal information for cross-context behavioral advertising: "
                + e(labels(shared)) + ".</p>\n");

        out.append("<h2>").append(e(h.get("cookies"))).append("</h2>\n");
        out.append("<table><thead><tr><th>Category</th><th>Cookies</th><th>Needs your choice</th></tr></thead><tbody>\n");
        for (CookieCategory category : policy.categories()) {
            out.append("<tr><td>").append(e(category.name())).append("</td><td>")
                    .append(category.cookies().isEmpty() ? "(none)" : e(String.join(", ", category.cookies())))
                    .append("</td><td>").append(category.required() ? "No: strictly necessary" : "Yes")
                    .append("</td></tr>\n");
        }
        out.append("</tbody></table>\n");

        out.append("<h2>").append(e(h.get("signals"))).append("</h2>\n");
        out.append(policy.signals().dnt() == DntResponse.IGNORE
                ? "<p>We do not respond to Do Not Track signals.</p>\n"
                : "<p>We treat a Do Not Track signal (DNT: 1) as an opt-out of the sale and sharing of your personal"
                + " information.</p>\n");
        if (policy.signals().gpcHonoredEverywhere()) {
            out.append("<p>We treat Global Privacy Control (Sec-GPC: 1) as an opt-out of the sale and sharing of your"
                    + " personal information, wherever you are.</p>\n");
        } else {
            out.append("<p>We treat Global Privacy Control (Sec-GPC: 1) as an opt-out of the sale and sharing of your"
                    + " personal information where the law makes it binding")
                    .append(jurisdiction.gpcBinding() ? ", as it is where you are." : "; where you are it is not.")
                    .append("</p>\n");
        }

        out.append("<h2>").append(e(h.get("regime"))).append("</h2>\n");
        out.append("<p>The law that applies to your visit: ").append(e(jurisdiction.law())).append(" (")
                .append(e(jurisdiction.regime().name())).append(").</p>\n");

        out.append("<h2>").append(e(h.get("children"))).append("</h2>\n");
        out.append(policy.minimumAge() > 0
                ? "<p>This service is not directed to children under " + policy.minimumAge()
                + ", and we do not knowingly collect their personal information.</p>\n"
                : "<p>This notice states no minimum age.</p>\n");

        out.append("<h2>").append(e(h.get("version"))).append("</h2>\n");
        out.append("<p>Last updated ").append(e(policy.lastUpdated().toString())).append(", version ")
                .append(e(policy.version())).append(".</p>\n</body></html>\n");
        return out.toString();
    }

    private static String labels(List<String> categories) {
        List<String> labels = new ArrayList<>();
        categories.forEach(c -> labels.add(PiCategories.label(c)));
        return String.join("; ", labels);
    }

    private static void item(StringBuilder out, String term, String value) {
        if (!value.isEmpty()) {
            out.append("<dt>").append(e(term)).append("</dt><dd>").append(e(value)).append("</dd>");
        }
    }

    private static String e(String text) {
        return Html.attribute(text);
    }
}
