package io.dbworkers.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

import com.zaxxer.hikari.HikariDataSource;

import io.dbworkers.config.ConnectionUrl;
import io.dbworkers.config.DataSources;

/**
 * The real servers on localhost, as the test command prepares them. Each test class gets fresh, empty databases,
 * streams and queues named after it, so classes never see each other's data.
 */
public abstract class ItSupport {

    public static final String PG_HOST = env("PGHOST", "127.0.0.1");
    public static final String PG_USER = env("PGUSER", "postgres");
    public static final String MARIADB_HOST = env("MARIADB_HOST", "127.0.0.1");
    public static final String MARIADB_USER = env("MARIADB_USER", "root");
    public static final String REDIS_URI = env("REDIS_URI", "redis://127.0.0.1:6379");
    public static final String AMQP_URI = env("AMQP_URI", "amqp://guest:guest@127.0.0.1:5672");

    /** The e-commerce schema of the seed 001 (PostgreSQL), as the seed gives it. */
    public static final String[] SEED_001_SCHEMA = {"""
            CREATE TABLE orders (
                id SERIAL PRIMARY KEY,
                customer_email VARCHAR(255) NOT NULL,
                status VARCHAR(50) DEFAULT 'pending',
                total_amount DECIMAL(10,2),
                created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
                updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
            )""", """
            CREATE TABLE order_items (
                id SERIAL PRIMARY KEY,
                order_id INTEGER REFERENCES orders(id),
                product_id INTEGER NOT NULL,
                quantity INTEGER NOT NULL,
                price DECIMAL(10,2)
            )""", """
            CREATE TABLE inventory (
                product_id INTEGER PRIMARY KEY,
                stock_quantity INTEGER NOT NULL DEFAULT 0,
                low_stock_threshold INTEGER DEFAULT 5,
                updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
            )"""};

    /** A name unique to the test class, usable as a database, stream or queue name: {@code it_db_poll_restart}. */
    public static String nameFor(Class<?> testClass) {
        String simple = testClass.getSimpleName().replaceAll("IT$|Test$", "");
        return "it_" + simple.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    public static String postgresJdbcUrl(String database) {
        return "jdbc:postgresql://" + PG_HOST + ":5432/" + database;
    }

    public static String mariaDbJdbcUrl(String database) {
        return "jdbc:mariadb://" + MARIADB_HOST + ":3306/" + database;
    }

    /** Drops and creates the PostgreSQL database of the test class and returns a pool on it. */
    public static HikariDataSource freshPostgres(Class<?> testClass) {
        String db = nameFor(testClass);
        try (Connection c = DriverManager.getConnection(postgresJdbcUrl("postgres"), PG_USER, null);
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + db);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL on " + PG_HOST + ":5432 is not ready: " + e.getMessage(), e);
        }
        return DataSources.pool(db, new ConnectionUrl(postgresJdbcUrl(db), PG_USER, null), 8);
    }

    /** Drops and creates the MariaDB database of the test class and returns a pool on it. */
    public static HikariDataSource freshMariaDb(Class<?> testClass) {
        String db = nameFor(testClass);
        try (Connection c = DriverManager.getConnection(mariaDbJdbcUrl(""), MARIADB_USER, "");
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + db);
            s.execute("CREATE DATABASE " + db);
        } catch (SQLException e) {
            throw new IllegalStateException("MariaDB on " + MARIADB_HOST + ":3306 is not ready: " + e.getMessage(), e);
        }
        return DataSources.pool(db, new ConnectionUrl(mariaDbJdbcUrl(db), MARIADB_USER, ""), 8);
    }

    /** Runs statements on a data source, each committed. */
    public static void execute(javax.sql.DataSource dataSource, String... sql) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static String env(String name, String defaultValue) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? defaultValue : value;
    }
}
