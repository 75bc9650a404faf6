package io.privacykit.policy;

import io.privacykit.collection.DeclaredPolicy;
import io.privacykit.consent.ConsentSettings;
import io.privacykit.consent.CookieCategory;
import io.privacykit.consent.DntResponse;
import io.privacykit.consent.SignalPolicy;
import io.privacykit.consent.SigningKey;
import io.privacykit.consent.UnclassifiedCookies;
import io.privacykit.geo.CdnProvider;
import io.privacykit.geo.Cidr;
import io.privacykit.geo.ForwardedHeader;
import io.privacykit.geo.GeoSettings;
import io.privacykit.geo.LocationOverride;
import io.privacykit.jurisdiction.ConsentModel;
import io.privacykit.jurisdiction.Deadline;
import io.privacykit.jurisdiction.DeadlineUnit;
import io.privacykit.jurisdiction.JurisdictionOverrides;
import io.privacykit.jurisdiction.JurisdictionSettings;
import io.privacykit.jurisdiction.Regime;
import io.privacykit.mail.MailSettings;
import io.privacykit.rights.RetentionRule;
import io.privacykit.rights.RetentionSettings;
import io.privacykit.rights.RightsSettings;
import io.privacykit.store.StoreSettings;
import io.privacykit.consent.LedgerKeys;
import io.privacykit.consent.LedgerSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.Period;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a {@link Policy} from {@code privacy.properties} and the environment, and validates all
 * of it at once: every unknown key, bad value and missing required key is reported in one
 * {@link PolicyException}. The keys are documented in {@code docs/configuration.md}.
 */
public final class PolicyLoader {

    /** The system property naming the configuration file. */
    public static final String CONFIG_PROPERTY = "privacykit.config";
    /** The environment variable naming the configuration file when the system property is not set. */
    public static final String CONFIG_ENV = "PRIVACYKIT_CONFIG";
    /** The classpath resource read when neither names a file. */
    public static final String RESOURCE = "privacy.properties";

    private static final Logger LOG = LoggerFactory.getLogger(PolicyLoader.class);
    private static final String SUMMARY = "Invalid PrivacyKit configuration";
    private static final String DEFAULT_NAME = "default";
    private static final Path DEFAULT_DATA_DIR = Path.of("privacykit-data");
    private static final Duration DEFAULT_CONSENT_MAX_AGE = Duration.ofDays(365);
    private static final Duration DEFAULT_CACHE_TTL = Duration.ofHours(1);
    private static final Pattern OVERRIDE = Pattern.compile("([^=]+)=([A-Za-z]{2})(?:-([A-Za-z0-9]{1,3}))?");
    private static final String SECURE_PREFIX = "__Secure-";
    private static final String HOST_PREFIX = "__Host-";
    private static final String DEFAULT_COOKIE_NAME = "privacy_consent";

    private PolicyLoader() {
    }

    /**
     * The policy from the file named by {@code -Dprivacykit.config}, else by the environment
     * variable {@code PRIVACYKIT_CONFIG}, else the classpath resource {@code privacy.properties}
     * (context class loader), with system properties named like keys ({@code -Dprivacy.geo.database=...})
     * overriding it, and {@code PRIVACY_*} environment variables overriding both.
     *
     * @throws PolicyException listing every problem found
     */
    public static Policy load() {
        return load(System.getProperty(CONFIG_PROPERTY), System.getenv(), System.getProperties(),
                Thread.currentThread().getContextClassLoader());
    }

    /**
     * The policy in {@code file} (a properties file, read as UTF-8), with the {@code PRIVACY_*}
     * entries of {@code env} overriding it.
     *
     * @throws PolicyException listing every problem found
     */
    public static Policy load(Path file, Map<String, String> env) {
        return load(file, new Properties(), env);
    }

