package io.privacykit.policy;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The names of every configuration key, and how a key becomes an environment variable. */
final class PolicyKeys {

    static final String POLICY_NAME = "privacy.policy.name";
    static final String POLICY_VERSION = "privacy.policy.version";
    static final String POLICY_LAST_UPDATED = "privacy.policy.last-updated";
    static final String POLICY_MINIMUM_AGE = "privacy.policy.minimum-age";

    static final String CATEGORIES = "privacy.categories";
    static final String COOKIES_PREFIX = "privacy.cookies.";
    static final String HOSTS_PREFIX = "privacy.hosts.";
    static final String SALE_PREFIX = "privacy.sale.";
    static final String COOKIES_UNCLASSIFIED = "privacy.cookies.unclassified";
    static final String COOKIES_CATALOGUE = "privacy.cookies.catalogue";
    static final String ENFORCEMENT = "privacy.enforcement";

    static final String SIGNALS_DNT = "privacy.signals.dnt";
    static final String SIGNALS_GPC = "privacy.signals.gpc";

    static final String GEO_DATABASE = "privacy.geo.database";
    static final String GEO_TRUSTED_PROXIES = "privacy.geo.trusted-proxies";
    static final String GEO_FORWARDED_HEADER = "privacy.geo.forwarded-header";
    static final String GEO_CDN_HEADERS = "privacy.geo.cdn-headers";
    static final String GEO_OVERRIDES = "privacy.geo.overrides";
    static final String GEO_CACHE_MAX_SIZE = "privacy.geo.cache.max-size";
    static final String GEO_CACHE_TTL = "privacy.geo.cache.ttl";

    static final String JURISDICTION_FALLBACK = "privacy.jurisdiction.fallback";
    static final String JURISDICTION_CONSENT_MODEL = "privacy.jurisdiction.default.consent-model";
    static final String JURISDICTION_DEADLINE_DAYS = "privacy.jurisdiction.default.deadline-days";
    static final String JURISDICTION_EXTENSION_DAYS = "privacy.jurisdiction.default.extension-days";
    static final String JURISDICTION_CHILD_CONSENT_AGE = "privacy.jurisdiction.default.child-consent-age";
    static final String JURISDICTION_OVERRIDES = "privacy.jurisdiction.overrides";
    static final String JURISDICTION_UK_ANALYTICS_EXEMPTION = "privacy.jurisdiction.uk-analytics-exemption";
    static final String BANNER_NOTICE_AT_COLLECTION = "privacy.banner.notice-at-collection";

    static final String CONSENT_COOKIE_NAME = "privacy.consent.cookie-name";
    static final String CONSENT_KEYS = "privacy.consent.keys";
    static final String CONSENT_MAX_AGE = "privacy.consent.max-age";
    static final String CONSENT_RECONSENT_BEFORE = "privacy.consent.reconsent-before";
    static final String CONSENT_COOKIE_SECURE = "privacy.consent.cookie-secure";
    static final String CONSENT_SAME_SITE = "privacy.consent.same-site";
    static final String CONSENT_IP_HASH_KEY = "privacy.consent.ip-hash-key";
    static final String CONSENT_CACHE_MAX_SIZE = "privacy.consent.cache.max-size";

    static final String DATA_DIR = "privacy.data-dir";
    static final String STORE_URL = "privacy.store.url";
    static final String STORE_USER = "privacy.store.user";
    static final String STORE_PASSWORD = "privacy.store.password";
    static final String STORE_POOL_SIZE = "privacy.store.pool-size";

    static final String WEB_PREFIX = "privacy.web.prefix";
    static final String WEB_ALLOWED_ORIGINS = "privacy.web.allowed-origins";
    static final String WEB_CONSENT_RATE_LIMIT = "privacy.web.consent-rate-limit";
    static final String CSP = "privacy.csp";
    static final String ADMIN_TOKEN = "privacy.admin.token";

    static final String RIGHTS_VERIFICATION_TTL = "privacy.rights.verification-ttl";
    static final String RIGHTS_EXPORT_TTL = "privacy.rights.export-ttl";
    static final String RIGHTS_DUE_SOON_DAYS = "privacy.rights.due-soon-days";
    static final String RIGHTS_REQUESTS_PER_NETWORK = "privacy.rights.requests-per-network-per-hour";
    static final String RIGHTS_REQUESTS_PER_EMAIL = "privacy.rights.requests-per-email-per-hour";
    static final String RETENTION_CLEANUP_EVERY = "privacy.retention.cleanup-every";
    static final String RETENTION_BACKUP_DELAY = "privacy.retention.backup-delay";
    static final String RETENTION_RULES = "privacy.retention.rules";
    static final String LEDGER_KEYS = "privacy.ledger.keys";
    static final String LEDGER_VERIFY_ON_START = "privacy.ledger.verify-on-start";
    static final String LEDGER_VERIFY_TAIL = "privacy.ledger.verify-tail";

