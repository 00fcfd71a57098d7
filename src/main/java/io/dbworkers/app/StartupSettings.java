package io.dbworkers.app;

import java.io.IOException;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
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
 * <li>{@code STARTUP_WAIT_SEC} (default 30): how long start-up waits for the databases, Redis and RabbitMQ;</li>
 * <li>{@code LOG_FORMAT} ({@code console} or {@code json}) and {@code LOG_LEVEL}, read by {@code logback.xml} from the
 * environment; checked here so that a typo is an error rather than silence.</li>
 * </ul>
 */
final class StartupSettings {

    static final String HTTP_PORT = "HTTP_PORT";
    static final String LOG_FORMAT = "LOG_FORMAT";
    static final String LOG_LEVEL = "LOG_LEVEL";

    private final int httpPort;
    private final Duration startupWait;

    private StartupSettings(int httpPort, Duration startupWait) {
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
        int port = settings.integer(HTTP_PORT, 8080, 0, 65535);
        checkFree(port);
        return new StartupSettings(port, settings.seconds(StartupCheck.WAIT_SETTING, Duration.ofSeconds(30)));
    }

    /** Vert.x only logs a port it cannot bind and goes on without health and metrics: fail first instead. */
    private static void checkFree(int port) {
        if (port == 0) {
            return;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(port));
        } catch (IOException e) {
            throw new ConfigurationException(HTTP_PORT, "port " + port + " is in use (" + e.getMessage() + ")");
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
        main.addInitialProperty("camel.management.port", Integer.toString(httpPort));
        main.addInitialProperty("camel.management.healthCheckEnabled", "true");
        main.addInitialProperty("camel.management.metricsEnabled", "true");
        main.addInitialProperty("camel.management.infoEnabled", "true");
        main.addInitialProperty("camel.metrics.enabled", "true");
        main.addInitialProperty("camel.health.enabled", "true");
        main.addInitialProperty("camel.health.exposureLevel", "full");
        main.addInitialProperty("camel.main.useMdcLogging", "true");
    }
}
