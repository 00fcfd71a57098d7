package io.dbworkers.component.dbcdc;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.postgresql.PGConnection;
import org.postgresql.PGProperty;
import org.postgresql.replication.LogSequenceNumber;
import org.postgresql.replication.PGReplicationStream;

import io.dbworkers.change.DatabaseChange;
import io.dbworkers.component.dbcdc.pgoutput.PgOutputDecoder;
import io.dbworkers.component.dbcdc.pgoutput.PgOutputListener;
import io.dbworkers.component.dbcdc.pgoutput.PgTextValuesResolver;
import io.dbworkers.support.SupervisedLoop;

/**
 * Reads the replication slot directly with pgjdbc's replication API and the pgoutput plugin, and hands what is read
 * to the pipeline in batches of up to {@code maxBatchSize} changes or 4 MiB, as soon as the server has nothing more
 * pending at the end of a transaction (so a trickle goes out at once and a backlog in full batches). Only a batch that
 * reaches its bound ends inside a transaction.
 * <p>
 * Commit: once a batch and every batch before it completed, its last change's position is saved in the offset store,
 * then the end of the last transaction wholly in it (or before) is confirmed to the slot; never a position past a
 * change that did not complete. On start the server resumes at the slot's confirmed position, and what the saved
 * offset says was completed (a transaction begun before a restart, or Debezium's offset) is skipped. While nothing is
 * in flight the server's WAL position is confirmed every {@code heartbeatInterval}, so an idle slot holds no WAL.
 */
final class PgOutputReader implements CaptureReader, PgOutputListener {

    private static final long MAX_BATCH_BYTES = 4L << 20;
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    private static final long CONFIRM_GAP_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final DbCdcConsumer consumer;
    private final DbCdcEndpoint endpoint;
    private final CaptureConfig config;
    private final String key;
    /** The highest position commits allow to confirm; raised by the delivery thread, confirmed by the reader's. */
    private final AtomicLong confirmable = new AtomicLong();
    private volatile boolean closed;
    private volatile Thread thread;

    private PGReplicationStream stream;
    private SupervisedLoop self;
    private PgOutputOffset resume;
    private boolean resumeFirstTransaction;
    private boolean skipTransaction;
    private long skipUpTo;
    private long lastCommitEnd;
    private long transactionPreviousCommit;
    private long transactionFinalLsn;
    private long transactionXid;
    private long transactionMicros;
    private boolean inTransaction;
    private List<DatabaseChange> pending = new ArrayList<>();
    private long pendingBytes;
    private PgOutputOffset pendingOffset;
    private long confirmed;
    private long lastConfirmNanos;

    PgOutputReader(DbCdcConsumer consumer, DbCdcEndpoint endpoint, CaptureConfig config) {
        this.consumer = consumer;
        this.endpoint = endpoint;
        this.config = config;
        this.key = PgOutputOffset.key(config.name());
    }

