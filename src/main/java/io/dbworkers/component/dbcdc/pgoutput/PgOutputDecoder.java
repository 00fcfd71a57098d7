package io.dbworkers.component.dbcdc.pgoutput;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.dbworkers.change.ChangeType;
import io.dbworkers.change.DatabaseChange;
import io.dbworkers.change.SourcePosition;

/**
 * Reads the messages of PostgreSQL's {@code pgoutput} plugin (protocol version 1) and turns row changes into
 * {@link DatabaseChange}s as Debezium's PostgreSQL connector would: the commit time as timestamp, the change's LSN as
 * position, the old row only when the server sent one (REPLICA IDENTITY FULL, or the key alone), values decoded from
 * their text by {@link PgTextValues}. Truncate, Type, Origin and logical decoding messages make no change, as with
 * Debezium's defaults. Not thread-safe: one decoder per replication connection, which resends every Relation.
 */
public final class PgOutputDecoder {

    /** Finds the PRIMARY KEY columns of a table, in key order, when its Relation message arrives. */
    public interface KeyColumns {
        List<String> of(int relationOid) throws SQLException;
    }

    /** How a column's type decodes (a domain as its base type, an enum as text), when its Relation arrives. */
    public interface ColumnTypes {
        PgTextValuesResolver.Resolved of(int typeOid, int typeModifier) throws SQLException;
    }

    /** Placeholder Debezium gives an unchanged TOAST value the server did not send. */
    static final String UNAVAILABLE = "__debezium_unavailable_value";
    private static final long POSTGRES_EPOCH_MICROS = 946_684_800_000_000L;

    private final KeyColumns keys;
    private final ColumnTypes types;
    private final Map<Integer, Relation> relations = new HashMap<>();
    private Instant commitTime;

    public PgOutputDecoder(KeyColumns keys, ColumnTypes types) {
        this.keys = keys;
        this.types = types;
    }

    /** Decodes one message; {@code lsn} is the position the server sent it at. */
    public void decode(ByteBuffer message, long lsn, PgOutputListener listener)
            throws SQLException, InterruptedException {
        int bytes = message.remaining();
        byte kind = message.get();
        switch (kind) {
            case 'B' -> {
                long finalLsn = message.getLong();
                long micros = message.getLong() + POSTGRES_EPOCH_MICROS;
                long xid = Integer.toUnsignedLong(message.getInt());
                commitTime = Instant.ofEpochMilli(Math.floorDiv(micros, 1000L));
                listener.begin(finalLsn, micros, xid);
            }
            case 'C' -> {
                message.get();
                message.getLong();
                listener.commit(message.getLong());
            }
            case 'R' -> relation(message);
            case 'I' -> {
                Relation relation = relation(message.getInt());
                message.get();
                Map<String, Object> row = tuple(message, relation, null);
                listener.change(change(relation, ChangeType.INSERT, row, row, null, lsn), lsn, bytes);
            }
            case 'U' -> {
                Relation relation = relation(message.getInt());
                Map<String, Object> old = null;
                byte part = message.get();
                if (part == 'K' || part == 'O') {
                    old = tuple(message, relation, null);
                    part = message.get();
                }
                Map<String, Object> row = tuple(message, relation, old);
                listener.change(change(relation, ChangeType.UPDATE, row, row, old, lsn), lsn, bytes);
            }
            case 'D' -> {
                Relation relation = relation(message.getInt());
                message.get();
                Map<String, Object> old = tuple(message, relation, null);
                listener.change(change(relation, ChangeType.DELETE, old, null, old, lsn), lsn, bytes);
            }
            default -> {
                // 'Y' type, 'O' origin, 'T' truncate, 'M' message: nothing Debezium emits by default
            }
        }
    }

    private DatabaseChange change(Relation relation, ChangeType type, Map<String, Object> keySource,
                                  Map<String, Object> row, Map<String, Object> old, long lsn) {
        Map<String, Object> key;
        if (relation.primaryKey().isEmpty()) {
            key = Map.of();
        } else {
            key = new LinkedHashMap<>();
            for (String column : relation.primaryKey()) {
                key.put(column, keySource.get(column));
            }
            key = Collections.unmodifiableMap(key);
        }
        return new DatabaseChange(relation.schema(), relation.table(), type, key, row, old, commitTime,
                new SourcePosition("pgoutput", Long.toString(lsn)));
    }

    private void relation(ByteBuffer message) throws SQLException {
        int oid = message.getInt();
        String schema = string(message);
        String table = string(message);
        message.get();
        int count = message.getShort();
        List<Relation.Column> columns = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            message.get();
            String name = string(message);
            PgTextValuesResolver.Resolved type = types.of(message.getInt(), message.getInt());
            columns.add(new Relation.Column(name, type.typeOid(), type.typeModifier(), type.omitted()));
        }
        relations.put(oid, new Relation(oid, schema.isEmpty() ? "pg_catalog" : schema, table, List.copyOf(columns),
                List.copyOf(keys.of(oid))));
    }

    private Relation relation(int oid) {
        Relation relation = relations.get(oid);
        if (relation == null) {
            throw new IllegalStateException("pgoutput sent a change of relation " + oid + " before its Relation message");
        }
        return relation;
    }

    /**
     * The columns of a tuple in table order. An unchanged TOAST value (not sent) is taken from the old row when the
     * server sent that (REPLICA IDENTITY FULL), else it is Debezium's placeholder.
     */
    private static Map<String, Object> tuple(ByteBuffer message, Relation relation, Map<String, Object> old) {
        int count = message.getShort();
        List<Relation.Column> columns = relation.columns();
        Map<String, Object> row = new LinkedHashMap<>(count * 2);
        for (int i = 0; i < count; i++) {
            Relation.Column column = columns.get(i);
            byte kind = message.get();
            Object value;
            if (kind == 't') {
                int length = message.getInt();
                String text = new String(message.array(), message.arrayOffset() + message.position(), length,
                        StandardCharsets.UTF_8);
                message.position(message.position() + length);
                value = value(column.typeOid(), column.typeModifier(), text);
            } else if (kind == 'u') {
                value = old != null && old.get(column.name()) != null ? old.get(column.name()) : UNAVAILABLE;
            } else {
                value = null;
            }
            if (!column.omitted()) {
                row.put(column.name(), value);
            }
        }
        return Collections.unmodifiableMap(row);
    }

    /** The Java value of a column's text, as Debezium gives it; null for null. */
    public static Object value(int oid, int typeModifier, String text) {
        return PgTextValues.decode(oid, typeModifier, text);
    }

    private static String string(ByteBuffer message) {
        int start = message.position();
        int end = start;
        while (message.get(end) != 0) {
            end++;
        }
        message.position(end + 1);
        return new String(message.array(), message.arrayOffset() + start, end - start, StandardCharsets.UTF_8);
    }
}
