package io.privacykit.jurisdiction;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * PrivacyKit's own regime table: which countries and subdivisions fall under which law, and that
 * law's rules (facts and sources: {@code docs/jurisdictions.md}). Never the database's EU flag:
 * the pinned 2019 GeoLite2 data still marks GB (and GI) as EU. Every fact marked (verify) was not
 * confirmed against the official text; they are all kept here, in one place, so a correction is
 * a one-line change.
 */
final class RegimeTable {

    private RegimeTable() {
    }

    // ---- Country sets (ISO 3166-1 alpha-2 as GeoIP databases return them) ----

    /** EU-27. Greece is GR in ISO 3166; "EL" is only the EU's own label and never comes from a database. */
    static final Set<String> EU_27 = Set.of("AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE",
            "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE");

    /** The EEA's EFTA members: the GDPR applies through the EEA Agreement (Annex XI, Decision 154/2018). */
    static final Set<String> EEA_EFTA = Set.of("IS", "LI", "NO");

    /**
     * EU territory a database may return under its own code, mapped to its member state (whose
     * Art. 8 age applies): the outermost regions of TFEU Art. 349/355(1) and Aland (Art. 355(4),
     * Protocol 2 of the 1994 Act of Accession). (verify)
     */
    static final Map<String, String> GDPR_TERRITORIES = Map.of(
            "GP", "FR", "GF", "FR", "MQ", "FR", "RE", "FR", "YT", "FR", "MF", "FR",
            "AX", "FI");

    /** Overseas countries and territories (TFEU Art. 355(2), Annex II) and the Faroes (Art. 355(5)(a)): not EU. */
    static final Set<String> NOT_EU_TERRITORIES = Set.of("GL", "FO", "PM", "BL", "NC", "PF", "WF");

    /** Gibraltar and the Crown Dependencies have their own data-protection laws, not the UK GDPR. */
    static final Set<String> OWN_LAW_BRITISH_TERRITORIES = Set.of("GI", "JE", "GG", "IM");

    /** US territories come back as countries; no US state law reaches them. */
    static final Set<String> US_TERRITORIES = Set.of("PR", "GU", "VI", "AS", "MP");

    // ---- GDPR / EEA ----

    /** GDPR Art. 8(1): 16 unless a member state sets a lower age, not below 13. */
    static final int GDPR_DEFAULT_CHILD_CONSENT_AGE = 16;

    /** GDPR Art. 8(1) ages set by national law (docs/jurisdictions.md, "GDPR Art. 8"). */
    static final Map<String, Integer> GDPR_CHILD_CONSENT_AGE = Map.ofEntries(
            Map.entry("BE", 13), Map.entry("EE", 13), Map.entry("FI", 13), Map.entry("LV", 13),
            Map.entry("MT", 13), Map.entry("PT", 13), Map.entry("SE", 13), Map.entry("IS", 13),
            Map.entry("NO", 13), // a bill would raise Norway's age to 15 (verify)
            Map.entry("AT", 14), Map.entry("BG", 14), Map.entry("CY", 14), Map.entry("IT", 14),
            Map.entry("LT", 14),
            Map.entry("ES", 14), // LOPDGDD Art. 7; a bill would raise it to 16 (verify)
            Map.entry("CZ", 15), Map.entry("FR", 15), Map.entry("GR", 15), Map.entry("SI", 15),
            Map.entry("DK", 15), // raised from 13, in force 2024-01-01
            Map.entry("DE", 16), Map.entry("HR", 16), Map.entry("HU", 16), Map.entry("IE", 16),
            Map.entry("LU", 16), Map.entry("NL", 16), Map.entry("PL", 16), Map.entry("RO", 16),
            Map.entry("SK", 16), Map.entry("LI", 16));

    static final String GDPR_LAW = "GDPR (EU) 2016/679 and ePrivacy Directive 2002/58/EC";

    private static final Set<SpecialRight> AUTHORITY = Set.of(SpecialRight.COMPLAINT_TO_AUTHORITY);

    /** The GDPR with the Art. 8 age of one member state. */
    static RegimeRules gdpr(int childConsentAge) {
        return new RegimeRules(Regime.GDPR, GDPR_LAW,
                // ePrivacy Art. 5(3): storing or reading non-essential cookies needs prior consent (GDPR Art. 4(11), 7).
                ConsentModel.OPT_IN,
                // Art. 12(3): one month, extendable by two further months with notice within the first.
                Deadline.of(1, DeadlineUnit.CALENDAR_MONTHS, 2),
                childConsentAge,
                // No express GPC duty; Art. 21(5) objection by automated means is not a sale opt-out.
                false,
                // Art. 77: complaint to a supervisory authority.
                AUTHORITY);
    }

