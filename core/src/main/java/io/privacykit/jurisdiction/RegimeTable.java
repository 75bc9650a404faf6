package io.privacykit.jurisdiction;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
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

    /**
     * Gibraltar and the Crown Dependencies have their own data-protection laws, not the UK GDPR, each
     * modelled on the GDPR: PrivacyKit gives them the GDPR's rules under their own law's name
     * (see {@link #GDPR_MODELLED}).
     */
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
            // PECR reg. 6: consent for non-essential cookies (the 2026 exemption: UK_GDPR_FROM_2026_02_05).
            ConsentModel.OPT_IN,
            // UK GDPR Art. 12(3): one month +2; the clock stops while clarifying or verifying identity.
            Deadline.of(1, DeadlineUnit.CALENDAR_MONTHS, 2),
            13, // UK GDPR Art. 8(1) as modified by DPA 2018 s.9
            false,
            AUTHORITY); // UK GDPR Art. 77 / DPA 2018 s.165: the ICO (complaints process, DPA s.164A, from 2026-06-19)

    /**
     * PECR reg. 6 as amended by the Data (Use and Access) Act 2025, in force
     * 2026-02-05: storage for statistical purposes (analytics) and for the appearance or functionality of
     * the site needs no consent if the user is told and can object, which is PrivacyKit's opt-out model.
     */
    static final LocalDate UK_COOKIE_EXEMPTION = LocalDate.parse("2026-02-05");
    static final RegimeRules UK_GDPR_FROM_2026_02_05 = UK_GDPR.withCategoryModels(Map.of(
            CategoryKind.ANALYTICS, ConsentModel.OPT_OUT, CategoryKind.FUNCTIONALITY, ConsentModel.OPT_OUT));

    static final RegimeRules CH_FADP = new RegimeRules(Regime.CH_FADP,
            "Swiss Federal Act on Data Protection (revFADP) and Telecommunications Act",
            ConsentModel.OPT_OUT, // Telecommunications Act Art. 45c: notice and a right to refuse
            // FADP Art. 25(7) and DPO Art. 18(1): 30 days, free of charge (FADP Art. 25(6)); DPO Art. 18(2):
            // a longer period if the controller tells the person within the 30 days when it will answer.
            Deadline.withOpenExtension(30, DeadlineUnit.CALENDAR_DAYS),
            0, // no statutory age of consent (verify: none found, 2026-12-01)
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

    /**
     * Brazil's ECA Digital (Estatuto Digital da Criança e do Adolescente, Lei 15.211/2025, sanctioned
     * 2025-09-17; in force six months later under MP 1.319/2025) forbids, in its Chapter VIII on
     * advertising, profiling techniques to direct commercial advertising to children and adolescents,
     * i.e. under 18 (ECA, Lei 8.069/1990, Art. 2). Reports give 2026-03-17 or 2026-03-18 as the first
     * day; the earlier is used (verify the day and the article number; docs/jurisdictions.md, Brazil).
     * Sale keeps the LGPD's Art. 14 §1 parental consent under 12.
     */
    static final LocalDate ECA_DIGITAL = LocalDate.parse("2026-03-17");
    static final RegimeRules LGPD_WITH_ECA_DIGITAL = LGPD
            .withLaw("Brazil LGPD (Lei 13.709/2018) and ECA Digital (Lei 15.211/2025)")
            .withMinors(MinorsRule.parse("parent<12 banned<18:targeted-advertising+profiling"));

    static final RegimeRules AR_PDPA = new RegimeRules(Regime.AR_PDPA,
            "Argentina Personal Data Protection Law 25.326",
            ConsentModel.OPT_IN, // Art. 5: consent principle; no cookie-specific rule
            Deadline.of(10, DeadlineUnit.CALENDAR_DAYS, 0), // Art. 14(2): access within 10 calendar days
            0, // no statutory age in Law 25.326 was found (verify); the Civil Code gives partial capacity at 13
            false,
            // Art. 14(3): access free every six months (notice per Disposicion 10/2008); the AAIP supervises.
            Set.of(SpecialRight.FREE_ACCESS_EVERY_SIX_MONTHS, SpecialRight.COMPLAINT_TO_AUTHORITY));

    static final RegimeRules CA_PIPEDA = new RegimeRules(Regime.CA_PIPEDA, "PIPEDA",
            // Implied (opt-out) consent is acceptable for behavioural advertising under the OPC's
            // conditions (OPC Guidelines on privacy and online behavioural advertising; PIPEDA 4.3, s.6.1).
            ConsentModel.OPT_OUT,
            Deadline.of(30, DeadlineUnit.CALENDAR_DAYS, 30), // s.8(3), extension with notice s.8(4)
            13, // parental consent under 13 (OPC guidance, verify its wording); PIPEDA itself sets no age
            false,
            // s.11: complaint to the Privacy Commissioner. Alberta's and BC's own Personal Information
            // Protection Acts (the OPC's "substantially similar provincial counterparts", Guidelines for
            // obtaining meaningful consent, 2018) are not modelled.
            AUTHORITY);

    static final RegimeRules CA_QC = new RegimeRules(Regime.CA_QC,
            "Quebec Law 25 (Act respecting the protection of personal information in the private sector)",
            // s.8.1: identification, location and profiling functions off until the person activates them.
            ConsentModel.OPT_IN,
            Deadline.of(30, DeadlineUnit.CALENDAR_DAYS, 0), // s.32: in writing within 30 days of receipt
            14, // s.4.1: under 14, consent of the person having parental authority
            false,
            AUTHORITY); // the Commission d'acces a l'information (CAI)

    // ---- Gibraltar and the Crown Dependencies: GDPR-modelled laws of their own ----

    /**
     * Each has a law modelled on the GDPR (consent for non-essential cookies, one month to answer,
     * complaint to its own commissioner), so it gets the GDPR's rules under its own name rather than
     * DEFAULT. The child age of 13 and the one-month deadline are (verify); an override file can
     * correct them ({@code JE.minors}, {@code JE.deadline-days}).
     */
    static final Map<String, String> GDPR_MODELLED = Map.of(
            "JE", "Data Protection (Jersey) Law 2018 (GDPR-modelled)",
            "GG", "Data Protection (Bailiwick of Guernsey) Law, 2017 (GDPR-modelled)",
            "IM", "Isle of Man GDPR and LED Implementing Regulations 2018 (GDPR-modelled)",
            "GI", "Gibraltar GDPR and Data Protection Act 2004 (GDPR-modelled)");
    static final int GDPR_MODELLED_CHILD_CONSENT_AGE = 13; // (verify) for each of the four

    // ---- United States (docs/jurisdictions.md, "United States") ----

    // 45 days, once extendable by 45 with notice: each law's consumer-request section, e.g. Va. Code
    // 59.1-577(B), Tex. Bus. & Com. Code 541.052; for California 1798.130(a)(2) and 11 CCR 7021.
    private static final Deadline DAYS_45_PLUS_45 = Deadline.of(45, DeadlineUnit.CALENDAR_DAYS, 45);
    private static final Set<SpecialRight> SALE_OPT_OUT = Set.of(SpecialRight.OPT_OUT_OF_SALE);
    private static final ConsentModel OPT_IN = ConsentModel.OPT_IN;
    private static final ConsentModel OPT_OUT = ConsentModel.OPT_OUT;

    /**
     * The comprehensive state laws. Every row is evaluated against the clock: before its effective
     * date the state is {@link Regime#DEFAULT}, and its GPC duty and each minors step start on their
     * own dates. Common to all rows: opt-out of sale, targeted ads and profiling; 45 days +45 to answer
     * (Iowa 90 +45); a known child's data (under 13) is sensitive, so a parent consents (COPPA,
     * 15 U.S.C. 6501) unless a minors step says more. Sensitive data is opt-in except where noted.
     * Minors steps use the override-file syntax: banned&lt;N (forbidden even with consent), parent&lt;N,
     * consent&lt;N (the minor's own opt-in).
     */
    static final List<UsStateLaw> US_STATE_LAWS = List.of(
            // Cal. Civ. Code 1798.100 ff. (CPRA amendments 2023-01-01), 11 CCR 7000 ff.
            // GPC: 11 CCR 7025; first 11 CCR 999.315(c), filed and operative 2020-08-14 (Register 2020, No. 33);
            // 1798.120(c)-(d): under 13 a parent, 13-15 the consumer opts in to sale/sharing;
            // sensitive personal information: a right to limit (1798.121), i.e. opt-out;
            // 11 CCR 7021: 45 days +45; 1798.83 Shine the Light; 1798.120 opt-out of sale/sharing.
            new UsStateLaw("CA", Regime.CCPA, "California Consumer Privacy Act as amended by the CPRA (CCPA)",
                    date("2020-01-01"), date("2020-08-14"), List.of(MinorsStep.of("2020-01-01", "parent<13 consent<16")),
                    OPT_OUT, DAYS_45_PLUS_45, Set.of(SpecialRight.SHINE_THE_LIGHT, SpecialRight.OPT_OUT_OF_SALE)),
            // Va. Code 59.1-575 ff.; no universal opt-out duty; sensitive data opt-in, 59.1-578(A)(5).
            state("VA", "Virginia Consumer Data Protection Act (VCDPA)", "2023-01-01", null, OPT_IN),
            // C.R.S. 6-1-1301 ff.; universal opt-out 6-1-1306(1)(a)(IV)(B) from 2024-07-01;
            // minors under 18: consent for targeted ads, sale and profiling, 6-1-1308.5 (SB 24-041), from 2025-10-01.
            state("CO", "Colorado Privacy Act (CPA)", "2023-07-01", "2024-07-01", OPT_IN,
                    MinorsStep.of("2025-10-01", "parent<13 consent<18")),
            // Conn. Gen. Stat. 42-515 ff.; opt-out preference signal 42-520(e) from 2025-01-01.
            // Minors: from the start (PA 22-15), 13-15 opt in to targeted ads and sale (42-520(a), verify
            // the subdivision); from 2024-10-01, under 18 consent (a parent's under 13) for targeted ads,
            // sale and profiling, 42-529a (PA 23-56 = SB 3 of 2023; the AG's 2025 CTDPA report); from
            // 2026-07-01 no targeted ads or sale under 18 even with consent, profiling still with consent
            // (SB 1295 of 2025; the AG's guidance of 2026-07-02).
            state("CT", "Connecticut Data Privacy Act (CTDPA)", "2023-07-01", "2025-01-01", OPT_IN,
                    MinorsStep.of("2023-07-01", "parent<13 consent<16:sale+targeted-advertising"),
                    MinorsStep.of("2024-10-01", "parent<13 consent<18"),
                    MinorsStep.of("2026-07-01", "banned<18:sale+targeted-advertising parent<13 consent<18:profiling")),
            // Utah Code 13-61-101 ff.; no universal opt-out duty; sensitive data: notice and a chance to
            // opt out (13-61-302(3)), so opt-out.
            state("UT", "Utah Consumer Privacy Act (UCPA)", "2023-12-31", null, OPT_OUT),
            // Tex. Bus. & Com. Code ch. 541; universal opt-out 541.055(e) from 2025-01-01; sensitive opt-in 541.101(b)(4).
            state("TX", "Texas Data Privacy and Security Act (TDPSA)", "2024-07-01", "2025-01-01", OPT_IN),
            // ORS 646A.570 ff.; universal opt-out from 2026-01-01; from the start (2024-07-01) consent for
            // targeted ads, sale and profiling of 13-15-year-olds (ORS 646A.578); from 2026-01-01 none of
            // these under 16, consent or not (HB 2008 of 2025).
            state("OR", "Oregon Consumer Privacy Act (OCPA)", "2024-07-01", "2026-01-01", OPT_IN,
                    MinorsStep.of("2024-07-01", "parent<13 consent<16"), MinorsStep.of("2026-01-01", "banned<16")),
            // Mont. Code Ann. 30-14-2801 ff.; universal opt-out from 2025-01-01; from the start (2024-10-01)
            // consent at 13-15 (30-14-2812); under 18 from 2025-10-01 (SB 297 of 2025).
            state("MT", "Montana Consumer Data Privacy Act (MCDPA)", "2024-10-01", "2025-01-01", OPT_IN,
                    MinorsStep.of("2024-10-01", "parent<13 consent<16"), MinorsStep.of("2025-10-01", "parent<13 consent<18")),
            // Iowa Code ch. 715D; no universal opt-out duty; 90 days to answer +45 (715D.4); sensitive data:
            // notice and a chance to opt out (715D.4(2)), so opt-out.
            new UsStateLaw("IA", Regime.US_STATE, "Iowa Consumer Data Protection Act (ICDPA)", date("2025-01-01"),
                    null, List.of(), OPT_OUT, Deadline.of(90, DeadlineUnit.CALENDAR_DAYS, 45), SALE_OPT_OUT),
            // 6 Del. C. ch. 12D; universal opt-out from 2026-01-01; 13-17 opt in (12D-106).
            state("DE", "Delaware Personal Data Privacy Act (DPDPA)", "2025-01-01", "2026-01-01", OPT_IN,
                    MinorsStep.of("2025-01-01", "parent<13 consent<18")),
            // N.H. RSA 507-H; universal opt-out from 2025-01-01; 13-15 consent (507-H:6).
            state("NH", "New Hampshire Data Privacy Act (NHPDA)", "2025-01-01", "2025-01-01", OPT_IN,
                    MinorsStep.of("2025-01-01", "parent<13 consent<16")),
            // Neb. Rev. Stat. 87-1101 ff. (LB 1074); universal opt-out from 2025-01-01.
            state("NE", "Nebraska Data Privacy Act (NDPA)", "2025-01-01", "2025-01-01", OPT_IN),
            // N.J.S.A. 56:8-166.4 ff.; universal opt-out from 2025-07-15; 13-16 consent.
            state("NJ", "New Jersey Data Privacy Act (NJDPA)", "2025-01-15", "2025-07-15", OPT_IN,
                    MinorsStep.of("2025-01-15", "parent<13 consent<17")),
            // Tenn. Code Ann. 47-18-3201 ff.; no universal opt-out duty.
            state("TN", "Tennessee Information Protection Act (TIPA)", "2025-07-01", null, OPT_IN),
            // Minn. Stat. 325M.10 to 325M.21, in force 2025-07-31 with its universal opt-out duty (the AG's
            // notice of 2025-07-28); consent for targeted ads and sale "between the ages of 13 and 16"
            // (read inclusively, verify), nothing for profiling beyond the known child under 13.
            state("MN", "Minnesota Consumer Data Privacy Act (MCDPA, Minn. Stat. 325M.10-.21)", "2025-07-31",
                    "2025-07-31", OPT_IN,
                    MinorsStep.of("2025-07-31", "parent<13 consent<17:sale+targeted-advertising")),
            // Md. Code, Com. Law 14-4601 ff.; universal opt-out from 2025-10-01; under 18 (known or should
            // have known): no sale and no targeted advertising at all, 14-4607.
            state("MD", "Maryland Online Data Privacy Act (MODPA)", "2025-10-01", "2025-10-01", OPT_IN,
                    MinorsStep.of("2025-10-01", "banned<18:sale+targeted-advertising parent<13")),
            // Ind. Code 24-15; no universal opt-out duty.
            state("IN", "Indiana Consumer Data Protection Act (ICDPA)", "2026-01-01", null, OPT_IN),
            // KRS 367.3611 ff.; no universal opt-out duty.
            state("KY", "Kentucky Consumer Data Protection Act (KCDPA)", "2026-01-01", null, OPT_IN),
            // R.I. Gen. Laws 6-48.1; no universal opt-out duty.
            state("RI", "Rhode Island Data Transparency and Privacy Protection Act (RIDTPPA)", "2026-01-01",
                    null, OPT_IN),
            // Oklahoma Data Privacy Act, SB 546 of 2026 (signed 2026-03-20; 75A O.S. 300-315, verify),
            // in force 2027-01-01, Virginia model: 45 days +45, sensitive opt-in, known child under 13
            // per COPPA; no duty to honour opt-out signals such as GPC (secondary sources agree; the
            // enrolled text was not reached: docs/jurisdictions.md, Oklahoma).
            state("OK", "Oklahoma Data Privacy Act (SB 546 of 2026)", "2027-01-01", null, OPT_IN),
            // Alabama Personal Data Protection Act, HB 351 (Act 2026-552, verify; signed 2026-04-16/17),
            // in force 2027-05-01: 45 days +45, sensitive opt-in; no universal opt-out provision per
            // Consumer Reports' veto letter as reported (verify against the act).
            state("AL", "Alabama Personal Data Protection Act (HB 351 of 2026)", "2027-05-01", null, OPT_IN),
            // Louisiana Data Privacy Act, SB 386 (Act 502 of 2026, signed 2026-05-29; La. R.S. 51:1780.1 ff.,
            // verify), in force 2027-01-01: an authorized agent may opt a consumer out by a browser setting or
            // global device setting, and controllers must honour universal opt-out signals from the start
            // (law-firm reports: docs/jurisdictions.md, Louisiana); 45 days +45 assumed (verify);
            // sensitive data opt-in, known child under 13 per COPPA.
            state("LA", "Louisiana Data Privacy Act (SB 386, Act 502 of 2026)", "2027-01-01", "2027-01-01", OPT_IN));

    static final String US_STATE_UNKNOWN_LAW = "US state privacy laws (state unknown: strictest applies)";

    /** For visitors in none of the specific regimes: the policy's own terms (docs/jurisdictions.md, DEFAULT). */
    static final String DEFAULT_LAW = "No specific privacy law (the policy's own terms)";

    /**
     * Nevada, NRS 603A.300-.360: no comprehensive law, but an operator must honour a verified request
     * not to sell covered information (NRS 603A.345, SB 220 of 2019, in force 2019-10-01), answering
     * within 60 days, +30 with notice (verify). The policy's own terms otherwise (regime DEFAULT).
     */
    static final String NEVADA_LAW = "Nevada NRS 603A (sale opt-out only; otherwise the policy's own terms)";
    static final LocalDate NEVADA_FROM = LocalDate.parse("2019-10-01");

    /**
     * Washington's My Health My Data Act, RCW 19.373 (in force 2024-03-31): consent to collect and a
     * separate consent to share consumer health data (RCW 19.373.030), so sensitive (health) categories
     * are opt-in. Not a comprehensive law: the policy's own terms otherwise (regime DEFAULT).
     */
    static final String WASHINGTON_LAW = "Washington My Health My Data Act (RCW 19.373; health data only, "
            + "otherwise the policy's own terms)";
    static final LocalDate WASHINGTON_FROM = LocalDate.parse("2024-03-31");

    /** The rules of {@link Regime#DEFAULT}, all taken from the configuration. */
    static RegimeRules defaults(JurisdictionSettings settings) {
        return new RegimeRules(Regime.DEFAULT, DEFAULT_LAW, settings.defaultConsentModel(),
                settings.defaultDeadline(), settings.defaultChildConsentAge(), false, Set.of());
    }

    /** The state laws after {@code overrides}: corrected rows, added states, removed ones. */
    static List<UsStateLaw> stateLaws(JurisdictionOverrides overrides) {
        Map<String, UsStateLaw> laws = new LinkedHashMap<>();
        US_STATE_LAWS.forEach(law -> laws.put(law.state(), law));
        overrides.states().forEach((state, o) -> {
            if (o.removed()) {
                laws.remove(state);
                return;
            }
            UsStateLaw base = laws.get(state);
            Regime regime = o.regime() != null ? o.regime() : base != null ? base.regime() : Regime.US_STATE;
            String law = o.law() != null ? o.law() : base.law();
            LocalDate effective = o.effective() != null ? o.effective() : base.effective();
            LocalDate gpc = o.gpcNever() ? null : o.gpcBindingFrom() != null ? o.gpcBindingFrom()
                    : base != null ? base.gpcBindingFrom() : null;
            Deadline deadline = base != null ? base.dsrDeadline() : DAYS_45_PLUS_45;
            if (o.deadlineDays() != null || o.extensionDays() != null) {
                deadline = Deadline.of(o.deadlineDays() != null ? o.deadlineDays() : deadline.amount(),
                        DeadlineUnit.CALENDAR_DAYS, o.extensionDays() != null ? o.extensionDays() : deadline.extension());
            }
            List<MinorsStep> minors = o.minors() != null ? fromEffective(o.minors(), effective)
                    : base != null ? base.minors() : List.of();
            ConsentModel sensitive = o.sensitive() != null ? o.sensitive() : base != null ? base.sensitive() : OPT_IN;
            Set<SpecialRight> rights = base != null ? base.specialRights() : regime == Regime.CCPA
                    ? Set.of(SpecialRight.SHINE_THE_LIGHT, SpecialRight.OPT_OUT_OF_SALE) : SALE_OPT_OUT;
            laws.put(state, new UsStateLaw(state, regime, law, effective, gpc, minors, sensitive, deadline, rights));
        });
        return List.copyOf(laws.values());
    }

    /** Undated steps of an override apply from the law's effective date. */
    private static List<MinorsStep> fromEffective(List<MinorsStep> steps, LocalDate effective) {
        return steps.stream().map(step -> step.from().equals(JurisdictionOverrides.ALWAYS)
                ? new MinorsStep(effective, step.rule()) : step).toList();
    }

    /**
     * The rules for a visitor nobody could locate, under the configured fallback regime. GDPR
     * without a member state uses the Art. 8(1) default age 16; CCPA uses California's rules as
     * they are once all dates have passed; US_STATE, which has no state to go by, takes the rules
     * of the US with the state unknown once all dates have passed (see {@link #stateUnknown}).
     */
    static RegimeRules fallback(Regime regime, RegimeRules defaults, List<UsStateLaw> laws) {
        return switch (regime) {
            case GDPR -> gdpr(GDPR_DEFAULT_CHILD_CONSENT_AGE);
            case UK_GDPR -> UK_GDPR_FROM_2026_02_05;
            case CH_FADP -> CH_FADP;
            case LGPD -> LGPD_WITH_ECA_DIGITAL;
            case AR_PDPA -> AR_PDPA;
            case CA_PIPEDA -> CA_PIPEDA;
            case CA_QC -> CA_QC;
            case CCPA -> laws.stream().filter(law -> law.regime() == Regime.CCPA).findFirst()
                    .map(UsStateLaw::latest).orElseGet(() -> strictestOf(laws.stream().map(UsStateLaw::latest).toList())
                            .withLaw("California Consumer Privacy Act as amended by the CPRA (CCPA)"));
            case US_STATE -> strictestOf(laws.stream().map(UsStateLaw::latest).toList());
            case DEFAULT -> defaults;
        };
    }

    /** The rules of a country over time: {@code before}, then each entry from its date. */
    record CountryRow(RegimeRules before, NavigableMap<LocalDate, RegimeRules> changes) {
        CountryRow {
            changes = new TreeMap<>(changes);
        }

        static CountryRow fixed(RegimeRules rules) {
            return new CountryRow(rules, new TreeMap<>());
        }

        static CountryRow changing(RegimeRules before, LocalDate from, RegimeRules after) {
            return new CountryRow(before, new TreeMap<>(Map.of(from, after)));
        }

        RegimeRules on(LocalDate day) {
            Map.Entry<LocalDate, RegimeRules> entry = changes.floorEntry(day);
            return entry == null ? before : entry.getValue();
        }

        Timeline timeline(ZoneId zone) {
            if (changes.isEmpty()) {
                return Timeline.fixed(before);
            }
            long[] from = new long[changes.size()];
            RegimeRules[] rules = new RegimeRules[changes.size()];
            int i = 0;
            for (Map.Entry<LocalDate, RegimeRules> entry : changes.entrySet()) {
                from[i] = entry.getKey().atStartOfDay(zone).toInstant().toEpochMilli();
                rules[i++] = entry.getValue();
            }
            return Timeline.changing(before, from, rules);
        }
    }

    /** The built-in rows of every country with rules of its own, except the US and Canada. */
    static Map<String, CountryRow> countryRows() {
        Map<String, CountryRow> rows = new HashMap<>();
        for (String country : EU_27) {
            rows.put(country, CountryRow.fixed(gdpr(gdprAge(country))));
        }
        for (String country : EEA_EFTA) {
            rows.put(country, CountryRow.fixed(gdpr(gdprAge(country))));
        }
        GDPR_TERRITORIES.forEach((territory, memberState) ->
                rows.put(territory, CountryRow.fixed(gdpr(gdprAge(memberState)))));
        GDPR_MODELLED.forEach((place, law) ->
                rows.put(place, CountryRow.fixed(gdpr(GDPR_MODELLED_CHILD_CONSENT_AGE).withLaw(law))));
        rows.put("GB", CountryRow.changing(UK_GDPR, UK_COOKIE_EXEMPTION, UK_GDPR_FROM_2026_02_05));
        rows.put("CH", CountryRow.fixed(CH_FADP));
        rows.put("BR", CountryRow.changing(LGPD, ECA_DIGITAL, LGPD_WITH_ECA_DIGITAL));
        rows.put("AR", CountryRow.fixed(AR_PDPA));
        return rows;
    }

    /** The rules of a regime as a country's override names it ({@code CC.regime}). */
    private static RegimeRules regimeRules(Regime regime, String country, RegimeRules defaults) {
        return switch (regime) {
            case GDPR -> gdpr(GDPR_CHILD_CONSENT_AGE.getOrDefault(country, GDPR_MODELLED.containsKey(country)
                    ? GDPR_MODELLED_CHILD_CONSENT_AGE : GDPR_DEFAULT_CHILD_CONSENT_AGE));
            case UK_GDPR -> UK_GDPR;
            case CH_FADP -> CH_FADP;
            case LGPD -> LGPD;
            case AR_PDPA -> AR_PDPA;
            case CA_PIPEDA -> CA_PIPEDA;
            case CA_QC -> CA_QC;
            case DEFAULT -> defaults;
            case CCPA, US_STATE -> throw new IllegalArgumentException(regime + " is no country regime");
        };
    }

    /** A country's row after its override: another regime, law, deadline or dated minors steps. */
    static CountryRow apply(CountryRow row, JurisdictionOverrides.CountryOverride o, String country,
                            RegimeRules defaults) {
        CountryRow base = o.regime() == null ? row : CountryRow.fixed(regimeRules(o.regime(), country, defaults));
        TreeSet<LocalDate> days = new TreeSet<>(base.changes().keySet());
        List<MinorsStep> steps = o.minors() == null ? List.of() : o.minors();
        steps.forEach(step -> days.add(step.from()));
        RegimeRules before = edit(base.before(), o, steps, null);
        NavigableMap<LocalDate, RegimeRules> changes = new TreeMap<>();
        for (LocalDate day : days) {
            changes.put(day, edit(base.on(day), o, steps, day));
        }
        return new CountryRow(before, changes);
    }

    private static RegimeRules edit(RegimeRules rules, JurisdictionOverrides.CountryOverride o, List<MinorsStep> steps,
                                    LocalDate day) {
        RegimeRules edited = rules;
        if (o.law() != null) {
            edited = edited.withLaw(o.law());
        }
        if (o.deadlineDays() != null) {
            edited = edited.withDeadline(Deadline.of(o.deadlineDays(), DeadlineUnit.CALENDAR_DAYS,
                    o.extensionDays() == null ? 0 : o.extensionDays()));
        } else if (o.extensionDays() != null) {
            Deadline d = edited.dsrDeadline();
            edited = edited.withDeadline(new Deadline(d.amount(), d.unit(), o.extensionDays(), DeadlineUnit.CALENDAR_DAYS));
        }
        if (day != null) {
            MinorsStep current = null;
            for (MinorsStep step : steps) {
                if (!day.isBefore(step.from())) {
                    current = step;
                }
            }
            if (current != null) {
                edited = edited.withMinors(current.rule());
            }
        }
        return edited;
    }

    /** Places with their own rules, keyed by country; countries not in it are {@link Regime#DEFAULT}. */
    static Map<String, Place> places(RegimeRules defaults, ZoneId zone, List<UsStateLaw> laws,
                                     JurisdictionOverrides overrides) {
        Map<String, CountryRow> rows = countryRows();
        overrides.countries().forEach((country, o) ->
                rows.put(country, apply(rows.getOrDefault(country, CountryRow.fixed(defaults)), o, country, defaults)));
        Map<String, Place> places = new HashMap<>();
        rows.forEach((country, row) -> {
            Timeline timeline = row.timeline(zone);
            places.put(country, new Place(timeline, Map.of(), timeline));
        });
        Timeline pipeda = Timeline.fixed(CA_PIPEDA);
        // Canada without a province: PIPEDA, the federal law, which reaches every province's commercial
        // activity (Quebec's Law 25 adds to it); see docs/jurisdictions.md, "Debatable places".
        places.put("CA", new Place(pipeda, Map.of("QC", Timeline.fixed(CA_QC)), pipeda));
        Map<String, Timeline> states = new HashMap<>();
        states.put("NV", Timeline.changing(defaults, new long[] {millis(NEVADA_FROM, zone)}, new RegimeRules[] {
                defaults.withLaw(NEVADA_LAW).withSpecialRights(SALE_OPT_OUT)
                        .withDeadline(Deadline.of(60, DeadlineUnit.CALENDAR_DAYS, 30))}));
        states.put("WA", Timeline.changing(defaults, new long[] {millis(WASHINGTON_FROM, zone)}, new RegimeRules[] {
                defaults.withLaw(WASHINGTON_LAW).withCategoryModels(Map.of(CategoryKind.SENSITIVE, OPT_IN))}));
        for (UsStateLaw law : laws) {
            states.put(law.state(), timeline(law, defaults, zone));
        }
        // Other states are DEFAULT (e.g. FL, whose law reaches only $1bn+ companies). The US without a
        // state is not "another state": see stateUnknown.
        places.put("US", new Place(Timeline.fixed(defaults), states, stateUnknown(defaults, zone, laws)));
        return Map.copyOf(places);
    }

    private static long millis(LocalDate day, ZoneId zone) {
        return day.atStartOfDay(zone).toInstant().toEpochMilli();
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
            from[i] = millis(day, zone);
            rules[i++] = law.on(day);
        }
        return Timeline.changing(before, from, rules);
    }

    /**
     * The US when the database gives no state (every Country-database lookup, many IPv6 addresses):
     * the visitor may be in any state, so from the first state law on the strictest value of each
     * rule over the laws then in force applies, California's included (shortest deadline, GPC
     * binding if any state binds it, the strictest minors bands, sensitive data opt-in if any law
     * says so, every special right), as {@link Regime#US_STATE}. Before the first law, {@code before}.
     * US territories are countries of their own and never get here.
     */
    static Timeline stateUnknown(RegimeRules before, ZoneId zone, List<UsStateLaw> laws) {
        TreeSet<LocalDate> changes = new TreeSet<>();
        laws.forEach(law -> changes.addAll(law.changes()));
        List<Long> from = new ArrayList<>();
        List<RegimeRules> rules = new ArrayList<>();
        for (LocalDate day : changes) {
            RegimeRules strictest = strictestOf(laws.stream()
                    .filter(law -> !day.isBefore(law.effective()))
                    .map(law -> law.on(day))
                    .toList());
            if (rules.isEmpty() || !rules.get(rules.size() - 1).equals(strictest)) {
                from.add(millis(day, zone));
                rules.add(strictest);
            }
        }
        return Timeline.changing(before, from.stream().mapToLong(Long::longValue).toArray(),
                rules.toArray(new RegimeRules[0]));
    }

    /** The strictest value of each rule over {@code inForce}, the rules of the state laws in force at one time. */
    private static RegimeRules strictestOf(List<RegimeRules> inForce) {
        Deadline shortest = inForce.stream().map(RegimeRules::dsrDeadline)
                .min(Comparator.comparingInt(Deadline::amount).thenComparingInt(Deadline::extension))
                .orElseThrow();
        boolean gpc = inForce.stream().anyMatch(RegimeRules::gpcBinding);
        MinorsRule minors = inForce.stream().map(RegimeRules::minors).reduce(MinorsRule.NONE, MinorsRule::strictest);
        Map<CategoryKind, ConsentModel> models = inForce.stream()
                .anyMatch(r -> r.categoryModels().get(CategoryKind.SENSITIVE) == OPT_IN)
                ? Map.of(CategoryKind.SENSITIVE, OPT_IN) : Map.of();
        Set<SpecialRight> rights = EnumSet.noneOf(SpecialRight.class);
        inForce.forEach(rules -> rights.addAll(rules.specialRights()));
        return new RegimeRules(Regime.US_STATE, US_STATE_UNKNOWN_LAW, OPT_OUT, models, shortest, minors, gpc, rights);
    }

    private static UsStateLaw state(String state, String law, String effective, String gpcBindingFrom,
                                    ConsentModel sensitive, MinorsStep... minors) {
        return new UsStateLaw(state, Regime.US_STATE, law, date(effective), date(gpcBindingFrom), List.of(minors),
                sensitive, DAYS_45_PLUS_45, SALE_OPT_OUT);
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

        Timeline timeline(String region) {
            if (region == null) {
                return regionUnknown;
            }
            Timeline timeline = regions.get(region);
            return timeline == null ? whole : timeline;
        }
    }
}