    /** Every key whose name does not depend on the declared categories. */
    static final List<String> FIXED = List.of(
            POLICY_NAME, POLICY_VERSION, POLICY_LAST_UPDATED, POLICY_MINIMUM_AGE,
            CATEGORIES, COOKIES_UNCLASSIFIED, COOKIES_CATALOGUE, ENFORCEMENT, SIGNALS_DNT, SIGNALS_GPC,
            GEO_DATABASE, GEO_TRUSTED_PROXIES, GEO_FORWARDED_HEADER, GEO_CDN_HEADERS, GEO_OVERRIDES, GEO_CACHE_MAX_SIZE, GEO_CACHE_TTL,
            JURISDICTION_FALLBACK, JURISDICTION_CONSENT_MODEL, JURISDICTION_DEADLINE_DAYS,
            JURISDICTION_EXTENSION_DAYS, JURISDICTION_CHILD_CONSENT_AGE, JURISDICTION_OVERRIDES,
            JURISDICTION_UK_ANALYTICS_EXEMPTION, BANNER_NOTICE_AT_COLLECTION,
            CONSENT_COOKIE_NAME, CONSENT_KEYS, CONSENT_MAX_AGE, CONSENT_RECONSENT_BEFORE, CONSENT_COOKIE_SECURE,
            CONSENT_SAME_SITE, CONSENT_IP_HASH_KEY, CONSENT_CACHE_MAX_SIZE,
            DATA_DIR, STORE_URL, STORE_USER, STORE_PASSWORD, STORE_POOL_SIZE,
            WEB_PREFIX, WEB_ALLOWED_ORIGINS, WEB_CONSENT_RATE_LIMIT, CSP, ADMIN_TOKEN,
            RIGHTS_VERIFICATION_TTL, RIGHTS_EXPORT_TTL, RIGHTS_DUE_SOON_DAYS, RIGHTS_REQUESTS_PER_NETWORK,
            RIGHTS_REQUESTS_PER_EMAIL,
            RETENTION_CLEANUP_EVERY, RETENTION_BACKUP_DELAY, RETENTION_RULES,
            LEDGER_KEYS, LEDGER_VERIFY_ON_START, LEDGER_VERIFY_TAIL);

    static final String COMMUNICATION_UNSUBSCRIBE_KEY = "privacy.communication.unsubscribe-key";

    /**
     * Keys whose values are never repeated in a message. The store URL may embed a password
     * ({@code ?password=...}), so it is treated as one.
     */
    static final Set<String> SECRET = Set.of(CONSENT_KEYS, CONSENT_IP_HASH_KEY, STORE_PASSWORD, STORE_URL, ADMIN_TOKEN,
            LEDGER_KEYS, COMMUNICATION_UNSUBSCRIBE_KEY);

    /** The {@code privacy.cookies.*} keys that name no category. */
    static final Set<String> RESERVED_COOKIE_KEYS = Set.of(COOKIES_UNCLASSIFIED, COOKIES_CATALOGUE);

    /** The prefix every environment variable of PrivacyKit starts with. */
    static final String ENV_PREFIX = "PRIVACY_";
    /** The prefix of the system properties read as keys ({@code -Dprivacy.geo.database=...}). */
    static final String SYSTEM_PREFIX = "privacy.";

    private PolicyKeys() {
    }

    /** {@code privacy.geo.cache.max-size} -> {@code PRIVACY_GEO_CACHE_MAX_SIZE}. */
    static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The per-category keys of {@code category}: its cookies, hosts and sale flag. */
    static List<String> categoryKeys(String category) {
        return List.of(COOKIES_PREFIX + category, HOSTS_PREFIX + category, SALE_PREFIX + category);
    }

    /**
     * The category a per-category key names ({@code privacy.hosts.chat} -> {@code chat}), or
     * null when {@code key} is not shaped like one.
     */
    static String categoryOf(String key) {
        for (String prefix : List.of(COOKIES_PREFIX, HOSTS_PREFIX, SALE_PREFIX)) {
            if (key.startsWith(prefix) && key.length() > prefix.length() && !RESERVED_COOKIE_KEYS.contains(key)) {
                String rest = key.substring(prefix.length());
                return rest.indexOf('.') < 0 ? rest : null;
            }
        }
        return null;
    }

