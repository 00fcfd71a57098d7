package io.dbworkers.app;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

import javax.sql.DataSource;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.spi.PropertiesComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dbworkers.cluster.Clustering;
import io.dbworkers.component.dbcdc.ReplicationSlots;
import io.dbworkers.config.ConnectionUrl;
import io.dbworkers.config.DataSources;
import io.dbworkers.config.Settings;
import io.dbworkers.deadletter.DeadLetterTarget;
import io.dbworkers.deadletter.DeadLetters;
import io.dbworkers.health.DependencyHealthChecks;
import io.dbworkers.metrics.OperationsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.dbworkers.processor.ECommerceProcessor;
import io.dbworkers.writer.RedisWriter;

/**
 * Binds the standalone runner's beans: {@code dataSource} from {@code DATABASE_URL} (or the embedded demo database
 * when it is unset), the dead-letter channel from {@code DEAD_LETTER_URL}, and the shipped processors. Settings come
 * from the environment first, then {@code application.properties}.
 */
public class DbWorkersConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(DbWorkersConfiguration.class);

    /** The embedded default: a file database in the working directory, so offsets and rows outlive a restart. */
    static final String EMBEDDED_URL = "jdbc:h2:file:./data/embedded;AUTO_SERVER=TRUE";

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = settings(context);
        bindBeans(context, settings);
        // inert until a route names it as its policy (examples/redis-to-postgres.yaml)
        context.getRegistry().bind(RedisWriter.BEAN, new RedisWriter(settings));
        DeadLetters.install(context, settings);
        operations(context, settings);
        Clustering.install(context, settings);
    }

    /** The beans the route files refer to; {@code dlq replay} binds them too, to run the routes' steps. */
    static void bindBeans(CamelContext context, Settings settings) throws SQLException {
        DataSource dataSource = dataSource(settings);
        context.getRegistry().bind("dataSource", DataSource.class, dataSource);
        context.getRegistry().bind("ecommerceProcessor", new ECommerceProcessor());
        context.getRegistry().bind("demoTraffic", new DemoTraffic(dataSource));
        boolean postgres = settings.connection("DATABASE").map(ConnectionUrl::product).filter("postgresql"::equals)
                .isPresent();
        if (postgres) {
            // the WAL each slot of the server holds, as metrics
            context.getRegistry().bind("replicationSlotStatistics",
                    new ReplicationSlotStatistics(new ReplicationSlots(dataSource)));
        }
    }

    /** Health checks of the servers the routes use, and the db-workers metrics on Camel's Prometheus registry. */
    private static void operations(CamelContext context, Settings settings) throws Exception {
        DependencyHealthChecks health = new DependencyHealthChecks(context);
        health.setDeadLetterEndpointUri(DeadLetterTarget.parse(settings).endpointUri());
        context.getRegistry().bind(DependencyHealthChecks.ID, health);
        context.addService(health, true, true);
        PrometheusMeterRegistry meters = context.getRegistry().lookupByNameAndType(
                MicrometerConstants.METRICS_REGISTRY_NAME, PrometheusMeterRegistry.class);
        if (meters == null) {
            // camel-micrometer-prometheus takes this registry and serves it on /observe/metrics
            meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            context.getRegistry().bind(MicrometerConstants.METRICS_REGISTRY_NAME, meters);
        }
        OperationsMetrics metrics = new OperationsMetrics(context, meters);
        context.getRegistry().bind("operationsMetrics", metrics);
        context.addRoutePolicyFactory(metrics);
        context.addService(metrics, true, true);
    }

    /** The settings of the standalone runner: the environment first, then {@code application.properties}. */
    public static Settings settings(CamelContext context) {
        PropertiesComponent properties = context.getPropertiesComponent();
        return new Settings(name -> {
            String env = System.getenv(name);
            if (env != null) {
                return env;
            }
            Optional<String> property = properties.resolveProperty(name);
            return property.orElse(null);
        });
    }

    static DataSource dataSource(Settings settings) throws SQLException {
        Optional<ConnectionUrl> configured = settings.connection("DATABASE");
        if (configured.isPresent()) {
            ConnectionUrl url = configured.get();
            DataSource dataSource = DataSources.pool("dataSource", url,
                    settings.integer("DATABASE_POOL_SIZE", 8, 1, 200));
            DataSources.verify("DATABASE_URL", url, dataSource);
            LOG.info("Database: {}", url);
            return dataSource;
        }
        ConnectionUrl embedded = new ConnectionUrl(EMBEDDED_URL, "sa", "");
        DataSource dataSource = DataSources.pool("dataSource", embedded, 8);
        DataSources.verify("DATABASE_URL", embedded, dataSource);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("RUNSCRIPT FROM 'classpath:/demo/ecommerce-schema.sql'");
        }
        LOG.info("Database: embedded H2 at ./data/embedded with the e-commerce demo schema (set DATABASE_URL to use"
                + " your own)");
        return dataSource;
    }
}
