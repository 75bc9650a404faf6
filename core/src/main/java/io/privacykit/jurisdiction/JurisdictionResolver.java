package io.privacykit.jurisdiction;

import io.privacykit.geo.Location;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * Maps a visitor's {@link Location} to the {@link Jurisdiction} whose rules apply at the
 * {@link Clock}'s current time, from PrivacyKit's own country and subdivision tables (never a
 * database's EU flag). Immutable and thread-safe; the tables are precomputed, so a lookup reads
 * two hash maps, the clock for US states only, and allocates only the result.
 *
 * <p>A law's dates (effective date, universal opt-out duty, minors rule) start at midnight in the
 * clock's zone. A location without a country gets the configured fallback regime.
 */
public final class JurisdictionResolver {

    private final Clock clock;
    private final RegimeRules defaults;
    private final RegimeRules fallback;
    private final Map<String, RegimeTable.Place> places;

    /** A resolver for the given configuration, evaluating dated rules against {@code clock}. */
    public JurisdictionResolver(JurisdictionSettings settings, Clock clock) {
        Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.defaults = RegimeTable.defaults(settings);
        this.fallback = RegimeTable.fallback(settings.fallback(), defaults);
        this.places = RegimeTable.places(defaults, clock.getZone());
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
        String country = at.country();
        if (country == null) {
            return fallback.at(at);
        }
        RegimeTable.Place place = places.get(country);
        if (place == null) {
            return defaults.at(at);
        }
        return place.timeline(at.region()).at(clock).at(at);
    }
}