    // ---- Other regimes outside the US ----

    static final RegimeRules UK_GDPR = new RegimeRules(Regime.UK_GDPR, "UK GDPR and PECR",
            // PECR reg. 6: consent for non-essential cookies. Since 2026-02-05 the Data (Use and Access)
            // Act 2025 exempts statistical/analytics and appearance/functionality cookies when the user
            // can object; that is a per-category matter of the policy, the regime's model stays opt-in.
            ConsentModel.OPT_IN,
            // UK GDPR Art. 12(3): one month +2; the clock stops while clarifying or verifying identity.
            Deadline.of(1, DeadlineUnit.CALENDAR_MONTHS, 2),
            13, // UK GDPR Art. 8(1) as modified by DPA 2018 s.9
            false,
            AUTHORITY); // UK GDPR Art. 77 / DPA 2018 s.165: the ICO (complaints process, DPA s.164A, from 2026-06-19)

    static final RegimeRules CH_FADP = new RegimeRules(Regime.CH_FADP,
            "Swiss Federal Act on Data Protection (revFADP) and Telecommunications Act",
            ConsentModel.OPT_OUT, // Telecommunications Act Art. 45c: notice and a right to refuse
            Deadline.of(30, DeadlineUnit.CALENDAR_DAYS, 0), // FADP Art. 25(7), free of charge Art. 25(6)
            0, // no statutory age of consent (verify)
            false,
            AUTHORITY); // FADP Art. 49: report to the FDPIC

    static final RegimeRules LGPD = new RegimeRules(Regime.LGPD, "Brazil LGPD (Lei 13.709/2018)",
            // Consent for non-necessary cookies per the ANPD cookie guide (2022), which is non-binding.
            ConsentModel.OPT_IN,
            // Art. 19 II: full access within 15 days (other rights per ANPD regulation, verify).
            Deadline.of(15, DeadlineUnit.CALENDAR_DAYS, 0),
            12, // Art. 14 §1: under 12, specific consent of a parent
            false,
            AUTHORITY); // Art. 18 §1: petition the ANPD

    static final RegimeRules AR_PDPA = new RegimeRules(Regime.AR_PDPA,
            "Argentina Personal Data Protection Law 25.326",
            ConsentModel.OPT_IN, // Art. 5: consent principle; no cookie-specific rule
            Deadline.of(10, DeadlineUnit.CALENDAR_DAYS, 0), // Art. 14(2): access within 10 calendar days
            0, // no statutory age of consent (verify)
            false,
            // Art. 14(3): access free every six months (notice per Disposicion 10/2008); the AAIP supervises.
            Set.of(SpecialRight.FREE_ACCESS_EVERY_SIX_MONTHS, SpecialRight.COMPLAINT_TO_AUTHORITY));

    static final RegimeRules CA_PIPEDA = new RegimeRules(Regime.CA_PIPEDA, "PIPEDA",
            // Implied (opt-out) consent is acceptable for behavioural advertising under the OPC's
            // conditions (OPC Guidelines on privacy and online behavioural advertising; PIPEDA 4.3, s.6.1).
            ConsentModel.OPT_OUT,
            Deadline.of(30, DeadlineUnit.CALENDAR_DAYS, 30), // s.8(3), extension with notice s.8(4)
            13, // parental consent under 13 (OPC guidance, verify)
            false,
            // s.11: complaint to the Privacy Commissioner. Alberta's and BC's own PIPAs are not modelled (verify).
            AUTHORITY);

    static final RegimeRules CA_QC = new RegimeRules(Regime.CA_QC,
            "Quebec Law 25 (Act respecting the protection of personal information in the private sector)",
            // s.8.1: identification, location and profiling functions off until the person activates them.
            ConsentModel.OPT_IN,
            Deadline.of(30, DeadlineUnit.CALENDAR_DAYS, 0), // s.32 (verify)
            14, // s.4.1: under 14, consent of the person having parental authority
            false,
            AUTHORITY); // the Commission d'acces a l'information (CAI)

    // ---- United States (docs/jurisdictions.md, "United States") ----

    // 45 days, once extendable by 45 with notice: each law's consumer-request section, e.g. Va. Code
    // 59.1-577(B), Tex. Bus. & Com. Code 541.052; for California 1798.130(a)(2) and 11 CCR 7021.
    private static final Deadline DAYS_45_PLUS_45 = Deadline.of(45, DeadlineUnit.CALENDAR_DAYS, 45);
    private static final Set<SpecialRight> SALE_OPT_OUT = Set.of(SpecialRight.OPT_OUT_OF_SALE);

