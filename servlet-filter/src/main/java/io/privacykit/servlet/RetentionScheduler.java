package io.privacykit.servlet;

import io.privacykit.internal.DaemonThreads;
import io.privacykit.rights.CleanupResult;
import io.privacykit.rights.RetentionJob;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the retention cleanup from one daemon thread the filter owns: a check shortly after start
 * and then once a day. {@link RetentionJob#runIfDue()} purges only when a cycle is due and no other
 * instance has done it, so a daily check from every instance is safe.
 */
final class RetentionScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionScheduler.class);
    /** How often the job is asked whether a cleanup is due. */
    static final Duration PERIOD = Duration.ofDays(1);
    /** The first check after start, once the app has settled. */
    static final Duration FIRST_CHECK = Duration.ofMinutes(1);

    private final RetentionJob job;
    private final Clock clock;
    private final DaemonThreads threads = new DaemonThreads("privacykit-retention");
    private final ScheduledExecutorService executor;
    private volatile Instant lastCheck;
    private volatile Instant nextCheck;
    private volatile String lastResult;

    RetentionScheduler(RetentionJob job, Clock clock) {
        this.job = job;
        this.clock = clock;
        this.executor = Executors.newSingleThreadScheduledExecutor(threads);
        this.nextCheck = clock.instant().plus(FIRST_CHECK);
        executor.scheduleAtFixedRate(this::check, FIRST_CHECK.toSeconds(), PERIOD.toSeconds(), TimeUnit.SECONDS);
    }

    /** The job the scheduler runs. */
    RetentionJob job() {
        return job;
    }

    /** Asks the job once; never throws, so that the schedule survives a failing run. */
    void check() {
        Instant now = clock.instant();
        lastCheck = now;
        nextCheck = now.plus(PERIOD);
        try {
            CleanupResult result = job.runIfDue();
            lastResult = describe(result);
            if (result instanceof CleanupResult.Ran ran) {
                LOG.info("Retention cleanup of cycle {} purged {} event(s), {} held", ran.cycle(), ran.purged(), ran.held());
            }
        } catch (RuntimeException e) {
            lastResult = "failed: " + e.getClass().getSimpleName();
            LOG.error("The retention cleanup failed; it resumes at the next check: {}", e.toString());
            LOG.debug("The retention cleanup's failure", e);
        }
    }

    private static String describe(CleanupResult result) {
        if (result instanceof CleanupResult.Ran ran) {
            return "ran cycle " + ran.cycle() + ": " + ran.purged() + " purged, " + ran.held() + " held";
        }
        if (result instanceof CleanupResult.NotDue notDue) {
            return "not due until " + notDue.next();
        }
        return "busy: another instance is cleaning up";
    }

    Optional<Instant> lastCheck() {
        return Optional.ofNullable(lastCheck);
    }

    Optional<Instant> nextCheck() {
        return Optional.ofNullable(nextCheck);
    }

    Optional<String> lastResult() {
        return Optional.ofNullable(lastResult);
    }

    @Override
    public void close() {
        executor.shutdownNow();
        threads.awaitExit(Duration.ofSeconds(5));
    }
}