    @Override
    public Throwable run(SupervisedLoop loop) throws Exception {
        self = loop;
        thread = Thread.currentThread();
        try (Connection sql = DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password());
             Connection replication = replicationConnection()) {
            if (!running()) {
                return null;
            }
            consumer.pipeline().reopen();
            resume = PgOutputOffset.parse(consumer.offsets().getState(key));
            if (endpoint.isSnapshot() && resume == null) {
                resume = new PgOutputSnapshot(endpoint, config, this::offer).run(sql, replication);
                if (resume == null) {
                    return null;
                }
            }
            reset();
            stream = replication.unwrap(PGConnection.class).getReplicationAPI().replicationStream().logical()
                    .withSlotName(config.slotName())
                    .withSlotOption("proto_version", "1")
                    // a list of identifiers, folded to lower case unless quoted: the publication was created quoted
                    .withSlotOption("publication_names", "\"" + config.publicationName() + "\"")
                    .withStatusInterval(10, TimeUnit.SECONDS)
                    .start();
            consumer.connected(loop);
            stream(sql);
            return null;
        } catch (SQLException e) {
            return running() ? e : null;
        } catch (InterruptedException e) {
            // the consumer stopped while a batch waited for the pipeline: it is read again on the next start
            return null;
        } finally {
            stream = null;
            if (loop.isRunning()) {
                // a failure: what was not committed is read again by the next run; on a stop the consumer drains it
                consumer.pipeline().close();
            }
        }
    }

    private Connection replicationConnection() throws SQLException {
        Properties props = new Properties();
        PGProperty.USER.set(props, config.user());
        if (config.password() != null) {
            PGProperty.PASSWORD.set(props, config.password());
        }
        PGProperty.ASSUME_MIN_SERVER_VERSION.set(props, "10");
        PGProperty.REPLICATION.set(props, "database");
        PGProperty.PREFER_QUERY_MODE.set(props, "simple");
        return DriverManager.getConnection(config.jdbcUrl(), props);
    }

    private void reset() {
        resumeFirstTransaction = true;
        skipTransaction = false;
        skipUpTo = -1;
        lastCommitEnd = resume == null ? 0 : resume.commitLsn();
        inTransaction = false;
        pending = new ArrayList<>();
        pendingBytes = 0;
        confirmed = 0;
    }

    private void stream(Connection sql) throws Exception {
        // per connection: the OIDs of user types are the database's own
        PgTextValuesResolver types = new PgTextValuesResolver();
        PgOutputDecoder decoder = new PgOutputDecoder(oid -> primaryKey(sql, oid),
                (type, modifier) -> types.resolve(sql, type, modifier));
        long interval = TimeUnit.MILLISECONDS.toNanos(endpoint.getHeartbeatInterval());
        long nextHeartbeat = System.nanoTime() + interval;
        while (running()) {
            confirm(false);
            ByteBuffer message = stream.readPending();
            if (message != null) {
                decoder.decode(message, stream.getLastReceiveLSN().asLong(), this);
                if (pending.size() >= endpoint.getMaxBatchSize() || pendingBytes >= MAX_BATCH_BYTES) {
                    handOver();
                }
                continue;
            }
            if (!inTransaction) {
                // the server sends a committed transaction in one go: wait for its end rather than split it
                handOver();
            }
            if (interval > 0 && System.nanoTime() - nextHeartbeat >= 0) {
                nextHeartbeat = System.nanoTime() + interval;
                heartbeat(sql);
            }
            LockSupport.parkNanos(this, IDLE_NANOS);
        }
    }

    /** Runs the heartbeat query and, with nothing in flight, confirms the server's position: the slot holds no WAL. */
    private void heartbeat(Connection sql) throws SQLException {
        String query = endpoint.getHeartbeatActionQuery();
        if (query != null && !query.isBlank()) {
            try (Statement s = sql.createStatement()) {
                s.execute(query);
            }
        }
        if (!inTransaction && pending.isEmpty() && consumer.pipeline().isEmpty()) {
            confirmable.accumulateAndGet(stream.getLastReceiveLSN().asLong(), Math::max);
            confirm(true);
        }
    }

    private void confirm(boolean now) throws SQLException {
        long lsn = confirmable.get();
        if (lsn > confirmed && (now || System.nanoTime() - lastConfirmNanos >= CONFIRM_GAP_NANOS)) {
            LogSequenceNumber position = LogSequenceNumber.valueOf(lsn);
            stream.setFlushedLSN(position);
            stream.setAppliedLSN(position);
            stream.forceUpdateStatus();
            confirmed = lsn;
            lastConfirmNanos = System.nanoTime();
        }
    }

    @Override
    public void begin(long finalLsn, long commitMicros, long xid) {
        inTransaction = true;
        transactionPreviousCommit = lastCommitEnd;
        transactionFinalLsn = finalLsn;
        transactionXid = xid;
        transactionMicros = commitMicros;
        skipTransaction = false;
        skipUpTo = -1;
        if (resume != null) {
            skipTransaction = resume.completedTransaction(finalLsn);
            if (!skipTransaction) {
                skipUpTo = resume.completedUpTo(finalLsn, resumeFirstTransaction);
                resumeFirstTransaction = false;
            }
        }
    }

    @Override
    public void change(DatabaseChange change, long lsn, int bytes) throws InterruptedException {
        if (skipTransaction || lsn <= skipUpTo) {
            return;
        }
        PgOutputOffset offset = new PgOutputOffset(transactionPreviousCommit, lsn, transactionFinalLsn,
                transactionXid, transactionMicros);
        if (!endpoint.isBatch()) {
            offer(new PgOutputBatch(List.of(change), false, offset, lastCommitEnd));
            return;
        }
        pending.add(change);
        pendingBytes += bytes;
        pendingOffset = offset;
    }

    @Override
    public void commit(long endLsn) {
        inTransaction = false;
        lastCommitEnd = endLsn;
    }

    private void handOver() throws InterruptedException {
        if (pending.isEmpty()) {
            return;
        }
        PgOutputBatch batch = new PgOutputBatch(pending, true, pendingOffset, lastCommitEnd);
        pending = new ArrayList<>(Math.min(endpoint.getMaxBatchSize(), 1024));
        pendingBytes = 0;
        offer(batch);
    }

    /**
     * Waits for room in the pipeline (answering the server meanwhile, so it does not drop the connection), then hands
     * the batch over; when the consumer stops first, the batch is dropped and read again on the next start.
     */
    private void offer(PgOutputBatch batch) throws InterruptedException {
        BatchPipeline pipeline = consumer.pipeline();
        try {
            while (running() && !pipeline.awaitRoom(1000)) {
                if (stream != null) {
                    confirm(true);
                    stream.forceUpdateStatus();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("db-cdc:" + config.name() + " lost the replication connection", e);
        }
        if (!running() || !pipeline.offer(batch)) {
            throw new InterruptedException("db-cdc:" + config.name() + " stopped before its changes completed");
        }
    }

    @Override
    public void commit(List<BatchPipeline.PipelineBatch> batches) {
        PgOutputBatch last = (PgOutputBatch) batches.get(batches.size() - 1);
        if (last.offset != null) {
            consumer.offsets().setState(key, last.offset.toJson());
        }
        confirmable.accumulateAndGet(last.flushLsn, Math::max);
        Thread reader = thread;
        if (reader != null) {
            LockSupport.unpark(reader);
        }
    }

    @Override
    public void close() {
        closed = true;
        Thread reader = thread;
        if (reader != null) {
            LockSupport.unpark(reader);
        }
    }

    private boolean running() {
        return !closed && self.isRunning() && consumer.running();
    }

    /** The PRIMARY KEY columns of the table, in key order, as Debezium's key holds them. */
    static List<String> primaryKey(Connection sql, int oid) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (PreparedStatement ps = sql.prepareStatement("SELECT a.attname FROM pg_index i"
                + " CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, n)"
                + " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum"
                + " WHERE i.indrelid = ?::oid AND i.indisprimary ORDER BY k.n")) {
            ps.setLong(1, Integer.toUnsignedLong(oid));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                }
            }
        }
        return columns;
    }
}
