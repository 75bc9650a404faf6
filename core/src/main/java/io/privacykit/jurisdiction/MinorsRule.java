package io.privacykit.jurisdiction;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A law's rule for minors at one point in time, per {@link MinorsPurpose}: for each use, the age
 * bands in which it is banned or needs a parent's or the minor's own consent. A rule that changes
 * over time is a series of these, one per dated step (see docs/jurisdictions.md).
 *
 * @param sale                 the bands for selling personal data
 * @param targetedAdvertising  the bands for targeted advertising
 * @param profiling            the bands for profiling
 */
public record MinorsRule(AgeBands sale, AgeBands targetedAdvertising, AgeBands profiling) {

    /** No minors rule (e.g. Switzerland, Argentina: no statutory age). */
    public static final MinorsRule NONE = uniform(AgeBands.NONE);

    public MinorsRule {
        Objects.requireNonNull(sale, "sale");
        Objects.requireNonNull(targetedAdvertising, "targetedAdvertising");
        Objects.requireNonNull(profiling, "profiling");
    }

    /** The same bands for every purpose. */
    public static MinorsRule uniform(AgeBands bands) {
        return new MinorsRule(bands, bands, bands);
    }

    /** A parent consents below {@code age}, for every purpose (COPPA-style, GDPR Art. 8(1)). */
    public static MinorsRule parentalConsentUnder(int age) {
        return uniform(new AgeBands(0, age, 0));
    }

    /** The bands for one purpose. */
    public AgeBands bands(MinorsPurpose purpose) {
        return switch (purpose) {
            case SALE -> sale;
            case TARGETED_ADVERTISING -> targetedAdvertising;
            case PROFILING -> profiling;
        };
    }

    /** What the rule says for a person of {@code age} and one use of their data. */
    public MinorsOutcome outcome(int age, MinorsPurpose purpose) {
        return bands(purpose).outcome(age);
    }

    /**
     * The age from which no purpose is banned or needs extra consent: what
     * {@link Jurisdiction#childConsentAge()} reports.
     */
    public int restrictedUnder() {
        return Math.max(sale.restrictedUnder(), Math.max(targetedAdvertising.restrictedUnder(),
                profiling.restrictedUnder()));
    }

    /** The strictest of two rules, band by band (for the US with no state known). */
    MinorsRule strictest(MinorsRule other) {
        return new MinorsRule(max(sale, other.sale), max(targetedAdvertising, other.targetedAdvertising),
                max(profiling, other.profiling));
    }

    private static AgeBands max(AgeBands a, AgeBands b) {
        return new AgeBands(Math.max(a.bannedUnder(), b.bannedUnder()),
                Math.max(a.parentalConsentUnder(), b.parentalConsentUnder()),
                Math.max(a.ownConsentUnder(), b.ownConsentUnder()));
    }

    /**
     * Parses the override-file syntax: space-separated terms {@code banned<N}, {@code parent<N},
     * {@code consent<N}, each optionally limited to purposes with {@code :sale+targeted-advertising+profiling};
     * or {@code none}. Example: {@code parent<12 banned<18:targeted-advertising+profiling}.
     *
     * @throws IllegalArgumentException naming the bad term
     */
    public static MinorsRule parse(String text) {
        String trimmed = text.trim();
        if (trimmed.equals("none")) {
            return NONE;
        }
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("empty minors rule (write 'none' for no rule)");
        }
        Map<MinorsPurpose, int[]> ages = new EnumMap<>(MinorsPurpose.class);
        for (MinorsPurpose purpose : MinorsPurpose.values()) {
            ages.put(purpose, new int[3]);
        }
        for (String term : trimmed.split("\\s+")) {
            String[] parts = term.split(":", 2);
            String[] kindAge = parts[0].split("<", 2);
            int slot = switch (kindAge[0]) {
                case "banned" -> 0;
                case "parent" -> 1;
                case "consent" -> 2;
                default -> throw new IllegalArgumentException("unknown minors term '" + term
                        + "' (banned<N, parent<N, consent<N, optionally :purpose+purpose)");
            };
            int age;
            try {
                age = kindAge.length == 2 ? Integer.parseInt(kindAge[1]) : -1;
            } catch (NumberFormatException e) {
                age = -1;
            }
            if (age < 1 || age > 21) {
                throw new IllegalArgumentException("minors term '" + term + "' needs an age 1-21, as in " + kindAge[0]
                        + "<16");
            }
            List<MinorsPurpose> purposes = new ArrayList<>();
            if (parts.length == 2) {
                for (String code : parts[1].split("\\+")) {
                    purposes.add(MinorsPurpose.fromCode(code));
                }
            } else {
                purposes.addAll(List.of(MinorsPurpose.values()));
            }
            for (MinorsPurpose purpose : purposes) {
                int[] bands = ages.get(purpose);
                bands[slot] = Math.max(bands[slot], age);
            }
        }
        return new MinorsRule(bands(ages.get(MinorsPurpose.SALE)), bands(ages.get(MinorsPurpose.TARGETED_ADVERTISING)),
                bands(ages.get(MinorsPurpose.PROFILING)));
    }

    private static AgeBands bands(int[] ages) {
        return new AgeBands(ages[0], ages[1], ages[2]);
    }

    /** The override-file syntax of this rule, e.g. {@code parent<13 consent<16}. */
    @Override
    public String toString() {
        if (sale.equals(targetedAdvertising) && sale.equals(profiling)) {
            return sale.toString();
        }
        StringBuilder out = new StringBuilder();
        for (MinorsPurpose purpose : MinorsPurpose.values()) {
            AgeBands bands = bands(purpose);
            out.append(out.isEmpty() ? "" : "; ").append(purpose.code()).append(": ").append(bands);
        }
        return out.toString();
    }
}