    /**
     * The comprehensive state laws. Every row is evaluated against the clock: before its effective
     * date the state is {@link Regime#DEFAULT}, and its GPC duty and minors rule start on their own
     * dates. Common to all US_STATE rows: opt-out of sale, targeted ads and profiling; 45 days +45
     * to answer (Iowa 90 +45); the minors age is the age from which no extra consent is needed.
     */
    static final List<UsStateLaw> US_STATE_LAWS = List.of(
            // Cal. Civ. Code 1798.100 ff. (CPRA amendments 2023-01-01), 11 CCR 7000 ff.
            // GPC: 11 CCR 7025 (first 11 CCR 999.315(c), approved 2020-08-14, verify date);
            // 1798.120(c): opt-in for 13-15, so 16; 11 CCR 7021: 45 days +45;
            // 1798.83 Shine the Light; 1798.120 opt-out of sale/sharing.
            new UsStateLaw("CA", Regime.CCPA, "California Consumer Privacy Act as amended by the CPRA (CCPA)",
                    date("2020-01-01"), date("2020-08-14"), 16, null, DAYS_45_PLUS_45,
                    Set.of(SpecialRight.SHINE_THE_LIGHT, SpecialRight.OPT_OUT_OF_SALE)),
            // Va. Code 59.1-575 ff.; no universal opt-out duty; known-child data is sensitive (under 13).
            state("VA", "Virginia Consumer Data Protection Act (VCDPA)", "2023-01-01", null, 13, null),
            // C.R.S. 6-1-1301 ff.; universal opt-out 6-1-1306(1)(a)(IV)(B) from 2024-07-01;
            // minors under 18: consent, 6-1-1308.5 (SB 24-041) from 2025-10-01.
            state("CO", "Colorado Privacy Act (CPA)", "2023-07-01", "2024-07-01", 18, "2025-10-01"),
            // Conn. Gen. Stat. 42-515 ff.; opt-out preference signal 42-520(e) from 2025-01-01;
            // minors under 18: consent, 42-529a (SB 3 of 2023, from 2024-10-01, verify; 2026-07-01 changes, verify).
            state("CT", "Connecticut Data Privacy Act (CTDPA)", "2023-07-01", "2025-01-01", 18, "2024-10-01"),
            // Utah Code 13-61-101 ff.; no universal opt-out duty.
            state("UT", "Utah Consumer Privacy Act (UCPA)", "2023-12-31", null, 13, null),
            // Tex. Bus. & Com. Code ch. 541; universal opt-out 541.055(e) from 2025-01-01.
            state("TX", "Texas Data Privacy and Security Act (TDPSA)", "2024-07-01", "2025-01-01", 13, null),
            // ORS 646A.570 ff.; universal opt-out from 2026-01-01; no sale/targeted ads under 16
            // from 2026-01-01 (HB 2008 of 2025).
            state("OR", "Oregon Consumer Privacy Act (OCPA)", "2024-07-01", "2026-01-01", 16, "2026-01-01"),
            // Mont. Code Ann. 30-14-2801 ff.; universal opt-out from 2025-01-01; minors under 18
            // consent from 2025-10-01 (SB 297 of 2025).
            state("MT", "Montana Consumer Data Privacy Act (MCDPA)", "2024-10-01", "2025-01-01", 18, "2025-10-01"),
            // Iowa Code ch. 715D; no universal opt-out duty; 90 days to answer +45 (715D.4).
            new UsStateLaw("IA", Regime.US_STATE, "Iowa Consumer Data Protection Act (ICDPA)", date("2025-01-01"),
                    null, 13, null, Deadline.of(90, DeadlineUnit.CALENDAR_DAYS, 45), SALE_OPT_OUT),
            // 6 Del. C. ch. 12D; universal opt-out from 2026-01-01; 13-17 opt-in, so 18.
            state("DE", "Delaware Personal Data Privacy Act (DPDPA)", "2025-01-01", "2026-01-01", 18, null),
            // N.H. RSA 507-H; universal opt-out from 2025-01-01; 13-15 consent, so 16.
            state("NH", "New Hampshire Data Privacy Act (NHPDA)", "2025-01-01", "2025-01-01", 16, null),
            // Neb. Rev. Stat. 87-1101 ff. (LB 1074); universal opt-out from 2025-01-01.
            state("NE", "Nebraska Data Privacy Act (NDPA)", "2025-01-01", "2025-01-01", 13, null),
            // N.J.S.A. 56:8-166.4 ff.; universal opt-out from 2025-07-15; 13-16 consent, so 17.
            state("NJ", "New Jersey Data Privacy Act (NJDPA)", "2025-01-15", "2025-07-15", 17, null),
            // Tenn. Code Ann. 47-18-3201 ff.; no universal opt-out duty.
            state("TN", "Tennessee Information Protection Act (TIPA)", "2025-07-01", null, 13, null),
            // Minn. Stat. ch. 325O; universal opt-out from 2025-07-31 (verify); 13-16 consent, so 17.
            state("MN", "Minnesota Consumer Data Privacy Act (MCDPA, Minn. Stat. 325O)", "2025-07-31",
                    "2025-07-31", 17, null),
            // Md. Code, Com. Law 14-4601 ff.; universal opt-out from 2025-10-01; under 18: no sale
            // or targeted advertising at all, so 18.
            state("MD", "Maryland Online Data Privacy Act (MODPA)", "2025-10-01", "2025-10-01", 18, null),
            // Ind. Code 24-15; no universal opt-out duty.
            state("IN", "Indiana Consumer Data Protection Act (ICDPA)", "2026-01-01", null, 13, null),
            // KRS 367.3611 ff.; no universal opt-out duty.
            state("KY", "Kentucky Consumer Data Protection Act (KCDPA)", "2026-01-01", null, 13, null),
            // R.I. Gen. Laws 6-48.1; no universal opt-out duty.
            state("RI", "Rhode Island Data Transparency and Privacy Protection Act (RIDTPPA)", "2026-01-01",
                    null, 13, null));

