package io.dbworkers.writer;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import com.zaxxer.hikari.HikariDataSource;

import io.dbworkers.support.Command;
import io.dbworkers.config.ConfigurationException;
import io.dbworkers.config.ConnectionUrl;
import io.dbworkers.config.DataSources;
import io.dbworkers.config.Settings;
import io.dbworkers.schema.Migrations;

/**
 * {@code java -jar db-workers.jar migrate}: creates or upgrades the readings table {@code TABLE_NAME} in
 * {@code DATABASE_URL} (a TimescaleDB hypertable with {@code ENABLE_TIMESCALE=true}) and says what it did. Settings
 * come from the environment, then {@code application.properties} in the working directory.
 */
public class MigrateCommand implements Command {

    @Override
    public int run(List<String> args) throws Exception {
        if (!args.isEmpty()) {
            throw new ConfigurationException("migrate", "takes no arguments (it reads DATABASE_URL, TABLE_NAME and"
                    + " ENABLE_TIMESCALE), got " + String.join(" ", args));
        }
        Settings settings = settings();
        ConnectionUrl url = settings.connection("DATABASE").orElseThrow(
                () -> new ConfigurationException("DATABASE_URL", "is not set; migrate needs the PostgreSQL database"));
        String table = settings.string("TABLE_NAME", "sensor_readings");
        boolean timescale = settings.bool("ENABLE_TIMESCALE", false);
        try (HikariDataSource dataSource = DataSources.pool("migrate", url, 2)) {
            DataSources.verify("DATABASE_URL", url, dataSource);
            int applied = Migrations.migrate(dataSource, table, timescale);
            System.out.println(applied == 0
                    ? "Table " + table + " in " + url + " is up to date; no migration applied"
                    : "Table " + table + " in " + url + ": applied " + applied + " migration(s)"
                    + (timescale ? "; it is a TimescaleDB hypertable" : ""));
        }
        return 0;
    }

    private static Settings settings() throws IOException {
        Properties file = new Properties();
        Path path = Path.of("application.properties");
        if (Files.isRegularFile(path)) {
            try (Reader reader = Files.newBufferedReader(path)) {
                file.load(reader);
            }
        }
        return new Settings(name -> {
            String env = System.getenv(name);
            return env != null ? env : file.getProperty(name);
        });
    }
}
