package io.privacykit.servlet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.privacykit.collection.CategoryDeclaration;
import io.privacykit.collection.CollectionReports;
import io.privacykit.collection.ControllerInfo;
import io.privacykit.collection.DeclaredPolicy;
import io.privacykit.collection.LegalBasis;
import io.privacykit.collection.RecipientKind;
import io.privacykit.collection.SpecialCondition;
import io.privacykit.consent.CookieCatalogue;
import io.privacykit.consent.CookieCategory;
import io.privacykit.consent.DntResponse;
import io.privacykit.jurisdiction.Deadline;
import io.privacykit.jurisdiction.DeadlineUnit;
import io.privacykit.jurisdiction.Jurisdiction;
import io.privacykit.jurisdiction.SpecialRight;
import io.privacykit.policy.Policy;
import io.privacykit.rights.HolidayCalendars;
import io.privacykit.rights.RightType;
import io.privacykit.rights.RightsCatalog;
import io.privacykit.rights.RightsDeadlines;
import java.time.Period;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The privacy notice at {@code {prefix}/notice}: what the policy declares next to what the app
 * recorded in the preceding 12 months (Cal. Civ. Code 1798.100(a), 1798.110(c), 1798.115(c),
 * 1798.130(a)(5)), who the controller is (GDPR Art. 13(1)(a)-(b)), the cookies and how the signals
 * are treated, the rights of the visitor's regime with their deadlines; as JSON or as a page in
 * English, Spanish or Portuguese (the words are in {@code notice_<language>.properties}).
 */
final class Notice {

    private final Policy policy;
    private final ObjectMapper json;
    private final Map<String, NoticeText> texts = NoticeText.all();
    private final RightsDeadlines deadlines = new RightsDeadlines(new HolidayCalendars());

    Notice(Policy policy, ObjectMapper json) {
        this.policy = policy;
        this.json = json;
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
            Optional<Period> retention = retention(row.category());
            if (retention.isPresent()) {
                o.put("retention", retention.get().toString());
            } else {
                o.putNull("retention");
            }
            ObjectNode bases = o.putObject("legalBasis");
            declared().declaration(row.category()).ifPresent(d -> d.legalBasis().forEach((p, b) -> bases.put(p, b.code())));
            ObjectNode conditions = o.putObject("specialCondition");
            declared().declaration(row.category())
                    .ifPresent(d -> d.specialConditions().forEach((p, c) -> conditions.put(p, c.code())));
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
        root.put("minimumAge", policy.minimumAge());
        root.set("controller", controllerJson());
        ArrayNode rights = root.putArray("rights");
        for (RightDeadline right : rights(jurisdiction)) {
            rights.addObject().put("type", right.type().name()).put("deadline", right.rule());
        }
        return root;
    }

    /** The controller as the notice states it: identity, contacts, role, registrations, sub-processors, transfers. */
    private ObjectNode controllerJson() {
        ControllerInfo c = declared().controller();
        ObjectNode o = json.createObjectNode();
        o.put("name", c.name());
        o.put("address", c.address());
        o.put("email", c.email());
        o.put("phone", c.phone());
        o.put("role", c.role().name().toLowerCase(Locale.ROOT));
        o.put("dpo", c.dpo().orElse(null));
        ObjectNode representatives = o.putObject("representatives");
        new TreeMap<>(c.representatives()).forEach(representatives::put);
        ObjectNode registrations = o.putObject("registrations");
        new TreeMap<>(c.registrations()).forEach(registrations::put);
        ArrayNode subProcessors = o.putArray("subProcessors");
        c.subProcessors().forEach(sub -> subProcessors.addObject().put("name", sub.name()).put("country", sub.country()));
        ArrayNode transfers = o.putArray("transfers");
        c.transfers().forEach(tr -> transfers.addObject().put("country", tr.country())
                .put("safeguard", tr.safeguard().code()));
        return o;
    }

    private static List<String> union(List<String> a, List<String> b) {
        Set<String> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }

    /** The notice as a page in {@code language} (en, es or pt; English for any other). */
    String toHtml(Facts facts, Jurisdiction jurisdiction, String language) {
        NoticeText t = texts.getOrDefault(language, texts.get("en"));
        StringBuilder out = new StringBuilder(16_384);
        out.append("<!DOCTYPE html>\n<html lang=\"").append(e(t.language())).append("\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(e(t.get("title"))).append("</title>")
                .append("<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;")
                .append("line-height:1.5}table{border-collapse:collapse}th,td{border:1px solid #999;padding:.25rem .5rem;")
                .append("text-align:left;vertical-align:top}.diverges{background:#fee}</style></head><body>\n");
        out.append("<h1>").append(e(t.get("title"))).append("</h1>\n");
        paragraph(out, t.get("intro"));

        controller(out, t);
        collected(out, t, facts);
        disclosed(out, t, facts);
        sale(out, t, facts);
        transfers(out, t);
        cookies(out, t);
        signals(out, t, jurisdiction);

        heading(out, t.get("regime.heading"));
        String law = jurisdiction.law();
        String regime = jurisdiction.regime().name();
        paragraph(out, t.format("regime.law", law.contains(regime) ? law : law + " (" + regime + ")"));
        rights(out, t, jurisdiction);

        heading(out, t.get("children.heading"));
        paragraph(out, policy.minimumAge() > 0 ? t.format("children.minimum-age", policy.minimumAge())
                : t.get("children.none"));

        heading(out, t.get("version.heading"));
        paragraph(out, t.format("version.text", t.date(policy.lastUpdated()), policy.version()));
        out.append("</body></html>\n");
        return out.toString();
    }

    private void controller(StringBuilder out, NoticeText t) {
        ControllerInfo controller = declared().controller();
        heading(out, t.get("controller.heading"));
        out.append("<dl>");
        item(out, t.get("controller.name"), controller.name());
        item(out, t.get("controller.address"), controller.address());
        item(out, t.get("controller.email"), controller.email());
        item(out, t.get("controller.phone"), controller.phone());
        controller.dpo().ifPresent(dpo -> item(out, t.get("controller.dpo"), dpo));
        new TreeMap<>(controller.representatives()).forEach((territory, rep) ->
                item(out, t.format("controller.representative", territory.toUpperCase(Locale.ROOT)), rep));
        new TreeMap<>(controller.registrations()).forEach((country, number) ->
                item(out, t.format("controller.registration", t.country(country)), number));
        out.append("</dl>\n");
        if (controller.name().isEmpty() && controller.email().isEmpty()) {
            paragraph(out, t.get("controller.unstated"));
        } else {
            paragraph(out, t.get(controller.role() == ControllerInfo.Role.CONTROLLER ? "controller.role.controller"
                    : "controller.role.processor"));
        }
    }

    /** The declared retention of a category (Cal. Civ. Code 1798.100(a)(3); GDPR Art. 13(2)(a)). */
    private Optional<Period> retention(String category) {
        return declared().declaration(category).flatMap(CategoryDeclaration::retention);
    }

    /** The purposes of a row, each with its declared legal basis (GDPR Art. 13(1)(c)) where there is one. */
    private String purposesWithBases(NoticeText t, CollectionReports.CategoryRow row) {
        Optional<CategoryDeclaration> declaration = declared().declaration(row.category());
        List<String> out = new ArrayList<>();
        for (String purpose : purposes(row)) {
            String label = t.label("purpose", purpose);
            Optional<LegalBasis> basis = declaration.flatMap(d -> d.legalBasisOf(purpose));
            out.add(basis.map(b -> label + " (" + t.get("basis." + b.code()) + ")").orElse(label));
        }
        return String.join(t.get("list.separator"), out);
    }

    /** Sub-processors (GDPR Art. 28(2)) and transfers abroad with their safeguard (Art. 13(1)(f)). */
    private void transfers(StringBuilder out, NoticeText t) {
        ControllerInfo controller = declared().controller();
        heading(out, t.get("transfers.heading"));
        if (controller.subProcessors().isEmpty()) {
            paragraph(out, t.get("transfers.no-sub-processors"));
        } else {
            tableHead(out, t, "transfers.sub-processor", "transfers.country");
            for (ControllerInfo.SubProcessor sub : controller.subProcessors()) {
                out.append("<tr>");
                cell(out, sub.name());
                cell(out, t.country(sub.country()));
                out.append("</tr>\n");
            }
            out.append("</tbody></table>\n");
        }
        if (controller.transfers().isEmpty()) {
            paragraph(out, t.get("transfers.none"));
        } else {
            tableHead(out, t, "transfers.destination", "transfers.safeguard");
            for (ControllerInfo.Transfer transfer : controller.transfers()) {
                out.append("<tr>");
                cell(out, t.country(transfer.country()));
                cell(out, t.get("safeguard." + transfer.safeguard().code()));
                out.append("</tr>\n");
            }
            out.append("</tbody></table>\n");
        }
    }

    private void collected(StringBuilder out, NoticeText t, Facts facts) {
        heading(out, t.get("collected.heading"));
        paragraph(out, t.get("collected.intro"));
        tableHead(out, t, "collected.category", "collected.declared", "collected.observed", "collected.sources",
                "collected.purposes", "collected.retention");
        for (CollectionReports.CategoryRow row : facts.collected().rows()) {
            if (!row.declared() && !row.collected()) {
                continue;
            }
            out.append(row.matches() ? "<tr>" : "<tr class=\"diverges\">");
            cell(out, t.label("category", row.category()));
            cell(out, t.get(row.declared() ? "yes" : "no"));
            cell(out, t.get(row.collected() ? "yes" : "no"));
            cell(out, labels(t, "source", sources(row)));
            cell(out, purposesWithBases(t, row));
            cell(out, retention(row.category()).map(t::period).orElse(t.get("not-stated")));
            out.append("</tr>\n");
        }
        out.append("</tbody></table>\n");
        paragraph(out, t.get("collected.unlisted"));
        specialConditions(out, t);
    }

    /**
     * The condition each declared special category is processed under (GDPR Art. 9(2), Art. 10):
     * one for the category, or one per purpose where they differ. Nothing when none is declared.
     */
    private void specialConditions(StringBuilder out, NoticeText t) {
        List<CategoryDeclaration> special = declared().categories().values().stream()
                .filter(d -> d.collected() && !d.specialConditions().isEmpty()).toList();
        if (special.isEmpty()) {
            return;
        }
        paragraph(out, t.get("special.intro"));
        tableHead(out, t, "special.category", "special.condition");
        for (CategoryDeclaration d : special) {
            out.append("<tr>");
            cell(out, t.label("category", d.category()));
            Set<SpecialCondition> distinct = new LinkedHashSet<>(d.specialConditions().values());
            if (distinct.size() == 1) {
                cell(out, t.get("condition." + distinct.iterator().next().code()));
            } else {
                List<String> perPurpose = new ArrayList<>();
                d.specialConditions().forEach((purpose, condition) -> perPurpose.add(t.label("purpose", purpose) + ": "
                        + t.get("condition." + condition.code())));
                cell(out, String.join(t.get("list.separator"), perPurpose));
            }
            out.append("</tr>\n");
        }
        out.append("</tbody></table>\n");
    }

    private void disclosed(StringBuilder out, NoticeText t, Facts facts) {
        heading(out, t.get("disclosed.heading"));
        Map<String, Disclosure> disclosures = disclosures(facts);
        if (disclosures.isEmpty()) {
            paragraph(out, t.get("disclosed.none"));
            return;
        }
        tableHead(out, t, "disclosed.category", "disclosed.recipients");
        disclosures.forEach((category, d) -> {
            out.append(d.declared() ? "<tr>" : "<tr class=\"diverges\">");
            cell(out, t.label("category", category));
            cell(out, labels(t, "recipient", List.copyOf(d.recipients())));
            out.append("</tr>\n");
        });
        out.append("</tbody></table>\n");
    }

    private void sale(StringBuilder out, NoticeText t, Facts facts) {
        heading(out, t.get("sale.heading"));
        CollectionReports.SaleReport sale = facts.sale();
        List<String> sold = union(sale.soldDeclared(), sale.soldRecorded());
        List<String> shared = union(sale.sharedDeclared(), sale.sharedRecorded());
        paragraph(out, sold.isEmpty() ? t.get("sale.sold.none")
                : t.format("sale.sold.some", labels(t, "category", sold)));
        paragraph(out, shared.isEmpty() ? t.get("sale.shared.none")
                : t.format("sale.shared.some", labels(t, "category", shared)));
    }

    /** One row per cookie: its category, its name and its lifetime (the consent cookie's, else the catalogue's). */
    private void cookies(StringBuilder out, NoticeText t) {
        heading(out, t.get("cookies.heading"));
        tableHead(out, t, "cookies.category", "cookies.names", "cookies.lifetime", "cookies.choice");
        for (CookieCategory category : policy.categories()) {
            List<String> names = new ArrayList<>(category.cookies());
            if (category.name().equals(CookieCategory.NECESSARY) && !names.contains(policy.consent().cookieName())) {
                names.add(0, policy.consent().cookieName());
            }
            int rows = Math.max(1, names.size());
            out.append("<tr><td rowspan=\"").append(rows).append("\">")
                    .append(e(t.label("cookie", category.name()))).append("</td>");
            if (names.isEmpty()) {
                cell(out, t.get("cookies.none"));
                cell(out, "");
            }
            for (int i = 0; i < names.size(); i++) {
                if (i > 0) {
                    out.append("<tr>");
                }
                cell(out, names.get(i));
                cell(out, lifetime(t, names.get(i)));
                if (i == 0) {
                    out.append("<td rowspan=\"").append(rows).append("\">")
                            .append(e(t.get(category.required() ? "cookies.required" : "cookies.optional"))).append("</td>");
                }
                out.append("</tr>\n");
            }
            if (names.isEmpty()) {
                out.append("<td>").append(e(t.get(category.required() ? "cookies.required" : "cookies.optional")))
                        .append("</td></tr>\n");
            }
        }
        out.append("</tbody></table>\n");
    }

    private String lifetime(NoticeText t, String cookie) {
        if (cookie.equals(policy.consent().cookieName())) {
            long days = policy.consent().maxAge().toDays();
            return days % 365 == 0 ? t.amount(days / 365, "years") : t.amount(days, "days");
        }
        String name = cookie.endsWith("*") ? cookie.substring(0, cookie.length() - 1) : cookie;
        return CookieCatalogue.standard().find(name).map(entry -> t.lifetime(entry.retention()))
                .orElse(t.get("not-stated"));
    }

    private void signals(StringBuilder out, NoticeText t, Jurisdiction jurisdiction) {
        heading(out, t.get("signals.heading"));
        paragraph(out, t.get(policy.signals().dnt() == DntResponse.IGNORE ? "signals.dnt.ignore" : "signals.dnt.honor"));
        paragraph(out, t.get(policy.signals().gpcHonoredEverywhere() ? "signals.gpc.everywhere"
                : jurisdiction.gpcBinding() ? "signals.gpc.binding" : "signals.gpc.not-binding"));
    }

    /** The rights of the visitor's regime, each with the time to answer it. */
    private void rights(StringBuilder out, NoticeText t, Jurisdiction jurisdiction) {
        heading(out, t.get("rights.heading"));
        paragraph(out, t.get("rights.intro"));
        tableHead(out, t, "rights.right", "rights.deadline");
        for (RightDeadline right : rights(jurisdiction)) {
            out.append("<tr>");
            cell(out, t.get("right." + right.type().name()));
            cell(out, right.deadline().map(d -> deadline(t, d)).orElse(right.rule()));
            out.append("</tr>\n");
        }
        out.append("</tbody></table>\n");
        if (jurisdiction.specialRights().contains(SpecialRight.FREE_ACCESS_EVERY_SIX_MONTHS)) {
            paragraph(out, t.get("rights.free-access"));
        }
        if (jurisdiction.specialRights().contains(SpecialRight.COMPLAINT_TO_AUTHORITY)) {
            paragraph(out, t.get("rights.complaint"));
        }
        String contact = declared().controller().email();
        if (!contact.isEmpty()) {
            paragraph(out, t.format("rights.contact", contact));
        }
    }

    /** A deadline in words: "1 calendar month; we may extend this by 2 calendar months if we tell you why in time". */
    static String deadline(NoticeText t, Deadline deadline) {
        String base = t.amount(deadline.amount(), unit(deadline.unit()));
        if (deadline.extensionOpen()) {
            return t.format("rights.open-extension", base);
        }
        if (deadline.extension() > 0) {
            return t.format("rights.extension", base, t.amount(deadline.extension(), unit(deadline.extensionUnit())));
        }
        return base;
    }

    private static String unit(DeadlineUnit unit) {
        return unit.name().toLowerCase(Locale.ROOT);
    }

    /**
     * A right with the deadline {@link RightsDeadlines} applies to it, read back from its rule
     * ({@link Deadline#toString()}); empty when the rule has another form, shown then as it is.
     */
    record RightDeadline(RightType type, String rule, Optional<Deadline> deadline) {
    }

    /** The rights of {@code jurisdiction}'s regime with their deadlines. */
    List<RightDeadline> rights(Jurisdiction jurisdiction) {
        List<RightDeadline> out = new ArrayList<>();
        for (RightType type : RightsCatalog.rightsIn(jurisdiction)) {
            String rule = deadlines.of(jurisdiction, type, policy.lastUpdated()).rule();
            out.add(new RightDeadline(type, rule, parseDeadline(rule)));
        }
        return out;
    }

    private static final Pattern RULE = Pattern.compile("(\\d+) (calendar months?|calendar days?|business days?)"
            + "(?: \\(\\+(\\d+)(?: (calendar months|calendar days|business days))?\\)| (\\(longer with notice\\)))?");

    /** The deadline whose {@link Deadline#toString()} is {@code rule}. */
    static Optional<Deadline> parseDeadline(String rule) {
        Matcher m = RULE.matcher(rule);
        if (!m.matches()) {
            return Optional.empty();
        }
        DeadlineUnit unit = unitOf(m.group(2));
        int amount = Integer.parseInt(m.group(1));
        if (m.group(5) != null) {
            return Optional.of(Deadline.withOpenExtension(amount, unit));
        }
        int extension = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
        DeadlineUnit extensionUnit = m.group(4) == null ? unit : unitOf(m.group(4));
        return Optional.of(new Deadline(amount, unit, extension, extensionUnit));
    }

    private static DeadlineUnit unitOf(String words) {
        String plural = words.endsWith("s") ? words : words + "s";
        return DeadlineUnit.valueOf(plural.toUpperCase(Locale.ROOT).replace(' ', '_'));
    }

    private static String labels(NoticeText t, String family, List<String> ids) {
        List<String> labels = new ArrayList<>();
        ids.forEach(id -> labels.add(t.label(family, id)));
        return String.join(t.get("list.separator"), labels);
    }

    private static void heading(StringBuilder out, String text) {
        out.append("<h2>").append(e(text)).append("</h2>\n");
    }

    private static void paragraph(StringBuilder out, String text) {
        out.append("<p>").append(e(text)).append("</p>\n");
    }

    /** Opens a table whose header cells are the texts of {@code keys}, in order. */
    private static void tableHead(StringBuilder out, NoticeText t, String... keys) {
        out.append("<table><thead><tr>");
        for (String key : keys) {
            out.append("<th>").append(e(t.get(key))).append("</th>");
        }
        out.append("</tr></thead><tbody>\n");
    }

    private static void cell(StringBuilder out, String text) {
        out.append("<td>").append(e(text)).append("</td>");
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
