package io.privacykit.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.privacykit.geo.GeoLocator;
import io.privacykit.geo.GeoLocators;
import io.privacykit.geo.GeoQuery;
import io.privacykit.geo.IpLiteral;
import io.privacykit.geo.Location;
import io.privacykit.geo.LocationSource;
import io.privacykit.jurisdiction.AgeBands;
import io.privacykit.jurisdiction.Deadline;
import io.privacykit.jurisdiction.GpcStatement;
import io.privacykit.jurisdiction.MinorsPurpose;
import io.privacykit.jurisdiction.MinorsRule;
import io.privacykit.jurisdiction.Jurisdiction;
import io.privacykit.jurisdiction.JurisdictionResolver;
import io.privacykit.policy.Policy;
import io.privacykit.policy.PolicyException;
import io.privacykit.policy.PolicyLoader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import io.privacykit.geo.maxmind.MaxMindGeoLocator;
import io.privacykit.consent.LedgerSettings;
import io.privacykit.consent.LedgerVerification;
import io.privacykit.store.StoreSettings;
import io.privacykit.internal.Providers;
import io.privacykit.store.PrivacyStore;
import io.privacykit.store.PrivacyStoreProvider;
import io.privacykit.store.StoreException;
import java.io.PrintStream;
import java.io.Reader;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The command line: {@code java -jar cli/target/privacykit-cli.jar classify IP [--policy FILE]
 * [--date YYYY-MM-DD]} (or {@code classify --region US-OK}) prints where an address (or a declared
 * region) is and which law applies, with the rules in force that day, as one JSON object.
 * Bad input gets a one-line error and exit code 2.
 */
public final class PrivacyKitCli {

    /** Exit code for bad input. */
    public static final int USAGE_ERROR = 2;

    static final String USAGE = "usage: privacykit classify (IP | --region CC[-RR]) [--policy FILE] [--date YYYY-MM-DD]"
            + " | verify-ledger --policy FILE";

    static final String HELP = USAGE + """

              classify IP          where IP is and which privacy law applies there, as one JSON object
              --region CC[-RR]     classify a place instead of an address, e.g. US-OK, CA-QC, DE
              --policy FILE        a privacy.properties file (its geo and jurisdiction settings apply)
              --date YYYY-MM-DD    evaluate the law table on that day instead of today (the rules in
                                   force that day: effective dates, signal duties, minors steps)
              verify-ledger        check the consent ledger (records, subject links, head) in the store the
                                   policy names (privacy.store.url or privacy.data-dir) with its ledger
                                   keys (privacy.ledger.keys); exit 0 intact, 3 broken
              --help               this text
            Without a database in the policy (privacy.geo.database or PRIVACY_GEO_DATABASE), the GeoLite2
            City data bundled in this jar is used (built 2019-11-19, CC BY-SA 4.0, by MaxMind).
            Exit codes: 0 done, 2 bad input, 1 I/O failure.""";

    /** The GeoLite2 City file bundled in the CLI's jar, used when no policy names a database. */
    static final String BUNDLED_DATABASE = "GeoLite2-City.mmdb";

