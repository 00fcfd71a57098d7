package io.dbworkers.support;

import java.util.Map;

/**
 * Counters a component or route keeps for operators (e.g. the Redis writer's {@code messages_read},
 * {@code messages_written}). Every bean of this type in the registry is shown in the health JSON under its
 * {@link #name()} and exported as Prometheus metrics {@code dbworkers_<name>_<counter>}.
 */
public interface Statistics {

    /** A short snake_case name, e.g. {@code redis_writer}. */
    String name();

    /** The current values, by snake_case counter name. */
    Map<String, Number> snapshot();
}
