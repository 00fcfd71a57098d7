package io.dbworkers.app;

import io.dbworkers.support.Statistics;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dbworkers.component.dbcdc.ReplicationSlots;

/**
 * The WAL each replication slot of the PostgreSQL server holds, read whenever the metrics take their background
 * snapshot:
 * {@code <slot>_retained_wal_bytes} per slot (exported as {@code dbworkers_replication_slots_<slot>_retained_wal_bytes})
 * and {@code slots}, their number. A slot that grows without bound has lost its consumer. When the server cannot be
 * asked, the snapshot holds only {@code available = 0}.
 */
public class ReplicationSlotStatistics implements Statistics {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicationSlotStatistics.class);

    private final ReplicationSlots slots;
    /** only the snapshots' thread touches it: one warning per outage, not one per snapshot */
    private boolean failing;

    public ReplicationSlotStatistics(ReplicationSlots slots) {
        this.slots = slots;
    }

    @Override
    public String name() {
        return "replication_slots";
    }

    @Override
    public Map<String, Number> snapshot() {
        Map<String, Number> values = new LinkedHashMap<>();
        try {
            int count = 0;
            for (ReplicationSlots.Slot slot : slots.list()) {
                count++;
                if (slot.retainedWalBytes() != null) {
                    values.put(slot.name() + "_retained_wal_bytes", slot.retainedWalBytes());
                }
            }
            values.put("slots", count);
            values.put("available", 1);
            if (failing) {
                failing = false;
                LOG.info("Reading the replication slots again");
            }
        } catch (SQLException e) {
            if (!failing) {
                failing = true;
                LOG.warn("Cannot read the replication slots: {}", e.getMessage());
            }
            values.clear();
            values.put("available", 0);
        }
        return values;
    }
}