    private static Policy load(Path file, Properties system, Map<String, String> env) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new PolicyException(SUMMARY, List.of("configuration file " + file.toAbsolutePath()
                    + " does not exist or is not a readable file"));
        }
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return build(read(reader, file.toString()), system, env, SUMMARY + " in " + file.toAbsolutePath());
        } catch (IOException e) {
            throw new PolicyException(SUMMARY, List.of("cannot read configuration file " + file.toAbsolutePath() + ": " + e));
        }
    }

    /**
     * The policy in {@code props}, with the {@code PRIVACY_*} entries of {@code env} overriding it.
     *
     * @throws PolicyException listing every problem found
     */
    public static Policy fromProperties(Properties props, Map<String, String> env) {
        return build(props, new Properties(), env, SUMMARY);
    }

    /** {@link #load()} with its inputs passed in, so that the resolution order can be tested. */
    static Policy load(String configProperty, Map<String, String> env, ClassLoader loader) {
        return load(configProperty, env, new Properties(), loader);
    }

    /** {@link #load()} with its inputs passed in, system properties included. */
    static Policy load(String configProperty, Map<String, String> env, Properties system, ClassLoader loader) {
        if (configProperty != null && !configProperty.isBlank()) {
            return load(path(configProperty, "-D" + CONFIG_PROPERTY), system, env);
        }
        String configEnv = env.get(CONFIG_ENV);
        if (configEnv != null && !configEnv.isBlank()) {
            return load(path(configEnv, "environment variable " + CONFIG_ENV), system, env);
        }
        ClassLoader classLoader = loader != null ? loader : PolicyLoader.class.getClassLoader();
        URL resource = classLoader.getResource(RESOURCE);
        if (resource == null) {
            throw new PolicyException("No PrivacyKit configuration", List.of("no " + RESOURCE
                    + " on the classpath, and neither -D" + CONFIG_PROPERTY + " nor " + CONFIG_ENV + " names a file"));
        }
        try (InputStream in = resource.openStream()) {
            return build(read(new InputStreamReader(in, StandardCharsets.UTF_8), resource.toString()), system, env,
                    SUMMARY + " in " + resource);
        } catch (IOException e) {
            throw new PolicyException(SUMMARY, List.of("cannot read " + resource + ": " + e));
        }
    }

    private static Path path(String text, String origin) {
        try {
            return Path.of(text.trim());
        } catch (InvalidPathException e) {
            throw new PolicyException(SUMMARY, List.of(origin + " is not a file path: " + e.getMessage()));
        }
    }

    private static Properties read(Reader reader, String name) throws IOException {
        Properties props = new Properties();
        try {
            props.load(reader);
        } catch (IllegalArgumentException e) {
            throw new PolicyException(SUMMARY, List.of(name + " is not a properties file: " + e.getMessage()));
        }
        return props;
    }

    private static Policy build(Properties props, Properties system, Map<String, String> env, String summary) {
        ConfigValues config = ConfigValues.merge(props, system, env, new ArrayList<>());
        config.warnings().forEach(warning -> LOG.warn("PrivacyKit ignores an {} (not a PrivacyKit setting)", warning));

        String name = config.parsed(PolicyKeys.POLICY_NAME, DEFAULT_NAME, PolicyLoader::policyName,
                "a name of at most 100 characters without control characters");
        String version = config.required(PolicyKeys.POLICY_VERSION, Syntax::version,
                "1-32 letters, digits, '.', '_' or '-', starting with a letter or digit, such as 2024-03-01");
        LocalDate lastUpdated = config.required(PolicyKeys.POLICY_LAST_UPDATED, LocalDate::parse,
                "an ISO date such as 2024-03-01");
        int minimumAge = config.integer(PolicyKeys.POLICY_MINIMUM_AGE, 0, 0, 120);
        List<CookieCategory> categories = CategoryReader.read(config);
        UnclassifiedCookies unclassified = config.choice(PolicyKeys.COOKIES_UNCLASSIFIED, UnclassifiedCookies.BLOCK,
                codes(UnclassifiedCookies.values()), "block or allow");
        boolean catalogue = config.bool(PolicyKeys.COOKIES_CATALOGUE, true);
        Enforcement enforcement = config.choice(PolicyKeys.ENFORCEMENT, Enforcement.ENFORCE, codes(Enforcement.values()),
                "enforce or report-only");
        DntResponse dnt = config.choice(PolicyKeys.SIGNALS_DNT, DntResponse.IGNORE, codes(DntResponse.values()),
                "ignore or honor");
        boolean gpcEverywhere = config.choice(PolicyKeys.SIGNALS_GPC, false, Map.of("binding", false, "everywhere", true),
                "binding or everywhere");
        GeoSettings geo = geo(config);
        JurisdictionSettings jurisdiction = jurisdiction(config);
        ConsentSettings consent = consent(config);
        Path dataDirectory = dataDirectory(config);
        StoreSettings store = store(config, dataDirectory).withLedger(ledger(config, consent));
        WebSettings web = web(config);
        DeclaredPolicy collection = DeclarationReader.read(config, minimumAge, consent == null ? null : consent.ipHashKey());
        MailSettings mail = MailReader.read(config, dataDirectory);
        RightsSettings rights = rights(config);
        RetentionSettings retention = retention(config);

        if (!config.problems().isEmpty()) {
            throw new PolicyException(summary, config.problems());
        }
        return new Policy(name, version, lastUpdated, minimumAge, categories, unclassified,
                new SignalPolicy(dnt, gpcEverywhere), geo, jurisdiction, consent, store, web, dataDirectory,
                catalogue, enforcement, collection, mail, rights, retention);
    }

    private static RightsSettings rights(ConfigValues config) {
        RightsSettings defaults = RightsSettings.defaults();
        return new RightsSettings(
                config.duration(PolicyKeys.RIGHTS_VERIFICATION_TTL, defaults.verificationTtl()),
                config.duration(PolicyKeys.RIGHTS_EXPORT_TTL, defaults.exportTtl()),
                config.integer(PolicyKeys.RIGHTS_DUE_SOON_DAYS, defaults.dueSoonDays(), 0, 365),
                config.integer(PolicyKeys.RIGHTS_REQUESTS_PER_NETWORK, defaults.requestsPerNetworkHour(), 0, 100_000),
                config.integer(PolicyKeys.RIGHTS_REQUESTS_PER_EMAIL, defaults.requestsPerEmailHour(), 1, 1_000));
    }

    private static RetentionSettings retention(ConfigValues config) {
        RetentionSettings defaults = RetentionSettings.defaults();
        Period every = config.parsed(PolicyKeys.RETENTION_CLEANUP_EVERY, defaults.cleanupEvery(), text -> {
            Period p = Period.parse(text.toUpperCase(Locale.ROOT));
            long months = p.toTotalMonths();
            if (p.getDays() != 0 || months < 1 || 12 % months != 0) {
                throw new IllegalArgumentException("not a divisor of a year");
            }
            return p;
        }, "P1M, P2M, P3M, P4M, P6M or P1Y");
        Period backups = config.parsed(PolicyKeys.RETENTION_BACKUP_DELAY, defaults.backupDelay(), text -> {
            Period p = Period.parse(text.toUpperCase(Locale.ROOT));
            if (p.isNegative()) {
                throw new IllegalArgumentException("negative");
            }
            return p;
        }, "an ISO-8601 period such as P3M");
        List<RetentionRule> rules = config.list(PolicyKeys.RETENTION_RULES, List.of(), RetentionRule::parse,
                "entries <category>:<event>:<next-cleanup or ISO period>, such as account:account-deleted:next-cleanup");
        return new RetentionSettings(every, backups, rules);
    }

    private static String policyName(String text) {
        if (text.length() > 100 || text.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(text);
        }
        return text;
    }

    private static GeoSettings geo(ConfigValues config) {
        Path database = config.parsed(PolicyKeys.GEO_DATABASE, null, Path::of,
                "the path of a GeoIP2/GeoLite2 City or Country database");
        if (database != null && (!Files.isRegularFile(database) || !Files.isReadable(database))) {
            config.invalid(PolicyKeys.GEO_DATABASE, database.toString(),
                    "an existing, readable GeoIP2/GeoLite2 City or Country database file (.mmdb)");
        }
        List<Cidr> trustedProxies = config.list(PolicyKeys.GEO_TRUSTED_PROXIES, List.of(), Cidr::parse,
                "IPv4 or IPv6 CIDR ranges such as 10.0.0.0/8 or 2001:db8::/32");
        ForwardedHeader forwardedHeader = config.choice(PolicyKeys.GEO_FORWARDED_HEADER,
                ForwardedHeader.X_FORWARDED_FOR, codes(ForwardedHeader.values()), "x-forwarded-for or forwarded");
        // None by default: behind a proxy that is no CDN, any client can send CF-IPCountry and the like.
        Set<CdnProvider> cdnHeaders = EnumSet.noneOf(CdnProvider.class);
        if (config.get(PolicyKeys.GEO_CDN_HEADERS).filter(v -> v.equalsIgnoreCase("none")).isEmpty()) {
            Map<String, CdnProvider> providers = codes(CdnProvider.values());
            cdnHeaders.addAll(config.list(PolicyKeys.GEO_CDN_HEADERS, List.of(), code -> lookup(providers, code),
                    "cloudfront, cloudflare, vercel, appengine, or 'none' alone"));
        }
        List<LocationOverride> overrides = config.list(PolicyKeys.GEO_OVERRIDES, List.of(), PolicyLoader::override,
                "CIDR=CC or CIDR=CC-REGION (ISO 3166 codes) such as 10.0.0.0/8=DE or 192.168.1.0/24=US-CA");
        long cacheMaxSize = config.number(PolicyKeys.GEO_CACHE_MAX_SIZE, 100_000, 1, Long.MAX_VALUE);
        Duration cacheTtl = config.duration(PolicyKeys.GEO_CACHE_TTL, DEFAULT_CACHE_TTL);
        return new GeoSettings(Optional.ofNullable(database).map(Path::toAbsolutePath), trustedProxies,
                forwardedHeader, cdnHeaders, overrides, cacheMaxSize, cacheTtl);
    }

    private static LocationOverride override(String text) {
        Matcher m = OVERRIDE.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException(text);
        }
        return new LocationOverride(Cidr.parse(m.group(1)), m.group(2).toUpperCase(Locale.ROOT),
                m.group(3) == null ? null : m.group(3).toUpperCase(Locale.ROOT));
    }

    private static JurisdictionSettings jurisdiction(ConfigValues config) {
        JurisdictionSettings defaults = JurisdictionSettings.defaults();
        Map<String, Regime> regimes = new LinkedHashMap<>();
        for (Regime regime : Regime.values()) {
            regimes.put(regime.name(), regime);
        }
        Regime fallback = config.choice(PolicyKeys.JURISDICTION_FALLBACK, defaults.fallback(), regimes,
                "a regime code: " + String.join(", ", regimes.keySet()));
        Map<String, ConsentModel> models = new LinkedHashMap<>();
        for (ConsentModel model : ConsentModel.values()) {
            models.put(model.code(), model);
        }
        ConsentModel model = config.choice(PolicyKeys.JURISDICTION_CONSENT_MODEL, defaults.defaultConsentModel(), models,
                "opt-in, opt-out or notice");
        int days = config.integer(PolicyKeys.JURISDICTION_DEADLINE_DAYS, defaults.defaultDeadline().amount(), 1, 365);
        int extension = config.integer(PolicyKeys.JURISDICTION_EXTENSION_DAYS, defaults.defaultDeadline().extension(),
                0, 365);
        int childAge = config.integer(PolicyKeys.JURISDICTION_CHILD_CONSENT_AGE, defaults.defaultChildConsentAge(), 0, 21);
        boolean ukExemption = config.bool(PolicyKeys.JURISDICTION_UK_ANALYTICS_EXEMPTION, false);
        boolean notice = config.bool(PolicyKeys.BANNER_NOTICE_AT_COLLECTION, true);
        return new JurisdictionSettings(fallback, model, Deadline.of(days, DeadlineUnit.CALENDAR_DAYS, extension),
                childAge, jurisdictionOverrides(config), ukExemption, notice);
    }

    /** The regime-table override file; each of its problems is reported, all at once. */
    private static JurisdictionOverrides jurisdictionOverrides(ConfigValues config) {
        Path file = config.parsed(PolicyKeys.JURISDICTION_OVERRIDES, null, Path::of,
                "the path of a regime-table override file (docs/jurisdictions.md, \"Correcting the table\")");
        if (file == null) {
            return JurisdictionOverrides.NONE;
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            config.invalid(PolicyKeys.JURISDICTION_OVERRIDES, file.toString(), "an existing, readable override file");
            return JurisdictionOverrides.NONE;
        }
        List<String> problems = new ArrayList<>();
        JurisdictionOverrides overrides = JurisdictionOverrides.read(file.toAbsolutePath(), problems);
        problems.forEach(problem -> config.problem(PolicyKeys.JURISDICTION_OVERRIDES + ": " + problem));
        return overrides;
    }

    /** The consent settings, or null when a required secret is missing or invalid (already reported). */
    private static ConsentSettings consent(ConfigValues config) {
        boolean secure = config.bool(PolicyKeys.CONSENT_COOKIE_SECURE, true);
        // A __Host- cookie can be set only by this host, over HTTPS, for the whole site (RFC 6265bis
        // 4.1.3.2): a sibling subdomain cannot plant an "accept all" under the same name.
        String defaultName = secure ? HOST_PREFIX + DEFAULT_COOKIE_NAME : DEFAULT_COOKIE_NAME;
        String cookieName = config.parsed(PolicyKeys.CONSENT_COOKIE_NAME, defaultName, text -> {
            if (!Syntax.isCookieName(text)) {
                throw new IllegalArgumentException(text);
            }
            return text;
        }, "a cookie name (an RFC 6265 token: letters, digits and !#$%&'+-.^_`|~)");
        List<SigningKey> keys = signingKeys(config);
        Duration maxAge = config.parsed(PolicyKeys.CONSENT_MAX_AGE, DEFAULT_CONSENT_MAX_AGE, PolicyLoader::periodOrDuration,
                "a positive ISO-8601 period or duration such as P365D, P12M or P1Y");
        String reconsentBefore = config.parsed(PolicyKeys.CONSENT_RECONSENT_BEFORE, null, Syntax::version,
                "a policy version: 1-32 letters, digits, '.', '_' or '-', starting with a letter or digit");
        Map<String, String> sameSites = new LinkedHashMap<>();
        for (String value : List.of("Lax", "Strict", "None")) {
            sameSites.put(value, value);
        }
        String sameSite = config.choice(PolicyKeys.CONSENT_SAME_SITE, "Lax", sameSites, "Lax, Strict or None");
        if (!secure) {
            // RFC 6265bis 5.4.7 and 4.1.3: browsers drop SameSite=None and __Secure-/__Host- cookies without Secure.
            if (sameSite.equals("None")) {
                config.problem(config.label(PolicyKeys.CONSENT_SAME_SITE) + ": None requires "
                        + PolicyKeys.CONSENT_COOKIE_SECURE + "=true (browsers refuse SameSite=None cookies without Secure)");
            }
            if (cookieName.startsWith(SECURE_PREFIX) || cookieName.startsWith(HOST_PREFIX)) {
                config.problem(config.label(PolicyKeys.CONSENT_COOKIE_NAME) + ": a name starting with " + SECURE_PREFIX
                        + " or " + HOST_PREFIX + " requires " + PolicyKeys.CONSENT_COOKIE_SECURE + "=true");
            }
        }
        byte[] ipHashKey = config.required(PolicyKeys.CONSENT_IP_HASH_KEY, PolicyLoader::secret,
                "base64 of at least " + SigningKey.MIN_BYTES + " random bytes");
        long cacheMaxSize = config.number(PolicyKeys.CONSENT_CACHE_MAX_SIZE, ConsentSettings.DEFAULT_CACHE_MAX_SIZE, 1,
                Long.MAX_VALUE);
        if (keys.isEmpty() || ipHashKey == null) {
            return null;
        }
        return new ConsentSettings(cookieName, keys, maxAge, reconsentBefore, secure, sameSite, ipHashKey, cacheMaxSize);
    }

    /**
     * The ledger's keys ({@code privacy.ledger.keys}) followed, to verify only, by keys derived from
     * the consent cookie's, which seal the ledger when no key of its own is set.
     */
    private static LedgerSettings ledger(ConfigValues config, ConsentSettings consent) {
        List<SigningKey> own = config.get(PolicyKeys.LEDGER_KEYS).isPresent()
                ? signingKeys(config, PolicyKeys.LEDGER_KEYS, config.get(PolicyKeys.LEDGER_KEYS).get())
                : List.of();
        LedgerKeys derived = consent == null ? LedgerKeys.NONE : LedgerKeys.derivedFrom(consent.keys());
        LedgerSettings.VerifyOnStart verifyOnStart = config.choice(PolicyKeys.LEDGER_VERIFY_ON_START,
                LedgerSettings.VerifyOnStart.TAIL, codes(LedgerSettings.VerifyOnStart.values()), "none, tail or full");
        long verifyTail = config.number(PolicyKeys.LEDGER_VERIFY_TAIL, LedgerSettings.DEFAULT_VERIFY_TAIL, 1,
                Long.MAX_VALUE);
        return new LedgerSettings(LedgerKeys.of(own).followedBy(derived), verifyOnStart, verifyTail);
    }

    /** {@code id:base64secret,...}: the first signs, all verify. Only key ids ever appear in messages. */
    private static List<SigningKey> signingKeys(ConfigValues config) {
        String text = config.required(PolicyKeys.CONSENT_KEYS);
        if (text == null) {
            return List.of();
        }
        return signingKeys(config, PolicyKeys.CONSENT_KEYS, text);
    }

    private static List<SigningKey> signingKeys(ConfigValues config, String key, String text) {
        String label = config.label(key);
        List<SigningKey> keys = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        List<String> entries = ConfigValues.splitList(text);
        for (int i = 0; i < entries.size(); i++) {
            String entry = entries.get(i);
            int colon = entry.indexOf(':');
            String id = colon < 0 ? "" : entry.substring(0, colon).trim();
            String entryName = "entry " + (i + 1);
            if (colon < 0 || !SigningKey.ID.matcher(id).matches()) {
                config.problem(label + ": " + entryName + " (value not shown) is invalid; expected id:base64secret "
                        + "with an id of 1-16 letters, digits, '_' or '-'");
                continue;
            }
            if (!ids.add(id)) {
                config.problem(label + ": key id '" + id + "' is used twice");
                continue;
            }
            try {
                keys.add(new SigningKey(id, secret(entry.substring(colon + 1).trim())));
            } catch (IllegalArgumentException e) {
                config.problem(label + ": key '" + id + "' (value not shown) is invalid; expected base64 of at least "
                        + SigningKey.MIN_BYTES + " random bytes");
            }
        }
        if (keys.size() < entries.size()) {
            return List.of();
        }
        return keys;
    }

    /** Base64 (standard or URL-safe alphabet) of at least {@link SigningKey#MIN_BYTES} bytes. */
    private static byte[] secret(String text) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            bytes = Base64.getUrlDecoder().decode(text);
        }
        if (bytes.length < SigningKey.MIN_BYTES) {
            throw new IllegalArgumentException("too short");
        }
        return bytes;
    }

    /**
     * An ISO-8601 duration ({@code PT12H}, {@code P365D}) or period ({@code P12M}, {@code P1Y});
     * months and years count at their average Gregorian length ({@link ChronoUnit#MONTHS}).
     */
    private static Duration periodOrDuration(String text) {
        String upper = text.toUpperCase(Locale.ROOT);
        Duration duration;
        if (upper.contains("T")) {
            duration = Duration.parse(upper);
        } else {
            Period period = Period.parse(upper);
            duration = ChronoUnit.YEARS.getDuration().multipliedBy(period.getYears())
                    .plus(ChronoUnit.MONTHS.getDuration().multipliedBy(period.getMonths()))
                    .plus(ChronoUnit.DAYS.getDuration().multipliedBy(period.getDays()));
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("not positive");
        }
        return duration;
    }

    private static Path dataDirectory(ConfigValues config) {
        Path dir = config.parsed(PolicyKeys.DATA_DIR, DEFAULT_DATA_DIR, Path::of, "a directory path")
                .toAbsolutePath().normalize();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            config.invalid(PolicyKeys.DATA_DIR, dir.toString(), "a directory (or a path where one can be created)");
        }
        return dir;
    }

    private static StoreSettings store(ConfigValues config, Path dataDirectory) {
        String defaultUrl = "jdbc:h2:file:" + dataDirectory.resolve("privacykit") + ";AUTO_SERVER=FALSE";
        String url = config.parsed(PolicyKeys.STORE_URL, defaultUrl, text -> {
            if (!text.startsWith("jdbc:") || text.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("not a JDBC URL");
            }
            return text;
        }, "a JDBC URL such as jdbc:postgresql://db.internal:5432/privacy");
        String user = config.string(PolicyKeys.STORE_USER, "");
        String password = config.string(PolicyKeys.STORE_PASSWORD, "");
        int poolSize = config.integer(PolicyKeys.STORE_POOL_SIZE, 10, 1, 1000);
        return new StoreSettings(url, user, password, poolSize);
    }

    private static WebSettings web(ConfigValues config) {
        String prefix = config.parsed(PolicyKeys.WEB_PREFIX, "/privacy", Syntax::prefix,
                "a path that starts with '/' and does not end with '/', such as /privacy");
        List<String> origins = List.copyOf(new LinkedHashSet<>(config.list(PolicyKeys.WEB_ALLOWED_ORIGINS, List.of(),
                Syntax::origin, "origins http(s)://host[:port] without path, such as https://www.example.com")));
        CspMode csp = config.choice(PolicyKeys.CSP, CspMode.OFF, codes(CspMode.values()),
                "off, enforce or report-only");
        int consentChanges = config.integer(PolicyKeys.WEB_CONSENT_RATE_LIMIT,
                WebSettings.DEFAULT_CONSENT_CHANGES_PER_MINUTE, 0, 1_000_000);
        Optional<String> adminToken = config.get(PolicyKeys.ADMIN_TOKEN).map(String::strip).filter(t -> !t.isEmpty());
        if (adminToken.isPresent() && (adminToken.get().length() < WebSettings.MIN_ADMIN_TOKEN_LENGTH
                || adminToken.get().chars().anyMatch(c -> c <= ' ' || c > '~'))) {
            config.problem(config.label(PolicyKeys.ADMIN_TOKEN) + ": the value (not shown) is invalid; expected at least "
                    + WebSettings.MIN_ADMIN_TOKEN_LENGTH + " printable ASCII characters, such as the output of"
                    + " 'openssl rand -base64 32'");
            adminToken = Optional.empty();
        }
        return new WebSettings(prefix, origins, csp, consentChanges, adminToken);
    }

    /** Enum constants by configuration code: lower case, '_' as '-'. */
    private static <E extends Enum<E>> Map<String, E> codes(E[] values) {
        Map<String, E> codes = new LinkedHashMap<>();
        for (E value : values) {
            codes.put(value.name().toLowerCase(Locale.ROOT).replace('_', '-'), value);
        }
        return codes;
    }

    private static <T> T lookup(Map<String, T> codes, String code) {
        T value = codes.get(code.toLowerCase(Locale.ROOT));
        if (value == null) {
            throw new IllegalArgumentException(code);
        }
        return value;
    }
}
