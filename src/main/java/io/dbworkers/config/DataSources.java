package io.dbworkers.config;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;

/** Connection pools for the databases named in the configuration. */
public final class DataSources {

    private DataSources() {
    }

    /**
     * A HikariCP pool for the connection. It does not connect until {@link #verify} or first use, so that start-up
     * can say which setting points at an unreachable database.
     */
    public static HikariDataSource pool(String name, ConnectionUrl url, int maxSize) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(url.jdbcUrl());
        if (url.user() != null) {
            config.setUsername(url.user());
        }
        if (url.password() != null) {
            config.setPassword(url.password());
        }
        config.setMaximumPoolSize(maxSize);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(10_000);
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }

    /** Opens one connection, or fails with a one-line error naming the setting. */
    public static void verify(String setting, ConnectionUrl url, DataSource dataSource) {
        try (Connection ignored = dataSource.getConnection()) {
            // reachable
        } catch (SQLException | HikariPool.PoolInitializationException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            throw new ConfigurationException(setting, "cannot connect to " + url + ": "
                    + Masking.mask(String.valueOf(root.getMessage())).lines().findFirst().orElse(""));
        }
    }
}
