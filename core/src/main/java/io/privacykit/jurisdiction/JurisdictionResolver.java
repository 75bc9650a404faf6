package io.privacykit.jurisdiction;

import io.privacykit.geo.Location;
import io.privacykit.geo.LocationSource;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps a visitor's {@link Location} to the {@link Jurisdiction} whose rules apply at the
 * {@link Clock}'s current time, from PrivacyKit's own country and subdivision tables (never a
 * database's EU flag). Immutable and thread-safe; the tables are precomputed, so a lookup reads
 * two hash maps and the clock, and allocates only the result.
 *
 * <p>A law's dates (effective date, universal opt-out duty, minors rule) start at midnight in the
 * clock's zone. A location without a country gets the configured fallback regime.
 */
public final class JurisdictionResolver {

    private final Clock clock;
    private final RegimeRules defaults;
    private final RegimeRules fallback;
    private final Map<String, RegimeTable.Place> places;

    private static final Pattern RESIDENCE = Pattern.compile("([A-Za-z]{2})(?:-([A-Za-z0-9]{1,3}))?");

    /** A resolver for the given configuration, evaluating dated rules against {@code clock}. */
    public JurisdictionResolver(JurisdictionSettings settings, Clock clock) {
        Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.defaults = RegimeTable.defaults(settings);
        List<UsStateLaw> laws = RegimeTable.stateLaws(settings.overrides());
        this.fallback = RegimeTable.fallback(settings.fallback(), defaults, laws);
        this.places = RegimeTable.places(defaults, clock.getZone(), laws, settings.overrides());
    }

    /**
     * The jurisdiction of a visitor at {@code location} now. An unknown location (no country, or
     * {@code null}) gets the configured fallback regime; a country or subdivision without its own
     * regime gets {@link Regime#DEFAULT}. The US without a known state gets {@link Regime#US_STATE}
     * with the strictest rules of the state laws in force, since the visitor may be in any of those
     * states. Never throws.
     */
    public Jurisdiction resolve(Location location) {
        Location at = location == null ? Location.UNKNOWN : location;
        Timeline timeline = timeline(at);
        if (timeline == null) {
            return (at.country() == null ? fallback : defaults).at(at);
        }
        return timeline.at(clock.millis()).at(at);
    }

    /**
     * The first instant after {@code epochMilli} at which the rules at {@code location} change (a
     * state law taking effect, a minors rule starting), or {@link Long#MAX_VALUE} when none is
     * known: until then {@link #resolve} answers for the location as it did at {@code epochMilli}.
     */
    public long rulesChangeAfter(Location location, long epochMilli) {
        Timeline timeline = timeline(location == null ? Location.UNKNOWN : location);
        return timeline == null ? Long.MAX_VALUE : timeline.stepUntil(epochMilli);
    }

    /** The dated rules of a location's place, or null for the fallback and default rules, which never change. */
    private Timeline timeline(Location at) {
        String country = at.country();
        RegimeTable.Place place = country == null ? null : places.get(country);
        return place == null ? null : place.timeline(at.region());
    }

    /**
     * The jurisdiction of a person by their declared residence, such as {@code "US-CA"}, {@code "DE"}
     * or {@code "CA-QC"} (ISO 3166-1 alpha-2, optionally {@code -} and the ISO 3166-2 subdivision),
     * for an app that knows where a signed-in person lives: US state laws protect residents wherever
     * they browse from. The location's source is {@link LocationSource#OVERRIDE}; the caller records
     * that it was declared.
     *
     * @throws IllegalArgumentException when {@code declared} is no such code (the message says why)
     */
    public Jurisdiction resolveResidence(String declared) {
        return resolve(residence(declared));
    }

    /**
     * The location a declared residence such as {@code "US-CA"} names, source {@link LocationSource#OVERRIDE}.
     *
     * @throws IllegalArgumentException when {@code declared} is no ISO 3166 code such as US-CA or DE
     */
    public static Location residence(String declared) {
        Matcher m = declared == null ? null : RESIDENCE.matcher(declared.trim());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("a residence is an ISO 3166 code such as US-CA, CA-QC or DE, not '"
                    + (declared == null ? "" : shown(declared)) + "'");
        }
        return new Location(m.group(1).toUpperCase(Locale.ROOT),
                m.group(2) == null ? null : m.group(2).toUpperCase(Locale.ROOT), LocationSource.OVERRIDE);
    }

    private static String shown(String text) {
        String stripped = text.strip().replaceAll("\\p{Cntrl}", "?");
        return stripped.length() > 20 ? stripped.substring(0, 20) + "..." : stripped;
    }
}
