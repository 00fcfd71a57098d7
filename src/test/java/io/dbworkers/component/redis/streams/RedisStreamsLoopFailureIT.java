package io.dbworkers.component.redis.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.camel.Exchange;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.spi.ExceptionHandler;
import org.junit.jupiter.api.Test;

/**
 * An Error on the reading thread outside any exchange: here from the consumer's exception handler (the endpoint's
 * {@code exceptionHandler} option, a user's bean), called when an exchange failed. The consumer must say so
 * (readiness DOWN with the reason, liveness UP since it is started again), and once the cause is gone read and
 * acknowledge everything, the entry whose exchange failed included.
 */
class RedisStreamsLoopFailureIT extends RedisStreamsItBase {

    /** An exception handler with a bug: while broken, it throws an Error instead of logging. */
    static final class BrokenHandler implements ExceptionHandler {

        final AtomicBoolean broken = new AtomicBoolean(true);

        @Override
        public void handleException(Throwable exception) {
            handleException(null, null, exception);
        }

        @Override
        public void handleException(String message, Throwable exception) {
            handleException(message, null, exception);
        }

        @Override
        public void handleException(String message, Exchange exchange, Throwable exception) {
            if (broken.get()) {
                throw new AssertionError("exception handler broke");
            }
        }
    }

    @Test
    void anErrorOnTheReadingThreadIsReportedAndTheLoopStartsAgain() throws Exception {
        BrokenHandler handler = new BrokenHandler();
        camel.getRegistry().bind("brokenHandler", handler);
        List<String> ids = new ArrayList<>();
        ids.add(redis.xadd(name, Map.of("n", "1")));
        startReader(uri(name, "group=g&consumerName=c&block=200&reconnectDelay=500"
                           + "&exceptionHandler=#brokenHandler"), exchange -> {
                               if (handler.broken.get()) {
                                   throw new IllegalStateException("the route fails while the handler is broken");
                               }
                           });
        HealthCheck health = new RedisStreamsConsumerHealthCheck(consumer(), "reader");

        await().until(() -> health.callReadiness().getState() == HealthCheck.State.DOWN
                            && consumer().readinessProblem().attempts() >= 2);
        assertThat(health.callReadiness().getMessage().orElseThrow())
                .contains("redis-streams " + name + " failed: AssertionError: exception handler broke");
        assertThat(health.callLiveness().getState()).isEqualTo(HealthCheck.State.UP);
        assertThat(pendingIds(name, "g")).containsExactlyElementsOf(ids);

        handler.broken.set(false);
        await().until(() -> health.callReadiness().getState() == HealthCheck.State.UP);
        ids.add(redis.xadd(name, Map.of("n", "2")));
        await().until(() -> receivedIds().containsAll(ids));
        await().until(() -> pendingIds(name, "g").isEmpty());
        assertThat(health.callReadiness().getState()).isEqualTo(HealthCheck.State.UP);
        assertThat(health.callLiveness().getState()).isEqualTo(HealthCheck.State.UP);
    }
}
