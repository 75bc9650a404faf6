package io.privacykit.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Starts PrivacyKit's named daemon threads and waits for them to end. An executor's
 * {@code awaitTermination} returns while its last thread is still leaving; a servlet container
 * that looks right after undeployment (Tomcat does) reports that thread as a leak, so whoever
 * stops an executor also waits here. Internal: not API.
 */
public final class DaemonThreads implements ThreadFactory {

    private final String name;
    private final AtomicInteger started = new AtomicInteger();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();

    /** Threads named {@code name}, then {@code name-2}, {@code name-3} and so on. */
    public DaemonThreads(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    @Override
    public Thread newThread(Runnable task) {
        int n = started.incrementAndGet();
        Thread thread = new Thread(task, n == 1 ? name : name + "-" + n);
        thread.setDaemon(true);
        threads.add(thread);
        threads.removeIf(t -> t.getState() == Thread.State.TERMINATED);
        return thread;
    }

    /**
     * Waits until every thread started here has ended, at most {@code timeout} in all; call it
     * after the executor using this factory was shut down.
     *
     * @return whether all have ended; false when the timeout passed or the caller was interrupted
     */
    public boolean awaitExit(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread thread : threads) {
            if (thread == Thread.currentThread()) {
                continue;
            }
            try {
                long left = deadline - System.nanoTime();
                if (left > 0) {
                    thread.join(Math.max(1, left / 1_000_000));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            if (thread.isAlive()) {
                return false;
            }
            threads.remove(thread);
        }
        return true;
    }
}