    private PrivacyKitCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** Runs the CLI; returns the exit code. */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help"))) {
            out.println(HELP);
            return 0;
        }
        if (args.length > 0 && args[0].equals("verify-ledger")) {
            return verifyLedger(args, env, out, err);
        }
        try {
            Request request = Request.parse(args);
            Properties properties = properties(request.policyFile());
            Policy policy = PolicyLoader.fromProperties(properties, env);
            Clock clock = request.date()
                    .map(d -> Clock.fixed(d.atStartOfDay(ZoneOffset.UTC).toInstant(), ZoneOffset.UTC))
                    .orElse(Clock.systemUTC());
            JurisdictionResolver resolver = new JurisdictionResolver(policy.jurisdiction(), clock);
            if (request.region().isPresent()) {
                Location place = JurisdictionResolver.residence(request.region().get());
                Jurisdiction jurisdiction = resolver.resolve(new Location(place.country(), place.region(),
                        LocationSource.OVERRIDE));
                out.println(new ObjectMapper().writeValueAsString(json(null, jurisdiction, policy)));
                return 0;
            }
            GeoLocator locator = policy.geo().database().isPresent() ? GeoLocators.standard(policy.geo())
                    : GeoLocators.standard(policy.geo(), bundledDatabase());
            try {
                Location location = locator.locate(GeoQuery.of(request.address())).orElse(Location.UNKNOWN);
                Jurisdiction jurisdiction = resolver.resolve(location);
                out.println(new ObjectMapper().writeValueAsString(json(request.ip(), jurisdiction, policy)));
                return 0;
            } finally {
                if (locator instanceof Closeable closeable) {
                    closeable.close();
                }
            }
        } catch (PolicyException e) {
            err.println("privacykit: invalid policy: " + String.join("; ", e.problems()));
            return USAGE_ERROR;
        } catch (IllegalArgumentException | IllegalStateException e) {
            err.println("privacykit: " + e.getMessage().replace('\n', ' '));
            return USAGE_ERROR;
        } catch (IOException e) {
            err.println("privacykit: " + e.getMessage());
            return 1;
        }
    }

    /** Exit code of {@code verify-ledger} when the chain is broken. */
    public static final int LEDGER_BROKEN = 3;

    /**
     * {@code verify-ledger --policy FILE}: opens the store the policy names and checks the whole
     * ledger (records, subject links and head) with the policy's ledger keys, printing
     * {@code {"intact":true,"records":N,"links":N,"headHash":...,"unkeyedUpTo":N,"keyIds":[...]}} or
     * {@code {"intact":false,"part":"records"|"subject-links","firstBadSequence":N,"reason":...}}.
     */
    static int verifyLedger(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args.length != 3 || !args[1].equals("--policy")) {
            err.println("privacykit: verify-ledger takes --policy FILE; " + USAGE);
            return USAGE_ERROR;
        }
        Path file = Path.of(args[2]);
        try {
            Policy policy = PolicyLoader.load(file, env);
            PrivacyStoreProvider stores = Providers.first(PrivacyStoreProvider.class)
                    .orElseThrow(() -> new IllegalStateException("no store provider in this jar"));
            Map<String, Object> result = new LinkedHashMap<>();
            LedgerVerification verification;
            // The whole ledger is checked below: no check of its tail on opening as well.
            StoreSettings settings = policy.store().withLedger(
                    policy.store().ledger().withVerifyOnStart(LedgerSettings.VerifyOnStart.NONE));
            try (PrivacyStore store = stores.open(settings)) {
                verification = store.verifyLedger();
            }
            if (verification instanceof LedgerVerification.Intact intact) {
                result.put("intact", true);
                result.put("records", intact.entries());
                result.put("links", intact.links());
                result.put("headHash", intact.headHash());
                result.put("unkeyedUpTo", intact.unkeyedUpTo());
                result.put("keyIds", settings.ledger().keys().ids());
                if (intact.unkeyedUpTo() > 0) {
                    result.put("note", "legacy, unkeyed up to sequence " + intact.unkeyedUpTo()
                            + ": those records were written without a ledger key and are only hash-chained");
                }
            } else if (verification instanceof LedgerVerification.Broken broken) {
                result.put("intact", false);
                result.put("part", broken.part() == LedgerVerification.Part.RECORDS ? "records" : "subject-links");
                result.put("firstBadSequence", broken.sequence());
                result.put("reason", broken.reason());
            }
            out.println(new ObjectMapper().writeValueAsString(result));
            return verification.isIntact() ? 0 : LEDGER_BROKEN;
        } catch (PolicyException e) {
            err.println("privacykit: invalid policy: " + String.join("; ", e.problems()));
            return USAGE_ERROR;
        } catch (StoreException e) {
            err.println("privacykit: " + e.getMessage().replace('\n', ' '));
            return 1;
        } catch (IllegalArgumentException | IllegalStateException | IOException e) {
            err.println("privacykit: " + String.valueOf(e.getMessage()).replace('\n', ' '));
            return USAGE_ERROR;
        }
    }

    private static GeoLocator bundledDatabase() throws IOException {
        try (InputStream in = PrivacyKitCli.class.getClassLoader().getResourceAsStream(BUNDLED_DATABASE)) {
            if (in == null) {
                throw new IllegalStateException("no GeoIP database: " + GeoLocators.HOW_TO_FIX);
            }
            return MaxMindGeoLocator.read(in, BUNDLED_DATABASE + " (bundled)");
        }
    }

    static Map<String, Object> json(String ip, Jurisdiction j, Policy policy) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (ip != null) {
            out.put("ip", ip);
        }
        out.put("country", j.country());
        out.put("region", j.region());
        out.put("source", j.location().source().code());
        out.put("regime", j.regime().name());
        out.put("law", j.law());
        out.put("consentModel", j.consentModel().code());
        out.put("dsrDeadline", deadline(j.dsrDeadline()));
        out.put("childConsentAge", j.childConsentAge());
        out.put("gpcBinding", j.gpcBinding());
        out.put("specialRights", j.specialRights().stream().map(Enum::name).sorted().toList());
        out.put("minors", minors(j.minors()));
        Map<String, String> categoryModels = new TreeMap<>();
        j.categoryModels().forEach((kind, model) -> categoryModels.put(kind.name().toLowerCase(Locale.ROOT),
                model.code()));
        out.put("categoryModels", categoryModels);
        out.put("gpcJson", GpcStatement.forVisitor(policy.signals().gpcHonoredEverywhere(), j,
                policy.lastUpdated()).gpc());
        out.put("overrides", policy.jurisdiction().overrides().source());
        return out;
    }

    /** Per purpose: {@code {"rule": "banned<16", "bannedUnder": 16, "parentalConsentUnder": 0, ...}}. */
    private static Map<String, Object> minors(MinorsRule rule) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rule", rule.toString());
        for (MinorsPurpose purpose : MinorsPurpose.values()) {
            AgeBands bands = rule.bands(purpose);
            Map<String, Object> ages = new LinkedHashMap<>();
            ages.put("bannedUnder", bands.bannedUnder());
            ages.put("parentalConsentUnder", bands.parentalConsentUnder());
            ages.put("ownConsentUnder", bands.ownConsentUnder());
            out.put(purpose.code(), ages);
        }
        return out;
    }

    private static Map<String, Object> deadline(Deadline d) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("amount", d.amount());
        out.put("unit", d.unit().name().toLowerCase(Locale.ROOT));
        out.put("extension", d.extension());
        out.put("extensionUnit", d.extensionUnit().name().toLowerCase(Locale.ROOT));
        out.put("extensionOpen", d.extensionOpen());
        out.put("text", d.toString());
        return out;
    }

    /**
     * The policy file's properties, or a minimal policy; a policy that names no database (the
     * environment may still name one) uses the bundled GeoLite2 file. Classifying signs
     * nothing, so secrets the file leaves to the environment are filled with throwaway keys.
     */
    static Properties properties(Optional<Path> policyFile) throws IOException {
        Properties properties = new Properties();
        if (policyFile.isPresent()) {
            Path file = policyFile.get();
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("--policy: no such file " + file);
            }
            try (Reader in = Files.newBufferedReader(file)) {
                properties.load(in);
            }
        } else {
            properties.setProperty("privacy.policy.name", "cli");
            properties.setProperty("privacy.policy.version", "cli");
            properties.setProperty("privacy.policy.last-updated", LocalDate.now(ZoneOffset.UTC).toString());
        }
        SecureRandom random = new SecureRandom();
        properties.putIfAbsent("privacy.consent.keys", "cli:" + randomKey(random));
        properties.putIfAbsent("privacy.consent.ip-hash-key", randomKey(random));
        return properties;
    }

    private static String randomKey(SecureRandom random) {
        byte[] key = new byte[32];
        random.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /** A parsed command line. */
    record Request(String ip, InetAddress address, Optional<String> region, Optional<Path> policyFile,
                   Optional<LocalDate> date) {

        static Request parse(String[] args) {
            if (args.length == 0 || !"classify".equals(args[0])) {
                throw new IllegalArgumentException(args.length == 0 ? USAGE
                        : "unknown command '" + args[0] + "'; " + USAGE);
            }
            List<String> positional = new ArrayList<>();
            Path policy = null;
            LocalDate date = null;
            String region = null;
            for (int i = 1; i < args.length; i++) {
                switch (args[i]) {
                    case "--policy" -> policy = Path.of(value(args, ++i, "--policy"));
                    case "--region" -> region = value(args, ++i, "--region");
                    case "--date" -> date = parseDate(value(args, ++i, "--date"));
                    default -> {
                        if (args[i].startsWith("--")) {
                            throw new IllegalArgumentException("unknown option '" + args[i] + "'; " + USAGE);
                        }
                        positional.add(args[i]);
                    }
                }
            }
            if (region != null) {
                if (!positional.isEmpty()) {
                    throw new IllegalArgumentException("classify takes an IP address or --region, not both; " + USAGE);
                }
                JurisdictionResolver.residence(region); // validates, with a message naming the form
                return new Request(null, null, Optional.of(region), Optional.ofNullable(policy),
                        Optional.ofNullable(date));
            }
            if (positional.size() != 1) {
                throw new IllegalArgumentException("classify takes exactly one IP address; " + USAGE);
            }
            String ip = positional.get(0);
            InetAddress address = IpLiteral.parse(ip)
                    .orElseThrow(() -> new IllegalArgumentException("not an IP address: '" + ip + "'"));
            return new Request(ip, address, Optional.empty(), Optional.ofNullable(policy), Optional.ofNullable(date));
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value; " + USAGE);
            }
            return args[i];
        }

        private static LocalDate parseDate(String text) {
            try {
                return LocalDate.parse(text);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("--date must be YYYY-MM-DD, not '" + text + "'");
            }
        }
    }
}
