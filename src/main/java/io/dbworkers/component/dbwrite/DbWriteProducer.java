package io.dbworkers.component.dbwrite;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultProducer;
import org.apache.camel.support.ExchangeHelper;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dbworkers.change.DatabaseChange;
import io.dbworkers.config.ConfigurationException;

/** Writes each exchange's rows as one batch; see {@link DbWriteEndpoint} for what is guaranteed. */
public class DbWriteProducer extends DefaultProducer {

    private static final Logger LOG = LoggerFactory.getLogger(DbWriteProducer.class);

    private final DbWriteEndpoint endpoint;
    private TargetTable table;
    private WriteMode mode;
    /** the configured columns; null to take them from each body's rows */
    private List<TargetTable.Column> columns;
    private List<TargetTable.Column> keys;
    private BatchWriter writer;
    private ProducerTemplate rejectedTemplate;
    private Endpoint rejectedEndpoint;

    public DbWriteProducer(DbWriteEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        DataSource dataSource = endpoint.getDataSource();
        String where = "db-write:" + endpoint.getTable();
        if (dataSource == null) {
            throw new ConfigurationException("dataSource", "no DataSource for " + where + " (set dataSource=#name)");
        }
        if (endpoint.getBatchSize() < 1) {
            throw new ConfigurationException("batchSize", endpoint.getBatchSize() + " must be 1 or more");
        }
        try (Connection connection = dataSource.getConnection()) {
            table = TargetTable.resolve(connection, endpoint.getTable().trim(), endpoint.getSchema());
        }
        mode = WriteMode.of(endpoint.getMode(), endpoint.getOnConflict(), table.dialect);
        columns = isSet(endpoint.getColumns()) ? table.columns(endpoint.getColumns(), "columns", where) : null;
        keys = isSet(endpoint.getKeyColumns()) ? table.columns(endpoint.getKeyColumns(), "keyColumns", where)
                : mode.onConflict() == OnConflict.UPDATE ? table.primaryKey : List.of();
        if (mode.onConflict() == OnConflict.UPDATE && keys.isEmpty()) {
            throw new ConfigurationException("keyColumns", where + " has no primary key: name the columns of the"
                    + " unique key to update on");
        }
        if (mode.onConflict() == OnConflict.UPDATE && columns != null && !columns.containsAll(keys)) {
            throw new ConfigurationException("columns", "must include the keyColumns " + names(keys) + " to upsert"
                    + " into " + where);
        }
        if (isSet(endpoint.getRejectedUri())) {
            rejectedEndpoint = getEndpoint().getCamelContext().getEndpoint(endpoint.getRejectedUri());
            rejectedTemplate = getEndpoint().getCamelContext().createProducerTemplate();
            ServiceHelper.startService(rejectedTemplate);
        }
        writer = new BatchWriter(table, mode, keys, endpoint.getBatchSize());
        LOG.info("{}: writing to {} by {}, on conflict {}", where, table.qualifiedName,
                mode.copy() ? "COPY" : "INSERT", mode.onConflict());
        super.doStart();
    }

    @Override
    protected void doStop() throws Exception {
        ServiceHelper.stopService(rejectedTemplate);
        rejectedTemplate = null;
        super.doStop();
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        List<Object> originals = originals(exchange.getMessage().getBody());
        List<Map<String, Object>> maps = new ArrayList<>(originals.size());
        for (Object original : originals) {
            maps.add(rowOf(original));
        }
        List<TargetTable.Column> written = columns != null ? columns : columnsOf(maps);
        BatchWriter.Outcome outcome = new BatchWriter.Outcome(0, List.of());
        if (!maps.isEmpty()) {
            List<BatchWriter.Row> rows = new ArrayList<>(maps.size());
            for (int i = 0; i < maps.size(); i++) {
                rows.add(new BatchWriter.Row(originals.get(i), valuesOf(maps.get(i), written)));
            }
            try (Connection connection = endpoint.getDataSource().getConnection()) {
                outcome = writer.write(connection, written, rows);
            }
        }
        for (RejectedRow rejected : outcome.rejected()) {
            sendRejected(exchange, rejected);
        }
        exchange.getMessage().setHeader(DbWriteConstants.ROWS_WRITTEN, outcome.written());
        exchange.getMessage().setHeader(DbWriteConstants.ROWS_REJECTED, outcome.rejected().size());
        if (!outcome.rejected().isEmpty()) {
            exchange.getMessage().setHeader(DbWriteConstants.REJECTED, outcome.rejected());
            LOG.warn("db-write:{}: {} rows written, {} rejected; first: {}", endpoint.getTable(), outcome.written(),
                    outcome.rejected().size(), outcome.rejected().get(0).error());
        }
    }

