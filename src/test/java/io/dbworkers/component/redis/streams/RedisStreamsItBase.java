package io.dbworkers.component.redis.streams;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import io.dbworkers.it.ItSupport;
import io.lettuce.core.KeyScanArgs;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.models.stream.PendingMessage;

/** A Camel context and a plain Redis connection per test; the class's keys ({@code it_<class>*}) deleted first. */
abstract class RedisStreamsItBase extends ItSupport {

    protected final String name = nameFor(getClass());
    protected final Queue<StreamMessage> received = new ConcurrentLinkedQueue<>();
    protected RedisClient client;
    protected RedisCommands<String, String> redis;
    protected CamelContext camel;

    @BeforeEach
    void connect() {
        client = RedisClient.create(REDIS_URI);
        redis = client.connect().sync();
        KeyScanArgs args = new KeyScanArgs().match(name + "*").limit(1000);
        KeyScanCursor<String> cursor = redis.scan(args);
        while (true) {
            if (!cursor.getKeys().isEmpty()) {
                redis.del(cursor.getKeys().toArray(String[]::new));
            }
            if (cursor.isFinished()) {
                break;
            }
            cursor = redis.scan(ScanCursor.of(cursor.getCursor()), args);
        }
        camel = new DefaultCamelContext();
    }

    @AfterEach
    void disconnect() {
        if (camel != null) {
            camel.stop();
        }
        client.shutdown();
    }

    protected String uri(String path, String options) {
        return "redis-streams:" + path + "?redisUri=" + REDIS_URI + (options.isEmpty() ? "" : "&" + options);
    }

    /** Starts a route "reader" from the uri that records each entry and then runs the step. */
    protected void startReader(String uri, Processor step) throws Exception {
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).routeId("reader").process(exchange -> {
                    received.add(exchange.getMessage().getBody(StreamMessage.class));
                    step.process(exchange);
                });
            }
        });
        camel.start();
    }

    protected RedisStreamsConsumer consumer() {
        return (RedisStreamsConsumer) camel.getRoute("reader").getConsumer();
    }

    protected List<String> pendingIds(String stream, String group) {
        return redis.xpending(stream, group, Range.create("-", "+"), Limit.from(10_000)).stream()
                .map(PendingMessage::getId).toList();
    }

    protected List<String> receivedIds() {
        return received.stream().map(StreamMessage::id).toList();
    }

    protected static ConditionFactory await() {
        return Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50));
    }
}
