package io.dbworkers.app;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;

import io.dbworkers.config.ConfigurationException;
import io.dbworkers.config.ConnectionUrl;
import io.dbworkers.config.DataSources;
import io.dbworkers.config.Settings;
import io.dbworkers.support.Command;

/**
 * {@code pgq status [--url URL]}: what Skytools' {@code pgqadm status} printed, for the database of {@code --url} or
 * {@code DATABASE_URL}: each queue with its rotation, ticker settings and ticker lag, then each consumer with its lag
 * and pending events. {@code pgq init NAME} (also {@code init pgq NAME}) writes a consumer route, see {@link PgqInit}.
 */
final class PgqCommand implements Command {

    static final String USAGE = "usage: pgq status [--url postgresql://user:pass@host:5432/db] | pgq init NAME";

    private final Settings settings;
    private final PrintStream out;

    PgqCommand(Settings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    @Override
    public int run(List<String> args) throws Exception {
        if (args.size() == 2 && args.get(0).equals("init")) {
            return PgqInit.write(args.get(1), out);
        }
        List<String> rest = new ArrayList<>(args);
        ConnectionUrl url = UrlOption.take(rest, settings);
        if (!rest.equals(List.of("status"))) {
            throw new ConfigurationException("pgq", USAGE);
        }
        try (HikariDataSource dataSource = DataSources.pool("pgq-status", url, 1)) {
            DataSources.verify("DATABASE_URL", url, dataSource);
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("select 1 from pg_extension where extname = 'pgq'")) {
                    if (!rs.next()) {
                        throw new ConfigurationException("DATABASE_URL", "the pgq extension is not installed in "
                                + url);
                    }
                }
                status(s);
            }
        }
        return 0;
    }

    private void status(Statement s) throws Exception {
        try (ResultSet rs = s.executeQuery("select current_setting('server_version'), pgq.version()")) {
            rs.next();
            out.printf("Postgres version: %s   PgQ version: %s%n%n", rs.getString(1), rs.getString(2));
        }
        out.printf("%-40s %12s %16s %8s %8s%n", "Event queue", "Rotation", "Ticker", "TLag", "Paused");
        out.println("-".repeat(88));
        try (ResultSet rs = s.executeQuery("select queue_name, queue_ntables,"
                + " extract(epoch from queue_rotation_period)::bigint, queue_ticker_max_count,"
                + " extract(epoch from queue_ticker_max_lag)::bigint,"
                + " extract(epoch from queue_ticker_idle_period)::bigint, extract(epoch from ticker_lag)::bigint,"
                + " queue_ticker_paused, queue_external_ticker from pgq.get_queue_info() order by 1")) {
            while (rs.next()) {
                out.printf("%-40s %12s %16s %8s %8s%n", rs.getString(1), rs.getInt(2) + "/" + rs.getLong(3) + "s",
                        rs.getBoolean(9) ? "external" : rs.getLong(4) + "/" + rs.getLong(5) + "s/" + rs.getLong(6) + "s",
                        rs.getLong(7) + "s", rs.getBoolean(8) ? "yes" : "no");
            }
        }
        out.println();
        out.printf("%-40s %-24s %8s %10s %10s%n", "Event queue", "Consumer", "Lag", "LastSeen", "Pending");
        out.println("-".repeat(96));
        try (ResultSet rs = s.executeQuery("select queue_name, consumer_name, extract(epoch from lag)::bigint,"
                + " extract(epoch from last_seen)::bigint, pending_events from pgq.get_consumer_info()"
                + " order by 1, 2")) {
            while (rs.next()) {
                out.printf("%-40s %-24s %8s %10s %10d%n", rs.getString(1), rs.getString(2), rs.getLong(3) + "s",
                        rs.getLong(4) + "s", rs.getLong(5));
            }
        }
    }
}