    private void sendRejected(Exchange exchange, RejectedRow rejected) throws Exception {
        if (rejectedTemplate == null) {
            return;
        }
        Exchange copy = ExchangeHelper.createCorrelatedCopy(exchange, false);
        copy.getMessage().setBody(rejected.row());
        copy.getMessage().removeHeaders("CamelDbWrite*");
        copy.getMessage().setHeader(DbWriteConstants.ERROR, rejected.error());
        copy.getMessage().setHeader(DbWriteConstants.SQL_STATE, rejected.sqlState());
        copy.getMessage().setHeader(DbWriteConstants.TABLE, endpoint.getTable());
        Exchange sent = rejectedTemplate.send(rejectedEndpoint, copy);
        if (sent.getException() != null) {
            throw new IllegalStateException("db-write:" + endpoint.getTable() + " could not hand a rejected row to "
                    + endpoint.getRejectedUri() + ": " + sent.getException().getMessage(), sent.getException());
        }
    }

    private static List<Object> originals(Object body) {
        if (body == null) {
            return List.of();
        }
        if (body instanceof Collection) {
            return new ArrayList<>((Collection<?>) body);
        }
        return List.of(body);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> rowOf(Object original) {
        if (original instanceof Map) {
            return (Map<String, Object>) original;
        }
        if (original instanceof DatabaseChange && ((DatabaseChange) original).row() != null) {
            return ((DatabaseChange) original).row();
        }
        throw new IllegalArgumentException("db-write:" + endpoint.getTable() + " writes rows given as Map or"
                + " DatabaseChange, not " + (original == null ? "null" : original.getClass().getName()));
    }

    /** The table's columns that some row names, in table order, plus the key columns of an upsert. */
    private List<TargetTable.Column> columnsOf(List<Map<String, Object>> rows) {
        List<TargetTable.Column> named = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            for (String key : row.keySet()) {
                TargetTable.Column c = key == null ? null : table.column(key);
                if (c != null && !named.contains(c)) {
                    named.add(c);
                }
            }
        }
        if (mode.onConflict() == OnConflict.UPDATE) {
            for (TargetTable.Column k : keys) {
                if (!named.contains(k)) {
                    named.add(k);
                }
            }
        }
        if (named.isEmpty() && !rows.isEmpty()) {
            throw new IllegalArgumentException("db-write:" + endpoint.getTable() + ": no key of the rows names a"
                    + " column of " + table.qualifiedName);
        }
        List<TargetTable.Column> ordered = new ArrayList<>(table.columns);
        ordered.retainAll(named);
        return ordered;
    }

    private static List<Object> valuesOf(Map<String, Object> row, List<TargetTable.Column> columns) {
        List<Object> values = new ArrayList<>(columns.size());
        for (TargetTable.Column c : columns) {
            Object value = row.get(c.name());
            if (value == null && !row.containsKey(c.name())) {
                for (Map.Entry<String, Object> e : row.entrySet()) {
                    if (c.name().equalsIgnoreCase(e.getKey())) {
                        value = e.getValue();
                        break;
                    }
                }
            }
            values.add(value);
        }
        return values;
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }

    private static String names(List<TargetTable.Column> columns) {
        List<String> names = new ArrayList<>();
        for (TargetTable.Column c : columns) {
            names.add(c.name());
        }
        return String.join(",", names);
    }
}
