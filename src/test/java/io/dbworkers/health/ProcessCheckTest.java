package io.dbworkers.health;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultConsumer;
import org.apache.camel.support.DefaultEndpoint;
import org.junit.jupiter.api.Test;

import io.dbworkers.support.ConsumerStatus;
import io.dbworkers.support.Problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Liveness goes DOWN for what only a restart of the process mends: a consumer whose threads are gone for good, a
 * deadlock; and it names it. A consumer that only waits for a server stays live.
 */
class ProcessCheckTest {

    private static volatile Problem liveness;

    @Test
    void downForADeadConsumerOrADeadlockOnly() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from(new StatusEndpoint("status:reader", context)).routeId("reader").log("x");
                }
            });
            context.start();
            HealthCheck check = new DependencyHealthChecks(context).stream()
                    .filter(c -> c.getId().equals("process")).findFirst().orElseThrow();
            assertThat(check.isLiveness()).isTrue();
            assertThat(check.isReadiness()).isFalse();
            assertThat(check.call().getState()).as("waiting for a server").isEqualTo(HealthCheck.State.UP);

            liveness = Problem.of("reader thread ended: java.lang.OutOfMemoryError", null);
            HealthCheck.Result dead = check.call();
            assertThat(dead.getState()).isEqualTo(HealthCheck.State.DOWN);
            assertThat(dead.getMessage()).hasValue("route reader: reader thread ended: java.lang.OutOfMemoryError");
            liveness = null;

            List<Thread> deadlocked = deadlock();
            try {
                await().untilAsserted(() -> {
                    HealthCheck.Result result = check.call();
                    assertThat(result.getState()).isEqualTo(HealthCheck.State.DOWN);
                    assertThat(result.getMessage().orElseThrow()).startsWith("deadlocked threads: ")
                            .contains("deadlock-a").contains("deadlock-b");
                });
            } finally {
                deadlocked.forEach(Thread::interrupt);
            }
            await().untilAsserted(() -> assertThat(check.call().getState()).isEqualTo(HealthCheck.State.UP));
        }
    }

    /** Two threads, each holding the lock the other waits for (interruptibly, so the test can end them). */
    private static List<Thread> deadlock() {
        ReentrantLock a = new ReentrantLock();
        ReentrantLock b = new ReentrantLock();
        CountDownLatch bothHold = new CountDownLatch(2);
        Thread first = new Thread(() -> cross(a, b, bothHold), "deadlock-a");
        Thread second = new Thread(() -> cross(b, a, bothHold), "deadlock-b");
        first.start();
        second.start();
        return List.of(first, second);
    }

    private static void cross(ReentrantLock mine, ReentrantLock theirs, CountDownLatch bothHold) {
        mine.lock();
        try {
            bothHold.countDown();
            bothHold.await();
            theirs.lockInterruptibly();
            theirs.unlock();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            mine.unlock();
        }
    }

    /** A consumer that reports {@link #liveness} as its liveness problem and is never ready-blocking. */
    private static final class StatusEndpoint extends DefaultEndpoint {

        StatusEndpoint(String uri, DefaultCamelContext context) {
            setEndpointUri(uri);
            setCamelContext(context);
        }

        @Override
        public Producer createProducer() {
            throw new UnsupportedOperationException("consumer only");
        }

        @Override
        public Consumer createConsumer(Processor processor) {
            return new StatusConsumer(this, processor);
        }
    }

    private static final class StatusConsumer extends DefaultConsumer implements ConsumerStatus {

        StatusConsumer(StatusEndpoint endpoint, Processor processor) {
            super(endpoint, processor);
        }

        @Override
        public Problem readinessProblem() {
            return Problem.of("Redis at 127.0.0.1:1 does not answer", null);
        }

        @Override
        public Problem livenessProblem() {
            return liveness;
        }
    }
}
