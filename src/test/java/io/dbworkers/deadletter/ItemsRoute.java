package io.dbworkers.deadletter;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.builder.RouteBuilder;

import io.dbworkers.change.DatabaseChange;

/**
 * The route of the dead-letter ITs: polls {@code items (id serial primary key, email text, updated_at timestamp)} of
 * the {@code ds} bean and rejects an email without {@code @} with a {@link ValidationException}.
 */
class ItemsRoute extends RouteBuilder {

    static final String ROUTE_ID = "items";
    static final String CREATE_TABLE = "CREATE TABLE items (id serial PRIMARY KEY, email text,"
            + " updated_at timestamp DEFAULT now())";

    /** The emails processed successfully, in order. */
    final List<String> processed = new CopyOnWriteArrayList<>();
    /** How often each email reached the processor. */
    final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final Path offsetFile;

    ItemsRoute(Path offsetFile) {
        this.offsetFile = offsetFile;
    }

    @Override
    public void configure() {
        from("db-poll:items?dataSource=#ds&timestampColumn=updated_at&delay=100&offsetFile=" + offsetFile)
                .routeId(ROUTE_ID)
                .routeConfigurationId(DeadLetters.ROUTE_CONFIGURATION_ID)
                .process(exchange -> {
                    DatabaseChange change = exchange.getMessage().getBody(DatabaseChange.class);
                    String email = (String) change.newData().get("email");
                    attempts.computeIfAbsent(email, e -> new AtomicInteger()).incrementAndGet();
                    if (!email.contains("@")) {
                        throw new ValidationException("email '" + email + "' has no @");
                    }
                    processed.add(email);
                });
    }

    int attemptsOf(String email) {
        AtomicInteger count = attempts.get(email);
        return count == null ? 0 : count.get();
    }
}
