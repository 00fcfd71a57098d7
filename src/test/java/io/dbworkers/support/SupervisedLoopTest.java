package io.dbworkers.support;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class SupervisedLoopTest {

    private final ExecutorService executor = Executors.newSingleThreadExecutor();

    @AfterEach
    void shutdown() {
        executor.shutdownNow();
    }

    @Test
    void anErrorMakesTheLoopNotReadyAndItIsStartedAgain() {
        AtomicInteger runs = new AtomicInteger();
        AtomicInteger afterRestart = new AtomicInteger();
        SupervisedLoop loop = new SupervisedLoop("test loop", LoggerFactory.getLogger(getClass()),
                Duration.ofMillis(300), Duration.ofSeconds(1), self -> {
                    if (runs.incrementAndGet() == 1) {
                        throw new OutOfMemoryError("Java heap space");
                    }
                    while (self.isRunning()) {
                        if (afterRestart.incrementAndGet() > 3) {
                            self.healthy();
                        }
                        Thread.sleep(20);
                    }
                });
        loop.start(executor);
        await().atMost(Duration.ofSeconds(2)).until(() -> loop.problem() != null);
        assertEquals("test loop failed: OutOfMemoryError: Java heap space", loop.problem().message());
        assertNull(loop.livenessProblem(), "a loop being restarted is alive");
        await().atMost(Duration.ofSeconds(3)).until(() -> loop.problem() == null);
        assertEquals(2, runs.get());
        assertEquals(1, loop.restarts());
        loop.stop();
    }

    @Test
    void aBodyThatReturnsWhileRunningCountsAsFailing() {
        AtomicInteger runs = new AtomicInteger();
        SupervisedLoop loop = new SupervisedLoop("returning loop", LoggerFactory.getLogger(getClass()),
                Duration.ofMillis(50), Duration.ofMillis(100), self -> runs.incrementAndGet());
        loop.start(executor);
        await().atMost(Duration.ofSeconds(3)).until(() -> runs.get() >= 3);
        assertTrue(loop.problem().message().contains("the loop returned while it should run"));
        assertTrue(loop.problem().attempts() >= 2);
        loop.stop();
    }

    @Test
    void aThreadThatEndsWhileTheLoopShouldRunIsALivenessProblem() throws Exception {
        SupervisedLoop loop = new SupervisedLoop("interrupted loop", LoggerFactory.getLogger(getClass()),
                Duration.ofSeconds(5), Duration.ofSeconds(5), self -> {
                    throw new IllegalStateException("boom");
                });
        loop.start(executor);
        await().atMost(Duration.ofSeconds(2)).until(() -> loop.problem() != null);
        executor.shutdownNow(); // interrupts the backoff sleep: the thread ends although the loop should run
        await().atMost(Duration.ofSeconds(2)).until(() -> loop.livenessProblem() != null);
        assertTrue(loop.livenessProblem().message().startsWith("interrupted loop: its thread ended"));
    }
}
