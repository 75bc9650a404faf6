package io.privacykit.collection;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The reports a privacy notice and a regulator ask for, computed from what the app recorded next
 * to what the policy declares: the CCPA categories collected and disclosed in the preceding 12
 * months, sales and sharing, Shine the Light for the preceding calendar year, and every divergence.
 * Days are UTC days; "the preceding 12 months" are the days from the same date a year ago up to
 * today, both included. Each report is a record and renders itself as JSON.
 */
public final class CollectionReports {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final DeclaredPolicy policy;
    private final CollectionStore store;
    private final Clock clock;

    /** Reports on {@code store}'s records against {@code policy}, "now" being {@code clock}'s. */
    public CollectionReports(DeclaredPolicy policy, CollectionStore store, Clock clock) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    /**
     * The categories collected in the preceding 12 months, declared and recorded side by side
     * (Cal. Civ. Code 1798.110(c)(1), 1798.130(a)(5)(B)): the twelve CCPA categories first, then
     * any other category declared or recorded.
     */
    public CategoriesReport categoriesCollected() {
        LocalDate to = today();
        LocalDate from = to.minusMonths(12);
        Map<String, Set<String>> sources = new LinkedHashMap<>();
        Map<String, Set<String>> purposes = new LinkedHashMap<>();
        for (UsageTotal total : store.usage(from, to)) {
            if (total.kind() == RecordKind.COLLECTED) {
                sources.computeIfAbsent(total.category(), c -> new TreeSet<>()).add(total.counterpart());
                purposes.computeIfAbsent(total.category(), c -> new TreeSet<>()).add(total.purpose());
            }
        }
        Set<String> ids = new LinkedHashSet<>(PiCategories.CCPA);
        ids.addAll(policy.categories().keySet());
        ids.addAll(sources.keySet());
        List<CategoryRow> rows = new ArrayList<>();
        for (String id : ids) {
            rows.add(new CategoryRow(id, PiCategories.label(id), PiCategories.CCPA.contains(id), policy.collects(id),
                    sources.containsKey(id), List.copyOf(sources.getOrDefault(id, Set.of())),
                    List.copyOf(purposes.getOrDefault(id, Set.of()))));
        }
        return new CategoriesReport(from, to, rows);
    }

    /** The categories disclosed for a business purpose in the preceding 12 months, and to whom (1798.115(c)(2)). */
    public DisclosureReport disclosures() {
        LocalDate to = today();
        LocalDate from = to.minusMonths(12);
        return new DisclosureReport(from, to, usageRows(from, to, Set.of(RecordKind.DISCLOSED)));
    }

    /** Sales and sharing in the preceding 12 months, declared and recorded (1798.115(c)(1), 1798.120). */
    public SaleReport salesAndSharing() {
        LocalDate to = today();
        LocalDate from = to.minusMonths(12);
        List<UsageRow> rows = usageRows(from, to, Set.of(RecordKind.SOLD, RecordKind.SHARED));
        List<String> soldDeclared = policy.categories().values().stream().filter(CategoryDeclaration::sold)
                .map(CategoryDeclaration::category).toList();
        List<String> sharedDeclared = policy.categories().values().stream().filter(CategoryDeclaration::shared)
                .map(CategoryDeclaration::category).toList();
        List<String> soldRecorded = rows.stream().filter(r -> r.kind() == RecordKind.SOLD).map(UsageRow::category)
                .distinct().toList();
        List<String> sharedRecorded = rows.stream().filter(r -> r.kind() == RecordKind.SHARED).map(UsageRow::category)
                .distinct().toList();
        return new SaleReport(from, to, soldDeclared, soldRecorded, sharedDeclared, sharedRecorded, rows);
    }

    /**
     * The third parties that received personal information for their own direct marketing in the
     * preceding calendar year, with the categories each received (Cal. Civ. Code 1798.83(a)): records
     * with the purpose {@value Purposes#THIRD_PARTY_MARKETING} to a third party or advertising partner.
     */
    public ShineTheLightReport shineTheLight() {
        int year = today().getYear() - 1;
        LocalDate from = LocalDate.of(year, 1, 1);
        LocalDate to = LocalDate.of(year, 12, 31);
        Map<Recipient, Set<String>> recipients = new LinkedHashMap<>();
        for (UsageTotal total : store.usage(from, to)) {
            if (total.kind() == RecordKind.COLLECTED || !total.purpose().equals(Purposes.THIRD_PARTY_MARKETING)) {
                continue;
            }
            Recipient recipient = Recipient.parse(total.counterpart());
            if (recipient.kind().isThirdParty()) {
                recipients.computeIfAbsent(recipient, r -> new TreeSet<>()).add(total.category());
            }
        }
        List<ShineTheLightReport.Entry> entries = new ArrayList<>();
        recipients.forEach((r, categories) -> entries.add(new ShineTheLightReport.Entry(r, List.copyOf(categories))));
        return new ShineTheLightReport(year, from, to, entries);
    }

