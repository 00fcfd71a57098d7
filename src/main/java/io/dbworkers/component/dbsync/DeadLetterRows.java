package io.dbworkers.component.dbsync;

import java.time.Instant;
import java.util.Map;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;

import io.dbworkers.change.ChangeJson;
import io.dbworkers.deadletter.DeadLetterRecord;
import io.dbworkers.deadletter.DeadLetterTable;

/**
 * Rejected rows of a one-shot sync written to the {@code dead_letters} table of the target database, as the
 * dead-letter channel writes them: the row as JSON in {@code payload}, its key, the database's error.
 */
public final class DeadLetterRows implements RejectedRows {

    private final CamelContext context;
    private final DeadLetterTable table;

    public DeadLetterRows(CamelContext context, DataSource target) {
        this.context = context;
        this.table = new DeadLetterTable(target);
    }

    @Override
    public void rejected(String tableName, Map<String, Object> key, Map<String, Object> row, String error)
            throws Exception {
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setBody(new DeadLetterRecord(ChangeJson.toJson(row), "sync", tableName,
                ChangeJson.toJson(key), error, "RejectedRow", 1, Instant.now()));
        table.process(exchange);
    }
}
