package io.privacykit.geo.maxmind;

import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.model.CityResponse;
import com.maxmind.geoip2.model.CountryResponse;
import com.maxmind.geoip2.record.Country;
import com.maxmind.geoip2.record.Subdivision;

import io.privacykit.geo.GeoLocator;
import io.privacykit.geo.GeoLocators;
import io.privacykit.geo.GeoQuery;
import io.privacykit.geo.Location;
import io.privacykit.geo.LocationSource;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Places addresses with a MaxMind GeoIP2/GeoLite2 City or Country database through MaxMind's own
 * {@link DatabaseReader}: the country, and from a City file the most specific subdivision (a US
 * state or Canadian province, which have one level; {@code CAM} rather than {@code ENG} for
 * Cambridgeshire, as the CLI contract shows). Thread-safe; never throws from {@link #locate}.
 */
public final class MaxMindGeoLocator implements GeoLocator, Closeable {

    private static final String HOW_TO_FIX = GeoLocators.HOW_TO_FIX;

    private final DatabaseReader reader;
    private final boolean city;
    private final String databaseType;
    private volatile boolean faulted;

    private MaxMindGeoLocator(DatabaseReader reader, boolean city, String databaseType) {
        this.reader = reader;
        this.city = city;
        this.databaseType = databaseType;
    }

    /**
     * Opens a City or Country database (memory-mapped).
     *
     * @throws IllegalArgumentException naming the path and what to do when the file is missing,
     *                                  unreadable, not a MaxMind database, or of another type
     */
    public static MaxMindGeoLocator open(Path database) {
        Objects.requireNonNull(database, "database");
        if (!Files.isRegularFile(database)) {
            throw new IllegalArgumentException("GeoIP database " + database + " does not exist or is not a file: "
                    + HOW_TO_FIX);
        }
        DatabaseReader reader;
        try {
            reader = new DatabaseReader.Builder(database.toFile()).build();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("GeoIP database " + database + " cannot be read (" + e.getMessage()
                    + "): " + HOW_TO_FIX, e);
        }
        return checked(reader, database.toString());
    }

    private static MaxMindGeoLocator checked(DatabaseReader reader, String database) {
        String type = String.valueOf(reader.metadata().databaseType());
        // MaxMind's own reader treats "Enterprise" files as City files and "City" files as Country files too.
        boolean city = type.contains("City") || type.contains("Enterprise");
        if (!city && !type.contains("Country")) {
            closeQuietly(reader);
            throw new IllegalArgumentException("GeoIP database " + database + " is a " + type
                    + " database, which holds no locations: " + HOW_TO_FIX);
        }
        return new MaxMindGeoLocator(reader, city, type);
    }

    /**
     * Reads a City or Country database from a stream into memory (about the file's size of heap),
     * for a database that ships inside a jar. Closes nothing: the caller closes {@code in}.
     *
     * @param description how to name the source in an error, e.g. the resource name
     * @throws IllegalArgumentException when the stream is not a usable MaxMind database
     */
    public static MaxMindGeoLocator read(InputStream in, String description) {
        Objects.requireNonNull(in, "in");
        DatabaseReader reader;
        try {
            reader = new DatabaseReader.Builder(in).build();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("GeoIP database " + description + " cannot be read (" + e.getMessage()
                    + "): " + HOW_TO_FIX, e);
        }
        return checked(reader, description);
    }

    /** The database type from the file's metadata, e.g. {@code GeoLite2-City}. */
    public String databaseType() {
        return databaseType;
    }

    @Override
    public Optional<Location> locate(GeoQuery query) {
        return locate(query.client());
    }

    /** The location of {@code address}, or empty when the database does not place it. */
    public Optional<Location> locate(InetAddress address) {
        try {
            return city ? reader.tryCity(address).flatMap(MaxMindGeoLocator::fromCity)
                    : reader.tryCountry(address).flatMap(MaxMindGeoLocator::fromCountry);
        } catch (IOException | com.maxmind.geoip2.exception.GeoIp2Exception | RuntimeException e) {
            // A damaged (or rewritten) file or a closed reader: this visitor is unknown, the request goes on.
            faulted = true;
            return Optional.empty();
        } catch (InternalError e) {
            // The memory-mapped file was overwritten in place (an update that did not rename a new
            // file over it): reads fault. Unknown visitor, strict fallback; the watcher reopens it.
            faulted = true;
            return Optional.empty();
        }
    }

    /** Whether a read failed since the last {@link #clearFault()}: the file may have changed under it. */
    boolean faulted() {
        return faulted;
    }

    void clearFault() {
        faulted = false;
    }

    private static Optional<Location> fromCity(CityResponse response) {
        String country = isoCode(response.country());
        if (country == null) {
            return Optional.empty();
        }
        List<Subdivision> subdivisions = response.subdivisions();
        String region = subdivisions == null || subdivisions.isEmpty() ? null
                : subdivisions.get(subdivisions.size() - 1).isoCode();
        return Optional.of(new Location(country, region, LocationSource.DATABASE));
    }

    private static Optional<Location> fromCountry(CountryResponse response) {
        String country = isoCode(response.country());
        return country == null ? Optional.empty() : Optional.of(Location.of(country, LocationSource.DATABASE));
    }

    private static String isoCode(Country country) {
        return country == null ? null : country.isoCode();
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void closeQuietly(DatabaseReader reader) {
        try {
            reader.close();
        } catch (IOException ignored) {
            // already failing with a clearer message
        }
    }
}