    /** Every way recorded practice diverged from the declared policy, most frequent first. */
    public ConformanceReport conformance() {
        return new ConformanceReport(today(), store.divergences());
    }

    private List<UsageRow> usageRows(LocalDate from, LocalDate to, Set<RecordKind> kinds) {
        List<UsageRow> rows = new ArrayList<>();
        for (UsageTotal total : store.usage(from, to)) {
            if (kinds.contains(total.kind())) {
                rows.add(new UsageRow(total.kind(), total.category(), Recipient.parse(total.counterpart()),
                        total.purpose(), total.count(), total.firstDay(), total.lastDay()));
            }
        }
        return rows;
    }

    private static String yesNo(boolean value) {
        return value ? "Yes" : "No";
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode array = JSON.arrayNode();
        values.forEach(array::add);
        return array;
    }

    /**
     * The categories collected over a period.
     *
     * @param from the first day
     * @param to   the last day
     * @param rows one per category: the CCPA ones in statute order, then others
     */
    public record CategoriesReport(LocalDate from, LocalDate to, List<CategoryRow> rows) {
        public CategoriesReport {
            rows = List.copyOf(rows);
        }

        /** The row of {@code category}. */
        public CategoryRow row(String category) {
            return rows.stream().filter(r -> r.category().equals(category)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no row for " + category));
        }

        /** {@code {"from", "to", "categories": [{"category", "label", "declared": "Yes", "collected": "No", ...}]}}. */
        public ObjectNode toJson() {
            ObjectNode root = JSON.objectNode();
            root.put("from", from.toString());
            root.put("to", to.toString());
            ArrayNode array = root.putArray("categories");
            for (CategoryRow row : rows) {
                ObjectNode o = array.addObject();
                o.put("category", row.category());
                o.put("label", row.label());
                o.put("ccpa", row.ccpa());
                o.put("declared", yesNo(row.declared()));
                o.put("collected", yesNo(row.collected()));
                o.set("sources", strings(row.sources()));
                o.set("purposes", strings(row.purposes()));
            }
            return root;
        }
    }

    /**
     * One category: what the policy declares and what was recorded.
     *
     * @param category  the id
     * @param label     the statute's heading
     * @param ccpa      whether it is one of the twelve CCPA categories
     * @param declared  whether the policy declares it collected
     * @param collected whether a collection was recorded in the period
     * @param sources   the sources recorded
     * @param purposes  the purposes recorded
     */
    public record CategoryRow(String category, String label, boolean ccpa, boolean declared, boolean collected,
                              List<String> sources, List<String> purposes) {
        public CategoryRow {
            sources = List.copyOf(sources);
            purposes = List.copyOf(purposes);
        }

        /** Whether the declared column says what the records show. */
        public boolean matches() {
            return declared == collected;
        }
    }

    /**
     * Disclosures, sales or sharings added up by category, recipient and purpose.
     *
     * @param kind      disclosed, sold or shared
     * @param category  the category id
     * @param recipient who received it
     * @param purpose   the purpose id
     * @param count     how many records
     * @param firstDay  the first day recorded in the period
     * @param lastDay   the last day recorded in the period
     */
    public record UsageRow(RecordKind kind, String category, Recipient recipient, String purpose, long count,
                           LocalDate firstDay, LocalDate lastDay) {

        ObjectNode toJson() {
            ObjectNode o = JSON.objectNode();
            o.put("kind", kind.name());
            o.put("category", category);
            o.put("recipientKind", recipient.kind().code());
            o.put("recipient", recipient.name());
            o.put("purpose", purpose);
            o.put("count", count);
            o.put("firstDay", firstDay.toString());
            o.put("lastDay", lastDay.toString());
            return o;
        }
    }

    /**
     * What was disclosed for a business purpose over a period, and to whom.
     *
     * @param from the first day
     * @param to   the last day
     * @param rows the disclosures
     */
    public record DisclosureReport(LocalDate from, LocalDate to, List<UsageRow> rows) {
        public DisclosureReport {
            rows = List.copyOf(rows);
        }

        /** The categories disclosed, in CCPA order then by name. */
        public List<String> categories() {
            return ordered(rows.stream().map(UsageRow::category).toList());
        }

        /** The kinds of recipients each category went to. */
        public Map<String, Set<RecipientKind>> recipientKinds() {
            Map<String, Set<RecipientKind>> out = new LinkedHashMap<>();
            for (String category : categories()) {
                Set<RecipientKind> kinds = new TreeSet<>();
                rows.stream().filter(r -> r.category().equals(category)).forEach(r -> kinds.add(r.recipient().kind()));
                out.put(category, kinds);
            }
            return out;
        }

        /** {@code {"from", "to", "categories": [...], "disclosures": [...]}}. */
        public ObjectNode toJson() {
            ObjectNode root = JSON.objectNode();
            root.put("from", from.toString());
            root.put("to", to.toString());
            root.set("categories", strings(categories()));
            ArrayNode array = root.putArray("disclosures");
            rows.forEach(r -> array.add(r.toJson()));
            return root;
        }
    }

