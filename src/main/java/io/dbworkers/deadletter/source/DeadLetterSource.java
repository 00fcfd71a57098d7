package io.dbworkers.deadletter.source;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.dbworkers.config.ConfigurationException;
import io.dbworkers.config.Settings;
import io.dbworkers.deadletter.DeadLetterRecord;
import io.dbworkers.deadletter.DeadLetterTarget;

/**
 * Where dead letters were written, read back for the {@code dlq} command: a Redis stream, a RabbitMQ queue or the
 * {@code dead_letters} table. Entries come oldest first, each with the id it has there (stream entry id, table id,
 * position in the queue).
 */
public interface DeadLetterSource extends AutoCloseable {

    /**
     * One dead letter as it is stored.
     *
     * @param id     the id in the source
     * @param fields the record's fields by name ({@link DeadLetterRecord#PAYLOAD}, {@link DeadLetterRecord#ROUTE}, ...)
     */
    record Entry(String id, Map<String, String> fields) {

        public String field(String name) {
            String value = fields.get(name);
            return value == null ? "" : value;
        }
    }

    /** A description without password, e.g. {@code the Redis stream dlq on localhost:6379}. */
    String describe();

    /** The oldest entries, at most {@code limit}. */
    List<Entry> list(int limit) throws Exception;

    Optional<Entry> get(String id) throws Exception;

    /**
     * Hands each entry, oldest first, to the handler and removes it once the handler returned; stops at the first
     * entry the handler throws for, which stays.
     *
     * @param ids the entries to take; empty for all
     */
    void drain(List<String> ids, EntryHandler handler) throws Exception;

    /** Removes the entries; empty for all. Returns how many were removed. */
    int purge(List<String> ids) throws Exception;

    /** Processes one entry; throws to keep it. */
    @FunctionalInterface
    interface EntryHandler {
        void handle(Entry entry) throws Exception;
    }

    /**
     * The source named on the command line: {@code redis://[user:pass@]host:port/STREAM}, {@code amqp://...}/QUEUE,
     * or a database URL ({@code postgresql://...}, {@code jdbc:...}) whose {@code dead_letters} table is read. Without
     * one: {@code DEAD_LETTER_URL}, else the {@code dead_letters} table of the given data source.
     */
    static DeadLetterSource open(String source, Settings settings, javax.sql.DataSource defaultDataSource)
            throws Exception {
        if (source == null) {
            DeadLetterTarget target = DeadLetterTarget.parse(settings);
            if (target.kind() == DeadLetterTarget.Kind.TABLE) {
                if (defaultDataSource == null) {
                    throw new ConfigurationException("SOURCE", "no DEAD_LETTER_URL and no database");
                }
                return new TableSource(defaultDataSource, "the dead_letters table of DATABASE_URL");
            }
            source = settings.required(DeadLetterTarget.URL_SETTING);
        }
        String lower = source.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("redis://") || lower.startsWith("rediss://")) {
            return RedisSource.open(source);
        }
        if (lower.startsWith("amqp://")) {
            return AmqpSource.open(source);
        }
        return TableSource.open(source);
    }
}
