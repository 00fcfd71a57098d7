package io.dbworkers.component.dbcdc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.postgresql.PGConnection;
import org.postgresql.replication.ReplicationSlotInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dbworkers.change.ChangeType;
import io.dbworkers.change.DatabaseChange;
import io.dbworkers.change.SourcePosition;
import io.dbworkers.component.dbcdc.pgoutput.PgOutputDecoder;
import io.dbworkers.component.dbcdc.pgoutput.PgTextValuesResolver;
import io.dbworkers.sql.Identifiers;

/**
 * The first start of a capture with {@code snapshot=true}: the published tables' rows as READ changes, then streaming
 * from the slot. When the slot is created here, its exported snapshot is read (REPEATABLE READ): every row committed
 * before streaming starts is in it exactly once. When the slot exists already (an earlier start stopped during its
 * snapshot), the rows are read as of now and streaming starts at the slot's position, so a row changed meanwhile may
 * arrive twice, never not at all. The rows are streamed through a cursor in batches, so memory stays bounded; the
 * offset is saved once the last batch completed, and a snapshot that did not complete is read again on the next start.
 */
final class PgOutputSnapshot {

    /** Hands a batch to the pipeline, waiting for room. */
    interface Offer {
        void offer(PgOutputBatch batch) throws InterruptedException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(PgOutputSnapshot.class);
    private static final int FETCH_SIZE = 1000;

    private final DbCdcEndpoint endpoint;
    private final CaptureConfig config;
    private final Offer offer;
    private final PgTextValuesResolver resolver = new PgTextValuesResolver();

    PgOutputSnapshot(DbCdcEndpoint endpoint, CaptureConfig config, Offer offer) {
        this.endpoint = endpoint;
        this.config = config;
        this.offer = offer;
    }

    /** Reads the snapshot; the position streaming starts from. */
    PgOutputOffset run(Connection sql, Connection replication) throws SQLException, InterruptedException {
        String exported = null;
        long position = slotPosition(sql);
        if (position < 0) {
            ReplicationSlotInfo slot = replication.unwrap(PGConnection.class).getReplicationAPI()
                    .createReplicationSlot().logical().withSlotName(config.slotName()).withOutputPlugin("pgoutput")
                    .make();
            exported = slot.getSnapshotName();
            position = slot.getConsistentPoint().asLong();
            LOG.info("db-cdc:{} created the replication slot {} at {}", config.name(), config.slotName(),
                    slot.getConsistentPoint());
        }
        boolean autoCommit = sql.getAutoCommit();
        sql.setAutoCommit(false);
        try (Statement s = sql.createStatement()) {
            s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            if (exported != null) {
                // SET TRANSACTION SNAPSHOT takes no parameter; the name comes from the server, quoted as a literal
                s.execute("SET TRANSACTION SNAPSHOT '" + exported.replace("'", "''") + "'");
            }
            SourcePosition source = new SourcePosition("pgoutput", Long.toString(position));
            Instant now = Instant.now();
            List<DatabaseChange> changes = new ArrayList<>();
            long rows = 0;
            for (CaptureConfig.TableName table : tables(sql)) {
                rows += read(sql, table, source, now, changes);
            }
            sql.commit();
            PgOutputOffset offset = new PgOutputOffset(position, position, 0, 0, now.toEpochMilli() * 1000);
            offer.offer(new PgOutputBatch(changes, true, offset, 0));
            LOG.info("db-cdc:{} snapshot of {} rows read; streaming from {}", config.name(), rows, position);
            return offset;
        } catch (SQLException | RuntimeException | InterruptedException e) {
            sql.rollback();
            throw e;
        } finally {
            sql.setAutoCommit(autoCommit);
        }
    }

    private long read(Connection sql, CaptureConfig.TableName table, SourcePosition source, Instant now,
                      List<DatabaseChange> changes) throws SQLException, InterruptedException {
        Identifiers identifiers = Identifiers.of(sql);
        int oid;
        List<String> names = new ArrayList<>();
        List<int[]> types = new ArrayList<>();
        try (PreparedStatement ps = sql.prepareStatement("SELECT c.oid, a.attname, a.atttypid, a.atttypmod"
                + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped"
                + " WHERE n.nspname = ? AND c.relname = ? ORDER BY a.attnum")) {
            ps.setString(1, table.schema());
            ps.setString(2, table.table());
            try (ResultSet rs = ps.executeQuery()) {
                oid = 0;
                while (rs.next()) {
                    oid = rs.getInt(1);
                    PgTextValuesResolver.Resolved type = resolver.resolve(sql, rs.getInt(3), rs.getInt(4));
                    if (!type.omitted()) {
                        names.add(rs.getString(2));
                        types.add(new int[] {type.typeOid(), type.typeModifier()});
                    }
                }
            }
        }
        List<String> key = PgOutputReader.primaryKey(sql, oid);
        StringBuilder select = new StringBuilder("SELECT ");
        for (int i = 0; i < names.size(); i++) {
            select.append(i == 0 ? "" : ", ").append(identifiers.quote(names.get(i))).append("::text");
        }
        select.append(" FROM ").append(identifiers.quote(table.schema(), table.table()));
        long rows = 0;
        try (Statement s = sql.createStatement()) {
            s.setFetchSize(FETCH_SIZE);
            try (ResultSet rs = s.executeQuery(select.toString())) {
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 0; i < names.size(); i++) {
                        row.put(names.get(i), PgOutputDecoder.value(types.get(i)[0], types.get(i)[1],
                                rs.getString(i + 1)));
                    }
                    Map<String, Object> keyValues = new LinkedHashMap<>();
                    for (String column : key) {
                        keyValues.put(column, row.get(column));
                    }
                    changes.add(new DatabaseChange(table.schema(), table.table(), ChangeType.READ, keyValues,
                            Collections.unmodifiableMap(row), null, now, source));
                    rows++;
                    if (!endpoint.isBatch() || changes.size() >= endpoint.getMaxBatchSize()) {
                        handOver(changes);
                    }
                }
            }
        }
        return rows;
    }

    private void handOver(List<DatabaseChange> changes) throws InterruptedException {
        if (endpoint.isBatch()) {
            offer.offer(new PgOutputBatch(new ArrayList<>(changes), true, null, 0));
        } else {
            for (DatabaseChange change : changes) {
                offer.offer(new PgOutputBatch(List.of(change), false, null, 0));
            }
        }
        changes.clear();
    }

    /** The published tables: the listed ones, or every table of a FOR ALL TABLES publication. */
    private List<CaptureConfig.TableName> tables(Connection sql) throws SQLException {
        if (!config.tables().isEmpty()) {
            return config.tables();
        }
        List<CaptureConfig.TableName> tables = new ArrayList<>();
        try (PreparedStatement ps = sql.prepareStatement("SELECT schemaname, tablename FROM pg_publication_tables"
                + " WHERE pubname = ? ORDER BY 1, 2")) {
            ps.setString(1, config.publicationName());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tables.add(new CaptureConfig.TableName(rs.getString(1), rs.getString(2)));
                }
            }
        }
        return tables;
    }

    /** The slot's confirmed position, or -1 when there is no slot yet. */
    private long slotPosition(Connection sql) throws SQLException {
        try (PreparedStatement ps = sql.prepareStatement("SELECT (confirmed_flush_lsn - '0/0')::bigint"
                + " FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, config.slotName());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }
    }
}
