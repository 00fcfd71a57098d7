package io.dbworkers.dsl;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import javax.sql.DataSource;

import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dbworkers.change.DatabaseChange;
import io.dbworkers.config.ConnectionUrl;
import io.dbworkers.config.DataSources;
import io.dbworkers.processor.ResultFormat;

/**
 * The seeds' {@code CDCWorker} in the Java DSL: a subclass passes the connection, tables, poll interval and timestamp
 * column, and overrides {@link #processChange}. Each table is polled by a {@code db-poll} route that opts into the
 * shared {@code dead-letter} route configuration.
 *
 * <pre>
 * public class OrderProcessor extends CdcWorker {
 *     public OrderProcessor() {
 *         super("postgresql://user:pass@localhost:5432/ecommerce", List.of("orders", "order_items"),
 *               Duration.ofSeconds(5), "updated_at");
 *     }
 *     protected Object processChange(DatabaseChange change) {
 *         return Map.of("processed", true, "order_id", change.primaryKey().get("id"));
 *     }
 * }
 * </pre>
 */
public abstract class CdcWorker extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(CdcWorker.class);

    private final String connectionString;
    private final List<String> tables;
    private final Duration pollInterval;
    private final String timestampColumn;
    private String createdColumn;

    protected CdcWorker(String connectionString, List<String> tables, Duration pollInterval, String timestampColumn) {
        this.connectionString = connectionString;
        this.tables = List.copyOf(tables);
        this.pollInterval = pollInterval;
        this.timestampColumn = timestampColumn;
    }

    /** Tells INSERT from UPDATE by a created-at column. */
    protected CdcWorker createdColumn(String column) {
        this.createdColumn = column;
        return this;
    }

    /** Handles one change; the result is logged as {@code Processed UPDATE on orders: {...}}. */
    protected abstract Object processChange(DatabaseChange change) throws Exception;

    /** The route configuration the routes opt into; null for none. */
    protected String routeConfigurationId() {
        return "dead-letter";
    }

    @Override
    public void configure() {
        String name = getClass().getSimpleName();
        String dataSourceName = name + "DataSource";
        DataSource dataSource = DataSources.pool(dataSourceName,
                ConnectionUrl.parse(name + " connection string", connectionString, null, null), 4);
        getContext().getRegistry().bind(dataSourceName, DataSource.class, dataSource);
        for (String table : tables) {
            StringBuilder uri = new StringBuilder("db-poll:").append(table)
                    .append("?dataSource=#").append(dataSourceName)
                    .append("&timestampColumn=").append(timestampColumn)
                    .append("&delay=").append(pollInterval.toMillis())
                    .append("&offsetKey=").append(name);
            if (createdColumn != null) {
                uri.append("&createdColumn=").append(createdColumn);
            }
            var route = from(uri.toString()).routeId(name.toLowerCase(Locale.ROOT) + "-" + table);
            if (routeConfigurationId() != null) {
                route.routeConfigurationId(routeConfigurationId());
            }
            route.process(exchange -> {
                DatabaseChange change = exchange.getMessage().getMandatoryBody(DatabaseChange.class);
                Object result = processChange(change);
                LOG.info("Processed {} on {}: {}", change.changeType(), change.table(), ResultFormat.format(result));
                exchange.getMessage().setBody(result);
            });
        }
    }
}
