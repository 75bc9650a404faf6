package io.privacykit.geo.maxmind;

import io.privacykit.geo.GeoLocator;
import io.privacykit.geo.GeoQuery;
import io.privacykit.geo.Location;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A MaxMind database file that is reopened when it changes: GeoIP2 and GeoLite2 files are
 * updated weekly (MaxMind's {@code geoipupdate}), usually by renaming a new file over the old
 * one. At most once per check interval, on the request path, one caller compares the file's
 * modification time, size and identity with the open one's; a changed file is opened aside and
 * swapped in atomically, and the reader it replaces is closed at the next check. A file that
 * cannot be opened leaves the current reader in place. A file overwritten in place makes reads of
 * the old mapping fault: those visitors are unknown (the strict fallback applies) and the file is
 * reopened at once.
 */
final class WatchedGeoDatabase implements GeoLocator, Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(WatchedGeoDatabase.class);

    private record Opened(MaxMindGeoLocator locator, Object fileKey, long modified, long size) {
    }

    private final Path file;
    private final long intervalNanos;
    private final AtomicLong nextCheck;
    private volatile Opened current;
    private Opened retired; // guarded by the CAS on nextCheck: one checker at a time

    WatchedGeoDatabase(Path file, Duration checkInterval) {
        this.file = Objects.requireNonNull(file, "file");
        this.intervalNanos = checkInterval.toNanos();
        this.current = open(file);
        this.nextCheck = new AtomicLong(System.nanoTime() + intervalNanos);
    }

    @Override
    public Optional<Location> locate(GeoQuery query) {
        Opened opened = current;
        long due = nextCheck.get();
        if ((System.nanoTime() - due >= 0 || opened.locator().faulted())
                && nextCheck.compareAndSet(due, System.nanoTime() + intervalNanos)) {
            opened = check(opened);
        }
        return opened.locator().locate(query);
    }

    /** The database type of the open file, e.g. {@code GeoLite2-City}. */
    String databaseType() {
        return current.locator().databaseType();
    }

    private Opened check(Opened opened) {
        if (retired != null) {
            retired.locator().close();
            retired = null;
        }
        BasicFileAttributes now;
        try {
            now = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
            return opened; // being replaced, or gone: keep what is open
        }
        if (Objects.equals(now.fileKey(), opened.fileKey())
                && now.lastModifiedTime().toMillis() == opened.modified() && now.size() == opened.size()) {
            opened.locator().clearFault(); // a damaged record, not a new file: nothing to reopen
            return opened;
        }
        try {
            Opened fresh = open(file);
            current = fresh;
            retired = opened;
            LOG.info("PrivacyKit reopened the GeoIP database {} ({})", file, fresh.locator().databaseType());
            return fresh;
        } catch (RuntimeException e) {
            LOG.warn("PrivacyKit could not reopen the changed GeoIP database {}; keeping the one open: {}",
                    file, e.getMessage());
            return opened;
        }
    }

    private static Opened open(Path file) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
            attributes = null;
        }
        MaxMindGeoLocator locator = MaxMindGeoLocator.open(file);
        return attributes == null ? new Opened(locator, null, -1, -1)
                : new Opened(locator, attributes.fileKey(), attributes.lastModifiedTime().toMillis(), attributes.size());
    }

    @Override
    public void close() {
        Opened old = retired;
        if (old != null) {
            old.locator().close();
        }
        current.locator().close();
    }
}