    static final String US_STATE_UNKNOWN_LAW = "US state privacy laws (state unknown: strictest applies)";

    /** For visitors in none of the specific regimes: the policy's own terms (docs/jurisdictions.md, DEFAULT). */
    static final String DEFAULT_LAW = "No specific privacy law (the policy's own terms)";

    /** The rules of {@link Regime#DEFAULT}, all taken from the configuration. */
    static RegimeRules defaults(JurisdictionSettings settings) {
        return new RegimeRules(Regime.DEFAULT, DEFAULT_LAW, settings.defaultConsentModel(),
                settings.defaultDeadline(), settings.defaultChildConsentAge(), false, Set.of());
    }

    /**
     * The rules for a visitor nobody could locate, under the configured fallback regime. GDPR
     * without a member state uses the Art. 8(1) default age 16; CCPA uses California's rules as
     * they are once all dates have passed; US_STATE, which has no state to go by, takes the rules
     * of the US with the state unknown once all dates have passed (see {@link #stateUnknown}).
     */
    static RegimeRules fallback(Regime regime, RegimeRules defaults) {
        return switch (regime) {
            case GDPR -> gdpr(GDPR_DEFAULT_CHILD_CONSENT_AGE);
            case UK_GDPR -> UK_GDPR;
            case CH_FADP -> CH_FADP;
            case LGPD -> LGPD;
            case AR_PDPA -> AR_PDPA;
            case CA_PIPEDA -> CA_PIPEDA;
            case CA_QC -> CA_QC;
            case CCPA -> stateLaws(Regime.CCPA).get(0).latest();
            case US_STATE -> strictestOf(US_STATE_LAWS.stream().map(UsStateLaw::latest).toList());
            case DEFAULT -> defaults;
        };
    }

    /** Places with their own rules, keyed by country; countries not in it are {@link Regime#DEFAULT}. */
    static Map<String, Place> places(RegimeRules defaults, ZoneId zone) {
        Map<String, Place> places = new HashMap<>();
        for (String country : EU_27) {
            places.put(country, Place.of(gdpr(gdprAge(country))));
        }
        for (String country : EEA_EFTA) {
            places.put(country, Place.of(gdpr(gdprAge(country))));
        }
        GDPR_TERRITORIES.forEach((territory, memberState) ->
                places.put(territory, Place.of(gdpr(gdprAge(memberState)))));
        places.put("GB", Place.of(UK_GDPR));
        places.put("CH", Place.of(CH_FADP));
        places.put("BR", Place.of(LGPD));
        places.put("AR", Place.of(AR_PDPA));
        Timeline pipeda = Timeline.fixed(CA_PIPEDA);
        places.put("CA", new Place(pipeda, Map.of("QC", Timeline.fixed(CA_QC)), pipeda));
        Map<String, Timeline> states = new HashMap<>();
        for (UsStateLaw law : US_STATE_LAWS) {
            states.put(law.state(), timeline(law, defaults, zone));
        }
        // Other states are DEFAULT (e.g. WA, whose health-data law is not comprehensive; FL, whose law
        // reaches only $1bn+ companies). The US without a state is not "another state": see stateUnknown.
        places.put("US", new Place(Timeline.fixed(defaults), states, stateUnknown(defaults, zone)));
        return Map.copyOf(places);
    }

