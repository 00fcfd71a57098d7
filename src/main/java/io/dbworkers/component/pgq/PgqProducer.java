package io.dbworkers.component.pgq;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultProducer;

import io.dbworkers.change.DatabaseChange;
import io.dbworkers.config.ConfigurationException;

/**
 * {@code pgq.insert_event(queue, type, data, extra1..4)}. A Map body is URL-encoded the Skytools way; a
 * {@link DatabaseChange} is written as {@code pgq.logutriga} writes it (ev_type {@code I:key,...}, the row
 * URL-encoded, ev_extra1 the table), so Skytools consumers read it as their own; a String is inserted as it is. A List
 * body is inserted in chunks of {@code chunkSize}, one statement round trip each, all in one transaction. The
 * exchange fails when the insert fails; the body is set to the event ids.
 */
public class PgqProducer extends DefaultProducer {

    private static final String INSERT = "select pgq.insert_event(q, t, d, e1, e2, e3, e4) from unnest(?::text[],"
                                         + " ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])"
                                         + " as u(q, t, d, e1, e2, e3, e4)";

    private final PgqEndpoint endpoint;

    public PgqProducer(PgqEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        if (endpoint.getDataSource() == null) {
            throw new ConfigurationException("pgq:" + endpoint.getQueue(), "no dataSource (none or several"
                    + " DataSource beans in the registry; set dataSource=#name)");
        }
        if (endpoint.getChunkSize() < 1) {
            throw new ConfigurationException("chunkSize", endpoint.getChunkSize() + " is less than 1");
        }
        super.doStart();
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Message message = exchange.getMessage();
        Object body = message.getBody();
        List<?> items = body instanceof List<?> list ? list : List.of(body);
        List<Long> ids = new ArrayList<>(items.size());
        try (Connection c = endpoint.getDataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                for (int from = 0; from < items.size(); from += endpoint.getChunkSize()) {
                    insert(c, items.subList(from, Math.min(items.size(), from + endpoint.getChunkSize())), message,
                            ids);
                }
                c.commit();
            } catch (Exception e) {
                c.rollback();
                throw e;
            }
        }
        message.setBody(body instanceof List<?> ? ids : ids.get(0));
    }

    private void insert(Connection c, List<?> items, Message message, List<Long> ids) throws Exception {
        String[][] columns = new String[7][items.size()];
        for (int i = 0; i < items.size(); i++) {
            String[] event = event(items.get(i), message);
            for (int column = 0; column < 7; column++) {
                columns[column][i] = event[column];
            }
        }
        try (PreparedStatement s = c.prepareStatement(INSERT)) {
            for (int column = 0; column < 7; column++) {
                s.setArray(column + 1, c.createArrayOf("text", columns[column]));
            }
            try (var rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
    }

    /** queue, type, data, extra1..4 */
    private String[] event(Object item, Message message) {
        String queue = endpoint.getQueue();
        String type = message.getHeader(PgqConstants.TYPE, endpoint.getEventType(), String.class);
        String[] extras = {message.getHeader(PgqConstants.EXTRA1, String.class),
            message.getHeader(PgqConstants.EXTRA2, String.class), message.getHeader(PgqConstants.EXTRA3, String.class),
            message.getHeader(PgqConstants.EXTRA4, String.class)};
        String data;
        if (item instanceof DatabaseChange change) {
            type = logutrigaType(change);
            data = UrlEncoding.encode(change.row());
            extras[0] = change.qualifiedTable();
        } else if (item instanceof PgqEvent event) {
            type = event.type();
            data = event.data();
            extras = new String[] {event.extra1(), event.extra2(), event.extra3(), event.extra4()};
        } else if (item instanceof Map<?, ?> map) {
            Map<String, Object> fields = new LinkedHashMap<>();
            map.forEach((k, v) -> fields.put(String.valueOf(k), v));
            data = UrlEncoding.encode(fields);
        } else {
            data = item == null ? null : message.getExchange().getContext().getTypeConverter()
                    .convertTo(String.class, message.getExchange(), item);
        }
        return new String[] {queue, type, data, extras[0], extras[1], extras[2], extras[3]};
    }

    private static String logutrigaType(DatabaseChange change) {
        char op = switch (change.changeType()) {
            case INSERT, READ -> 'I';
            case UPDATE -> 'U';
            case DELETE -> 'D';
        };
        return op + ":" + String.join(",", change.primaryKey().keySet());
    }
}
