package io.privacykit.policy;

import io.privacykit.collection.DeclaredPolicy;
import io.privacykit.consent.ConsentSettings;
import io.privacykit.consent.CookieCategory;
import io.privacykit.consent.CookieCatalogue;
import io.privacykit.consent.CookieClassifier;
import io.privacykit.consent.FrameworkCookies;
import io.privacykit.consent.SignalPolicy;
import io.privacykit.consent.UnclassifiedCookies;
import io.privacykit.geo.GeoSettings;
import io.privacykit.jurisdiction.JurisdictionSettings;
import io.privacykit.mail.MailSettings;
import io.privacykit.rights.RetentionSettings;
import io.privacykit.rights.RightsSettings;
import io.privacykit.store.StoreSettings;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A privacy policy as PrivacyKit enforces it: immutable, validated, loaded from
 * {@code privacy.properties} by {@link PolicyLoader}. Each feature reads its own settings record.
 *
 * @param name                the policy's name, e.g. {@code us-saas}
 * @param version             the policy version consents are given under (e.g. {@code 2020-04-01})
 * @param lastUpdated         the "Last Updated" date the policy shows
 * @param minimumAge          the youngest age the service collects data from (e.g. 16); 0 for none stated
 * @param categories          cookie categories; {@code necessary} first and always present
 * @param unclassifiedCookies what happens to cookies no category names
 * @param signals             how GPC and DNT are treated
 * @param geo                 geolocation settings
 * @param jurisdiction        jurisdiction settings
 * @param consent             consent cookie and ledger settings
 * @param store               storage settings
 * @param web                 endpoint settings
 * @param dataDirectory       where the embedded store and generated secrets live
 * @param cookieCatalogue     whether cookies the policy does not list are looked up in the {@link CookieCatalogue}
 * @param enforcement         whether cookies are withheld or only reported
 * @param collection          the personal information the policy declares, and its controller
 * @param mail                how PrivacyKit sends mail ({@code privacy.mail.*})
 * @param rights              data-subject request settings
 * @param retention           retention rules and the purge schedule
 */
public record Policy(String name, String version, LocalDate lastUpdated, int minimumAge,
                     List<CookieCategory> categories, UnclassifiedCookies unclassifiedCookies,
                     SignalPolicy signals, GeoSettings geo, JurisdictionSettings jurisdiction,
                     ConsentSettings consent, StoreSettings store, WebSettings web, Path dataDirectory,
                     boolean cookieCatalogue, Enforcement enforcement,
                     DeclaredPolicy collection, MailSettings mail, RightsSettings rights,
                     RetentionSettings retention) {
    public Policy {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(lastUpdated, "lastUpdated");
        categories = List.copyOf(categories);
        if (categories.isEmpty() || !categories.get(0).name().equals(CookieCategory.NECESSARY)) {
            throw new IllegalArgumentException("the first category must be 'necessary'");
        }
        Objects.requireNonNull(unclassifiedCookies, "unclassifiedCookies");
        Objects.requireNonNull(signals, "signals");
        Objects.requireNonNull(geo, "geo");
        Objects.requireNonNull(jurisdiction, "jurisdiction");
        Objects.requireNonNull(consent, "consent");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(web, "web");
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(enforcement, "enforcement");
        Objects.requireNonNull(collection, "collection");
        Objects.requireNonNull(mail, "mail");
        Objects.requireNonNull(rights, "rights");
        Objects.requireNonNull(retention, "retention");
    }

    /** A policy that sends no mail, with the default rights and retention settings. */
    public Policy(String name, String version, LocalDate lastUpdated, int minimumAge,
                  List<CookieCategory> categories, UnclassifiedCookies unclassifiedCookies,
                  SignalPolicy signals, GeoSettings geo, JurisdictionSettings jurisdiction,
                  ConsentSettings consent, StoreSettings store, WebSettings web, Path dataDirectory,
                  boolean cookieCatalogue, Enforcement enforcement, DeclaredPolicy collection) {
        this(name, version, lastUpdated, minimumAge, categories, unclassifiedCookies, signals, geo, jurisdiction,
                consent, store, web, dataDirectory, cookieCatalogue, enforcement, collection, MailSettings.disabled(),
                RightsSettings.defaults(), RetentionSettings.defaults());
    }

    /** The category called {@code name}, if the policy declares it. */
    public Optional<CookieCategory> category(String name) {
        return categories.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /**
     * A classifier of this policy's cookies, then of the framework cookies with {@code JSESSIONID}
     * as the session cookie, then, unless turned off, of the cookie catalogue. Built anew on each
     * call: build it once and keep it where cookies are classified per response.
     */
    public CookieClassifier cookieClassifier() {
        return cookieClassifier(FrameworkCookies.DEFAULT_SESSION_COOKIE);
    }

    /** {@link #cookieClassifier()} with the container's session cookie called {@code sessionCookie}. */
    public CookieClassifier cookieClassifier(String sessionCookie) {
        return new CookieClassifier(categories, FrameworkCookies.names(sessionCookie),
                cookieCatalogue ? CookieCatalogue.standard() : null);
    }
}
