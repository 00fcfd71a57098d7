package io.dbworkers.app;

import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

import org.apache.camel.main.Main;

import io.dbworkers.config.ConfigurationException;
import io.dbworkers.logging.LogLevelDefiner;
import io.dbworkers.config.Settings;

/**
 * The settings the runner needs before Camel starts, read like every other setting (environment first, then
 * {@code application.properties} in the working directory):
 * <ul>
 * <li>{@code HTTP_PORT} (default 8080): {@code /observe/health}, {@code /observe/health/live},
 * {@code /observe/health/ready} and {@code /observe/metrics};</li>
 * <li>{@code HTTP_HOST} (default {@code 0.0.0.0}, every interface, as a container's probes need): the address that
 * server binds, e.g. {@code 127.0.0.1} to keep it off the network;</li>
 * <li>{@code STARTUP_WAIT_SEC} (default 30): how long start-up waits for the databases, Redis and RabbitMQ;</li>
 * <li>{@code LOG_FORMAT} ({@code console} or {@code json}) and {@code LOG_LEVEL}, read by {@code logback.xml} from the
 * environment; checked here so that a typo is an error rather than silence.</li>
 * </ul>
 */
final class StartupSettings {

    static final String HTTP_PORT = "HTTP_PORT";
    static final String HTTP_HOST = "HTTP_HOST";
    static final String DEFAULT_HTTP_HOST = "0.0.0.0";
    static final String LOG_FORMAT = "LOG_FORMAT";
    static final String LOG_LEVEL = "LOG_LEVEL";

    private final String httpHost;
    private final int httpPort;
    private final Duration startupWait;

    private StartupSettings(String httpHost, int httpPort, Duration startupWait) {
        this.httpHost = httpHost;
        this.httpPort = httpPort;
        this.startupWait = startupWait;
    }

    static StartupSettings read() {
        Settings settings = settings(Path.of("application.properties"));
        String format = System.getenv(LOG_FORMAT);
        if (format != null && !format.isBlank() && !format.equals("json") && !format.equals("console")) {
            throw new ConfigurationException(LOG_FORMAT, "'" + format + "' is not json or console");
        }
        String level = System.getenv(LOG_LEVEL);
        if (!LogLevelDefiner.level(level).matches("TRACE|DEBUG|INFO|WARN|ERROR|OFF")) {
            throw new ConfigurationException(LOG_LEVEL, "'" + level + "' is not one of TRACE, DEBUG, INFO, WARN"
                    + " (or WARNING), ERROR, OFF");
        }
        String host = settings.string(HTTP_HOST, DEFAULT_HTTP_HOST);
        InetAddress address = address(host);
        int port = settings.integer(HTTP_PORT, 8080, 0, 65535);
        checkFree(address, port);
        return new StartupSettings(host, port, settings.seconds(StartupCheck.WAIT_SETTING, Duration.ofSeconds(30)));
    }

    private static InetAddress address(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new ConfigurationException(HTTP_HOST, "'" + host + "' is not an address or a known host name");
        }
    }

    /** Vert.x only logs an address it cannot bind and goes on without health and metrics: fail first instead. */
    private static void checkFree(InetAddress address, int port) {
        try {
            bind(address, 0);
        } catch (IOException e) {
            throw new ConfigurationException(HTTP_HOST, "cannot listen on " + address.getHostAddress() + " ("
                    + e.getMessage() + "): not an address of this machine");
        }
        try {
            bind(address, port);
        } catch (IOException e) {
            throw new ConfigurationException(HTTP_PORT, "port " + port + " is in use (" + e.getMessage() + ")");
        }
    }

    private static void bind(InetAddress address, int port) throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(address, port));
        }
    }

    /** The environment, then the properties file when it exists. */
    static Settings settings(Path propertiesFile) {
        Properties properties = new Properties();
        if (Files.isRegularFile(propertiesFile)) {
            try (Reader reader = Files.newBufferedReader(propertiesFile)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new ConfigurationException(propertiesFile.toString(), "cannot be read: " + e.getMessage());
            }
        }
        return new Settings(name -> {
            String env = System.getenv(name);
            return env != null ? env : properties.getProperty(name);
        });
    }

    Duration startupWait() {
        return startupWait;
    }

    /** The management HTTP server with health and Prometheus metrics, MDC logging. */
    void apply(Main main) {
        main.addInitialProperty("camel.management.enabled", "true");
        main.addInitialProperty("camel.management.host", httpHost);
        main.addInitialProperty("camel.management.port", Integer.toString(httpPort));
        main.addInitialProperty("camel.management.healthCheckEnabled", "true");
        main.addInitialProperty("camel.management.metricsEnabled", "true");
        main.addInitialProperty("camel.management.infoEnabled", "true");
        main.addInitialProperty("camel.metrics.enabled", "true");
        // a route reload must not restart counters from zero: by default it empties the registry, and Camel's
        // per-route meters are removed with their route (dbworkers_exchanges_*{route} count per route instead)
        main.addInitialProperty("camel.metrics.clearOnReload", "false");
        main.addInitialProperty("camel.metrics.routePolicyLevel", "context");
        main.addInitialProperty("camel.health.enabled", "true");
        main.addInitialProperty("camel.health.exposureLevel", "full");
        main.addInitialProperty("camel.main.useMdcLogging", "true");
    }
}
