package io.dbworkers.app;

import io.dbworkers.support.Command;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;

import io.dbworkers.component.dbcdc.ReplicationSlots;
import io.dbworkers.config.ConfigurationException;
import io.dbworkers.config.ConnectionUrl;
import io.dbworkers.config.DataSources;
import io.dbworkers.config.Settings;

/**
 * {@code slots list} and {@code slots drop NAME}: the PostgreSQL server's replication slots with the WAL each holds,
 * and dropping one whose consumer is gone for good. The server is {@code --url URL} or {@code DATABASE_URL}
 * (with {@code DATABASE_USER}/{@code DATABASE_PASSWORD}); any database of the server will do.
 */
final class SlotsCommand implements Command {

    static final String USAGE = "usage: slots list | slots drop NAME   [--url postgresql://user:pass@host:5432/db]";

    private final Settings settings;
    private final PrintStream out;

    SlotsCommand(Settings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    @Override
    public int run(List<String> args) throws Exception {
        List<String> rest = new ArrayList<>(args);
        ConnectionUrl url = UrlOption.take(rest, settings);
        if (rest.isEmpty() || !(rest.get(0).equals("list") && rest.size() == 1
                                || rest.get(0).equals("drop") && rest.size() == 2)) {
            throw new ConfigurationException("slots", USAGE);
        }
        if (!url.product().equals("postgresql")) {
            throw new ConfigurationException("DATABASE_URL", "replication slots are PostgreSQL's; " + url
                    + " is " + url.product());
        }
        try (HikariDataSource dataSource = DataSources.pool("slots", url, 1)) {
            DataSources.verify("DATABASE_URL", url, dataSource);
            ReplicationSlots slots = new ReplicationSlots(dataSource);
            if (rest.get(0).equals("list")) {
                list(slots);
                return 0;
            }
            if (slots.drop(rest.get(1))) {
                out.println("dropped slot " + rest.get(1));
                return 0;
            }
            out.println("no slot " + rest.get(1));
            return 1;
        }
    }

    private void list(ReplicationSlots slots) throws Exception {
        out.printf("%-32s %-10s %-24s %-7s %-16s %s%n", "SLOT", "PLUGIN", "DATABASE", "ACTIVE", "CONFIRMED_LSN",
                "RETAINED_WAL_BYTES");
        for (ReplicationSlots.Slot slot : slots.list()) {
            out.printf("%-32s %-10s %-24s %-7s %-16s %s%n", slot.name(), dash(slot.plugin()), dash(slot.database()),
                    slot.active(), dash(slot.confirmedFlushLsn()),
                    slot.retainedWalBytes() == null ? "-" : slot.retainedWalBytes().toString());
        }
    }

    private static String dash(String value) {
        return value == null ? "-" : value;
    }
}
