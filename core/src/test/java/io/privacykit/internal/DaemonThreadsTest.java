package io.privacykit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DaemonThreadsTest {

    @Test
    void threadsAreNamedDaemonsNumberedFromTheSecond() {
        DaemonThreads threads = new DaemonThreads("privacykit-test");

        Thread first = threads.newThread(() -> { });
        Thread second = threads.newThread(() -> { });

        assertThat(first.getName()).isEqualTo("privacykit-test");
        assertThat(second.getName()).isEqualTo("privacykit-test-2");
        assertThat(first.isDaemon()).isTrue();
        assertThat(second.isDaemon()).isTrue();
    }

    @Test
    void afterAwaitExitEveryThreadOfAShutDownExecutorHasEnded() throws Exception {
        for (int round = 0; round < 50; round++) {
            DaemonThreads threads = new DaemonThreads("privacykit-test");
            ExecutorService executor = Executors.newFixedThreadPool(3, threads);
            CountDownLatch ran = new CountDownLatch(3);
            for (int i = 0; i < 3; i++) {
                executor.execute(ran::countDown);
            }
            ran.await();
            executor.shutdown();
            assertThat(executor.awaitTermination(5, TimeUnit.SECONDS)).isTrue();

            assertThat(threads.awaitExit(Duration.ofSeconds(5))).isTrue();

            assertThat(Thread.getAllStackTraces().keySet()).filteredOn(Thread::isAlive)
                    .extracting(Thread::getName).noneMatch(name -> name.startsWith("privacykit-test"));
        }
    }

    @Test
    void aThreadThatDoesNotEndMakesAwaitExitFalseAfterTheTimeout() throws Exception {
        DaemonThreads threads = new DaemonThreads("privacykit-test-stuck");
        CountDownLatch release = new CountDownLatch(1);
        Thread stuck = threads.newThread(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        stuck.start();
        try {
            assertThat(threads.awaitExit(Duration.ofMillis(50))).isFalse();
        } finally {
            release.countDown();
        }
        assertThat(threads.awaitExit(Duration.ofSeconds(5))).isTrue();
        assertThat(stuck.isAlive()).isFalse();
    }
}