    /**
     * Sales and sharing over a period, declared and recorded.
     *
     * @param from           the first day
     * @param to             the last day
     * @param soldDeclared   the categories the policy declares sold
     * @param soldRecorded   the categories recorded sold
     * @param sharedDeclared the categories the policy declares shared
     * @param sharedRecorded the categories recorded shared
     * @param rows           the sales and sharings
     */
    public record SaleReport(LocalDate from, LocalDate to, List<String> soldDeclared, List<String> soldRecorded,
                             List<String> sharedDeclared, List<String> sharedRecorded, List<UsageRow> rows) {
        public SaleReport {
            soldDeclared = List.copyOf(soldDeclared);
            soldRecorded = ordered(soldRecorded);
            sharedDeclared = List.copyOf(sharedDeclared);
            sharedRecorded = ordered(sharedRecorded);
            rows = List.copyOf(rows);
        }

        /** Whether nothing was sold or shared that the policy does not declare: "none declared" means none recorded. */
        public boolean conforms() {
            return soldDeclared.containsAll(soldRecorded) && sharedDeclared.containsAll(sharedRecorded);
        }

        /** {@code {"from", "to", "sold": {"declared", "recorded"}, "shared": {...}, "conforms", "rows"}}. */
        public ObjectNode toJson() {
            ObjectNode root = JSON.objectNode();
            root.put("from", from.toString());
            root.put("to", to.toString());
            ObjectNode sold = root.putObject("sold");
            sold.set("declared", strings(soldDeclared));
            sold.set("recorded", strings(soldRecorded));
            ObjectNode shared = root.putObject("shared");
            shared.set("declared", strings(sharedDeclared));
            shared.set("recorded", strings(sharedRecorded));
            root.put("conforms", conforms());
            ArrayNode array = root.putArray("rows");
            rows.forEach(r -> array.add(r.toJson()));
            return root;
        }
    }

    /**
     * Shine the Light (Cal. Civ. Code 1798.83): who received personal information for their own
     * direct marketing in a calendar year.
     *
     * @param year    the calendar year
     * @param from    its first day
     * @param to      its last day
     * @param entries one per recipient
     */
    public record ShineTheLightReport(int year, LocalDate from, LocalDate to, List<Entry> entries) {
        public ShineTheLightReport {
            entries = List.copyOf(entries);
        }

        /**
         * One recipient and the categories it received.
         *
         * @param recipient  the third party
         * @param categories the category ids
         */
        public record Entry(Recipient recipient, List<String> categories) {
            public Entry {
                categories = List.copyOf(categories);
            }
        }

        /** {@code {"year", "from", "to", "recipients": [{"name", "kind", "categories"}]}}. */
        public ObjectNode toJson() {
            ObjectNode root = JSON.objectNode();
            root.put("year", year);
            root.put("from", from.toString());
            root.put("to", to.toString());
            ArrayNode array = root.putArray("recipients");
            for (Entry entry : entries) {
                ObjectNode o = array.addObject();
                o.put("name", entry.recipient().name());
                o.put("kind", entry.recipient().kind().code());
                o.set("categories", strings(entry.categories()));
            }
            return root;
        }
    }

    /**
     * Every divergence recorded.
     *
     * @param asOf        the day the report was made
     * @param divergences most frequent first
     */
    public record ConformanceReport(LocalDate asOf, List<DivergenceCount> divergences) {
        public ConformanceReport {
            divergences = List.copyOf(divergences);
        }

        /** Whether practice never diverged from the policy. */
        public boolean conforms() {
            return divergences.isEmpty();
        }

        /** {@code {"asOf", "conforms", "divergences": [{"violation", "kind", "category", "purpose", "counterpart", "count", "firstSeen", "lastSeen"}]}}. */
        public ObjectNode toJson() {
            ObjectNode root = JSON.objectNode();
            root.put("asOf", asOf.toString());
            root.put("conforms", conforms());
            ArrayNode array = root.putArray("divergences");
            for (DivergenceCount d : divergences) {
                ObjectNode o = array.addObject();
                o.put("violation", d.violation().name());
                o.put("kind", d.kind().name());
                o.put("category", d.category());
                o.put("purpose", d.purpose());
                o.put("counterpart", d.counterpart());
                o.put("count", d.count());
                o.put("firstSeen", d.firstSeen().toString());
                o.put("lastSeen", d.lastSeen().toString());
            }
            return root;
        }
    }

    private static List<String> ordered(List<String> categories) {
        List<String> out = new ArrayList<>();
        PiCategories.CCPA.stream().filter(categories::contains).forEach(out::add);
        new TreeSet<>(categories).stream().filter(c -> !out.contains(c)).forEach(out::add);
        return List.copyOf(out);
    }
}
