package io.dbworkers.dsl;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.Service;
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
        pool(dataSourceName, ConnectionUrl.parse(name + " connection string", connectionString, null, null));
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

    /**
     * The worker's pool, bound as {@code dataSourceName}. configure() runs again on every reload of the routes: the pool
     * of the previous run is kept when it points at the same database, else closed, and the context closes the pool
     * when it stops, so reloads and restarts never leave pools and their connections behind.
     */
    private void pool(String dataSourceName, ConnectionUrl url) {
        DataSource bound = getContext().getRegistry().lookupByNameAndType(dataSourceName, DataSource.class);
        HikariDataSource previous = bound instanceof HikariDataSource hikari && !hikari.isClosed()
                && dataSourceName.equals(hikari.getPoolName()) ? hikari : null;
        if (previous != null && previous.getJdbcUrl().equals(url.jdbcUrl())
                && Objects.equals(previous.getUsername(), url.user())
                && Objects.equals(previous.getPassword(), url.password())) {
            return;
        }
        HikariDataSource pool = DataSources.pool(dataSourceName, url, 4);
        getContext().getRegistry().bind(dataSourceName, DataSource.class, pool);
        try {
            getContext().addService(new Service() {
                @Override
                public void start() {
                    // the pool connects on first use
                }

                @Override
                public void stop() {
                    pool.close();
                }
            }, true, false);
        } catch (Exception e) {
            pool.close();
            throw new IllegalStateException("cannot register the pool " + dataSourceName + " with the context", e);
        }
        if (previous != null) {
            previous.close();
        }
    }
}