    static int gdprAge(String country) {
        return GDPR_CHILD_CONSENT_AGE.getOrDefault(country, GDPR_DEFAULT_CHILD_CONSENT_AGE);
    }

    /** A state's rules over time; each date starts at midnight in {@code zone}. */
    static Timeline timeline(UsStateLaw law, RegimeRules before, ZoneId zone) {
        TreeSet<LocalDate> changes = law.changes();
        long[] from = new long[changes.size()];
        RegimeRules[] rules = new RegimeRules[changes.size()];
        int i = 0;
        for (LocalDate day : changes) {
            from[i] = day.atStartOfDay(zone).toInstant().toEpochMilli();
            rules[i++] = law.on(day);
        }
        return Timeline.changing(before, from, rules);
    }

    /**
     * The US when the database gives no state (every Country-database lookup, many IPv6 addresses):
     * the visitor may be in any state, so from the first state law on the strictest value of each
     * rule over the laws then in force applies, California's included (shortest deadline, GPC
     * binding if any state binds it, highest minors age, every special right), as
     * {@link Regime#US_STATE}. Before the first law, {@code before}. US territories are countries of
     * their own and never get here.
     */
    static Timeline stateUnknown(RegimeRules before, ZoneId zone) {
        TreeSet<LocalDate> changes = new TreeSet<>();
        US_STATE_LAWS.forEach(law -> changes.addAll(law.changes()));
        List<Long> from = new ArrayList<>();
        List<RegimeRules> rules = new ArrayList<>();
        for (LocalDate day : changes) {
            RegimeRules strictest = strictestOf(US_STATE_LAWS.stream()
                    .filter(law -> !day.isBefore(law.effective()))
                    .map(law -> law.on(day))
                    .toList());
            if (rules.isEmpty() || !rules.get(rules.size() - 1).equals(strictest)) {
                from.add(day.atStartOfDay(zone).toInstant().toEpochMilli());
                rules.add(strictest);
            }
        }
        return Timeline.changing(before, from.stream().mapToLong(Long::longValue).toArray(),
                rules.toArray(new RegimeRules[0]));
    }

    private static List<UsStateLaw> stateLaws(Regime regime) {
        return US_STATE_LAWS.stream().filter(law -> law.regime() == regime).toList();
    }

    /** The strictest value of each rule over {@code inForce}, the rules of the state laws in force at one time. */
    private static RegimeRules strictestOf(List<RegimeRules> inForce) {
        Deadline shortest = inForce.stream().map(RegimeRules::dsrDeadline)
                .min(Comparator.comparingInt(Deadline::amount).thenComparingInt(Deadline::extension))
                .orElseThrow();
        boolean gpc = inForce.stream().anyMatch(RegimeRules::gpcBinding);
        int age = inForce.stream().mapToInt(RegimeRules::childConsentAge).max().orElseThrow();
        Set<SpecialRight> rights = EnumSet.noneOf(SpecialRight.class);
        inForce.forEach(rules -> rights.addAll(rules.specialRights()));
        return new RegimeRules(Regime.US_STATE, US_STATE_UNKNOWN_LAW, ConsentModel.OPT_OUT, shortest, age, gpc,
                rights);
    }

    private static UsStateLaw state(String state, String law, String effective, String gpcBindingFrom,
                                    int childConsentAge, String childConsentAgeFrom) {
        return new UsStateLaw(state, Regime.US_STATE, law, date(effective), date(gpcBindingFrom), childConsentAge,
                date(childConsentAgeFrom), DAYS_45_PLUS_45, SALE_OPT_OUT);
    }

    private static LocalDate date(String text) {
        return text == null ? null : LocalDate.parse(text);
    }

    /**
     * The rules of one country: {@code whole} for the country and any subdivision not in
     * {@code regions}, {@code regionUnknown} when no subdivision is known.
     */
    record Place(Timeline whole, Map<String, Timeline> regions, Timeline regionUnknown) {
        Place {
            regions = Map.copyOf(regions);
        }

        /** A country whose subdivisions have no rules of their own. */
        static Place of(RegimeRules rules) {
            Timeline fixed = Timeline.fixed(rules);
            return new Place(fixed, Map.of(), fixed);
        }

        Timeline timeline(String region) {
            if (region == null) {
                return regionUnknown;
            }
            Timeline timeline = regions.get(region);
            return timeline == null ? whole : timeline;
        }
    }
}
