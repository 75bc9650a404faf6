package io.privacykit.geo.maxmind;

import com.maxmind.db.CHMCache;
import com.maxmind.db.MaxMindDbConstructor;
import com.maxmind.db.MaxMindDbParameter;
import com.maxmind.db.NodeCache;
import com.maxmind.db.Reader;

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
 * DB {@link Reader}: the country, and from a City file the most specific subdivision (a US state
 * or Canadian province, which have one level; {@code CAM} rather than {@code ENG} for
 * Cambridgeshire, as the CLI contract shows). Only those ISO codes are decoded: the reader skips
 * the rest of the record (names in many languages, postal codes, coordinates), which GeoIP2's
 * {@code DatabaseReader} would build into a full response for every lookup. Thread-safe; never
 * throws from {@link #locate}.
 */
public final class MaxMindGeoLocator implements GeoLocator, Closeable {

    private static final String HOW_TO_FIX = GeoLocators.HOW_TO_FIX;

    private final Reader reader;
    private final String databaseType;
    private volatile boolean faulted;

    private MaxMindGeoLocator(Reader reader, String databaseType) {
        this.reader = reader;
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
        Reader reader;
        try {
            reader = new Reader(database.toFile(), decodedRecords());
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("GeoIP database " + database + " cannot be read (" + e.getMessage()
                    + "): " + HOW_TO_FIX, e);
        }
        return checked(reader, database.toString());
    }

    /**
     * MaxMind's cache of decoded records, by their place in the file: addresses of one city share
     * a record, which is then decoded once. It keeps the first 4,096 records and stops growing.
     */
    private static NodeCache decodedRecords() {
        return new CHMCache();
    }

    private static MaxMindGeoLocator checked(Reader reader, String database) {
        String type = String.valueOf(reader.getMetadata().databaseType());
        // As GeoIP2's DatabaseReader: "Enterprise" files are City files, and City files hold countries too.
        boolean city = type.contains("City") || type.contains("Enterprise");
        if (!city && !type.contains("Country")) {
            closeQuietly(reader);
            throw new IllegalArgumentException("GeoIP database " + database + " is a " + type
                    + " database, which holds no locations: " + HOW_TO_FIX);
        }
        return new MaxMindGeoLocator(reader, type);
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
        Reader reader;
        try {
            reader = new Reader(in, decodedRecords());
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
            PlaceRecord place = reader.get(address, PlaceRecord.class);
            return place == null ? Optional.empty() : place.location();
        } catch (IOException | RuntimeException e) {
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

    /**
     * The part of a City or Country record read: the country's ISO code and the subdivisions'.
     * Public only because MaxMind's reader builds it by reflection; not for applications.
     */
    public record PlaceRecord(CodeRecord country, List<CodeRecord> subdivisions) {

        /** As the reader builds it from a record's {@code country} and {@code subdivisions}. */
        @MaxMindDbConstructor
        public PlaceRecord(@MaxMindDbParameter(name = "country") CodeRecord country,
                           @MaxMindDbParameter(name = "subdivisions") List<CodeRecord> subdivisions) {
            this.country = country;
            this.subdivisions = subdivisions;
        }

        /** The country and its most specific subdivision (Country files have none); empty without a country. */
        Optional<Location> location() {
            String code = country == null ? null : country.isoCode();
            if (code == null) {
                return Optional.empty();
            }
            String region = subdivisions == null || subdivisions.isEmpty() ? null
                    : subdivisions.get(subdivisions.size() - 1).isoCode();
            return Optional.of(new Location(code, region, LocationSource.DATABASE));
        }
    }

    /** A country or subdivision of a record, by its ISO code alone; public for MaxMind's reader too. */
    public record CodeRecord(String isoCode) {

        /** As the reader builds it from an entry's {@code iso_code}. */
        @MaxMindDbConstructor
        public CodeRecord(@MaxMindDbParameter(name = "iso_code") String isoCode) {
            this.isoCode = isoCode;
        }
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void closeQuietly(Reader reader) {
        try {
            reader.close();
        } catch (IOException ignored) {
            // already failing with a clearer message
        }
    }
}
