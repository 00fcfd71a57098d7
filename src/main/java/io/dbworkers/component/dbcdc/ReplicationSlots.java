package io.dbworkers.component.dbcdc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

/**
 * The PostgreSQL server's replication slots. A slot keeps every WAL segment from its restart LSN on, so a slot whose
 * consumer is gone fills the disk: list them with the WAL they hold, and drop those no longer wanted.
 */
public final class ReplicationSlots {

    /**
     * One replication slot.
     *
     * @param name             the slot name
     * @param plugin           the output plugin (pgoutput), null for a physical slot
     * @param database         the database of a logical slot, null for a physical slot
     * @param active           whether a consumer is connected now (also while the slot is being created)
     * @param confirmedFlushLsn the position up to which its consumer confirmed the changes, e.g. {@code 0/16B3748};
     *                         null while the slot is being created and for a physical slot
     * @param retainedWalBytes the WAL the slot holds ({@code pg_current_wal_lsn() - restart_lsn}), null when the slot
     *                         has no restart LSN yet
     */
    public record Slot(String name, String plugin, String database, boolean active, String confirmedFlushLsn,
                       Long retainedWalBytes) {
    }

    private final DataSource dataSource;

    /** @param dataSource any database of the server; slots are server-wide */
    public ReplicationSlots(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public List<Slot> list() throws SQLException {
        List<Slot> slots = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT slot_name, plugin, database, active,"
                     + " confirmed_flush_lsn::text, (pg_current_wal_lsn() - restart_lsn)::bigint"
                     + " FROM pg_replication_slots ORDER BY slot_name");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long retained = rs.getLong(6);
                slots.add(new Slot(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4),
                        rs.getString(5), rs.wasNull() ? null : retained));
            }
        }
        return slots;
    }

    /**
     * Drops the slot, releasing the WAL it holds; its consumer then has to start over. Fails when a consumer is
     * connected to it.
     *
     * @return false when there was no such slot
     */
    public boolean drop(String name) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT pg_drop_replication_slot(slot_name)"
                     + " FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