    /**
     * The key an environment variable of a per-category key stands for
     * ({@code PRIVACY_COOKIES_LIVE_CHAT} -> {@code privacy.cookies.live-chat}; category names
     * never contain '_'), or null.
     */
    static String categoryKeyOfEnv(String envName) {
        for (String prefix : List.of(COOKIES_PREFIX, HOSTS_PREFIX, SALE_PREFIX)) {
            String envPrefix = envName(prefix);
            if (envName.startsWith(envPrefix) && envName.length() > envPrefix.length()) {
                return prefix + envName.substring(envPrefix.length()).toLowerCase(Locale.ROOT).replace('_', '-');
            }
        }
        return null;
    }

    // --- Declared collection of personal information and the controller (DeclarationReader) ---

    static final String COLLECTION_PREFIX = "privacy.collection.";
    static final String COLLECTION_MODE = "privacy.collection.mode";
    static final String COLLECTION_SUBJECT_KEY = "privacy.collection.subject-key";
    static final String COLLECTION_QUEUE_SIZE = "privacy.collection.queue-size";
    static final String COLLECTION_CUSTOM_CATEGORIES = "privacy.collection.custom-categories";
    static final String COLLECTION_CUSTOM_PURPOSES = "privacy.collection.custom-purposes";
    /** The fields of each category, {@code privacy.collection.<id>.<field>}. */
    static final List<String> COLLECTION_FIELDS = List.of("collected", "sources", "purposes", "legal-basis",
            "recipients", "sold", "shared", "retention", "data-categories", "special-condition");

    static final String CONTROLLER_NAME = "privacy.controller.name";
    static final String CONTROLLER_ADDRESS = "privacy.controller.address";
    static final String CONTROLLER_EMAIL = "privacy.controller.email";
    static final String CONTROLLER_PHONE = "privacy.controller.phone";
    static final String CONTROLLER_ROLE = "privacy.controller.role";
    static final String CONTROLLER_DPO_NAME = "privacy.controller.dpo.name";
    static final String CONTROLLER_DPO_EMAIL = "privacy.controller.dpo.email";
    static final String CONTROLLER_REPRESENTATIVE_PREFIX = "privacy.controller.representative.";
    /** GDPR Art. 27, UK GDPR Art. 27, Swiss FADP Art. 14. */
    static final List<String> CONTROLLER_REPRESENTATIVE_TERRITORIES = List.of("eu", "uk", "ch");
    static final String CONTROLLER_REGISTRATIONS = "privacy.controller.registrations";
    static final String CONTROLLER_SUB_PROCESSORS = "privacy.controller.sub-processors";
    static final String CONTROLLER_TRANSFERS = "privacy.controller.transfers";

    /** Every collection and controller key whose name does not depend on a category id. */
    static final List<String> COLLECTION_FIXED = List.of(
            COLLECTION_MODE, COLLECTION_SUBJECT_KEY, COMMUNICATION_UNSUBSCRIBE_KEY, COLLECTION_QUEUE_SIZE, COLLECTION_CUSTOM_CATEGORIES,
            COLLECTION_CUSTOM_PURPOSES,
            CONTROLLER_NAME, CONTROLLER_ADDRESS, CONTROLLER_EMAIL, CONTROLLER_PHONE, CONTROLLER_ROLE,
            CONTROLLER_DPO_NAME, CONTROLLER_DPO_EMAIL,
            CONTROLLER_REPRESENTATIVE_PREFIX + "eu", CONTROLLER_REPRESENTATIVE_PREFIX + "uk",
            CONTROLLER_REPRESENTATIVE_PREFIX + "ch",
            CONTROLLER_REGISTRATIONS, CONTROLLER_SUB_PROCESSORS, CONTROLLER_TRANSFERS);

    // --- Mail (MailReader) ---

    static final String MAIL_TRANSPORT = "privacy.mail.transport";
    static final String MAIL_FROM = "privacy.mail.from";
    static final String MAIL_SMTP_HOST = "privacy.mail.smtp.host";
    static final String MAIL_SMTP_PORT = "privacy.mail.smtp.port";
    static final String MAIL_SMTP_USERNAME = "privacy.mail.smtp.username";
    /** A secret: MailReader never repeats its value. */
    static final String MAIL_SMTP_PASSWORD = "privacy.mail.smtp.password";
    static final String MAIL_SMTP_SECURITY = "privacy.mail.smtp.security";
    static final String MAIL_SMTP_TIMEOUT = "privacy.mail.smtp.timeout";
    static final String MAIL_OUTBOX_DIR = "privacy.mail.outbox.dir";

    /** Every mail key. */
    static final List<String> MAIL = List.of(MAIL_TRANSPORT, MAIL_FROM, MAIL_SMTP_HOST, MAIL_SMTP_PORT,
            MAIL_SMTP_USERNAME, MAIL_SMTP_PASSWORD, MAIL_SMTP_SECURITY, MAIL_SMTP_TIMEOUT, MAIL_OUTBOX_DIR);
}
