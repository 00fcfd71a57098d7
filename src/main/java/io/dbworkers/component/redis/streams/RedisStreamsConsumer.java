package io.dbworkers.component.redis.streams;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckAware;
import org.apache.camel.support.DefaultConsumer;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dbworkers.config.ConfigurationException;
import io.dbworkers.config.Masking;
import io.dbworkers.support.ConsumerMetrics;
import io.dbworkers.support.ConsumerStatus;
import io.dbworkers.support.OutageLog;
import io.dbworkers.support.Problem;
import io.dbworkers.support.SupervisedLoop;
import io.lettuce.core.Consumer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.models.stream.ClaimedMessages;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;

/**
 * Reads the selected streams through a consumer group on one thread: first this consumer's own pending entries, then
 * new ones; every {@code claimIdle / 2} it claims the group's entries idle for longer than {@code claimIdle}. Entries
 * are acknowledged once their exchange completed, one XACK per stream after each read (see
 * {@link RedisStreamsEndpoint} for the guarantee). On a Redis failure it drops both connections, reports not ready
 * (also to Camel's consumer health checks, through {@link HealthCheckAware}), and reconnects with a growing pause.
 * Any other failure of the reading loop or of the prefetch worker, an {@code Error} included, is logged, reported as
 * not ready with its reason, and the loop starts again from new connections ({@link SupervisedLoop}).
 */
public class RedisStreamsConsumer extends DefaultConsumer implements HealthCheckAware, ConsumerStatus,
        ConsumerMetrics {

    private static final Logger LOG = LoggerFactory.getLogger(RedisStreamsConsumer.class);
    private static final long FIRST_RETRY = 100;
    /** XREADGROUP's id for the entries never delivered to the group */
    private static final String NEW_ENTRIES = ">";
    /** how long {@link #gauges()} waits for Redis: a metrics scrape or health check must not hang on it */
    static final Duration PENDING_TIMEOUT = Duration.ofSeconds(1);

    private final RedisStreamsEndpoint endpoint;
    private StreamSelection selection;
    private GroupStreams streams;
    private Acknowledgements acks;
    private Consumer<String> me;
    private ExecutorService executor;
    /** with prefetch: runs the batch exchanges, one at a time, while the consumer's thread reads the next batch */
    private ExecutorService worker;
    private final Semaphore inFlight = new Semaphore(1);
    /** what ended a batch on the worker thread; the reading loop fails with it */
    private volatile Throwable workerFailure;
    private SupervisedLoop loop;
    private RedisClient client;
    /** XREADGROUP ... BLOCK holds its connection, so everything else goes through the control connection */
    private StatefulRedisConnection<String, String> reader;
    private volatile StatefulRedisConnection<String, String> control;
    private DeliveryCounts deliveryCounts;
    private ReadSize readSize;
    private volatile boolean ready;
    /** why the consumer is not connected to Redis; null while connected */
    private volatile Problem connection;
    /** one line per outage step, and its recovery; touched by the reading thread only */
    private OutageLog outage;
    private boolean regroup;
    private long nextClaim;
    private HealthCheck healthCheck;

    public RedisStreamsConsumer(RedisStreamsEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
    }

    /** Whether the consumer is connected to Redis and reading. */
    public boolean isReady() {
        return ready;
    }

    /** Not connected to Redis, or the reading loop failing (and being started again); the latest reason first. */
    @Override
    public Problem readinessProblem() {
        SupervisedLoop current = loop;
        Problem failing = current == null ? null : current.problem();
        if (failing != null) {
            return failing;
        }
        Problem dead = livenessProblem();
        if (dead != null) {
            return dead;
        }
        return ready ? null : connection;
    }

    /** The reading loop's thread ended although the consumer runs: nothing reads any more. */
    @Override
    public Problem livenessProblem() {
        SupervisedLoop current = loop;
        return current == null ? null : current.livenessProblem();
    }

    @Override
    public Map<String, Object> details() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("redis.streams.consumer", consumerName());
        details.put("redis.streams.streams", streams == null ? 0 : streams.names().size());
        SupervisedLoop current = loop;
        if (current != null) {
            details.put("redis.streams.restarts", current.restarts());
        }
        return details;
    }

    /** Called by Camel's consumers health-check repository (camel-health), which reports it as the route's check. */
    @Override
    public HealthCheck getHealthCheck() {
        return healthCheck;
    }

    @Override
    public void setHealthCheck(HealthCheck healthCheck) {
        this.healthCheck = healthCheck;
    }

    String consumerName() {
        return me == null ? endpoint.getConsumerName() : RawText.display(me.getName());
    }

    /**
     * One snapshot of the group's entries delivered and not yet acknowledged, per stream read (by name as shown in
     * {@link StreamMessage#stream()}): one XPENDING per stream, all sent at once, waited for at most {@code timeout}.
     * Empty when not connected to Redis or when Redis did not answer in time. Any thread; for metrics, call it once
     * per scrape.
     */
    public Optional<Map<String, Long>> pendingCounts(Duration timeout) {
        StatefulRedisConnection<String, String> connection = control;
        if (connection == null || !ready) {
            return Optional.empty();
        }
        return PendingCounts.of(connection, me.getGroup(), streams.names(), timeout);
    }

    /**
     * {@code redis_pending_entries{stream}}: one {@link #pendingCounts(Duration)} snapshot within
     * {@link #PENDING_TIMEOUT}; none while not connected to Redis or when it did not answer in time.
     */
    @Override
    public List<Gauge> gauges() {
        List<Gauge> gauges = new ArrayList<>();
        pendingCounts(PENDING_TIMEOUT).ifPresent(counts -> counts.forEach((stream, count) ->
                gauges.add(new Gauge("redis_pending_entries", Map.of("stream", stream), count))));
        return gauges;
    }

    @Override
    protected void doStart() throws Exception {
        validate();
        selection = new StreamSelection(endpoint.getStream(), endpoint.getDeadLetterStream(), endpoint.getExclude());
        outage = new OutageLog(LOG, "redis-streams " + selection.path() + " (entries not yet acknowledged stay"
                + " pending) on Redis at " + Masking.mask(endpoint.getRedisUri()));
        streams = new GroupStreams(selection, endpoint.getGroup(), endpoint.getStartId(),
                endpoint.getDiscoveryInterval());
        acks = new Acknowledgements(endpoint.getGroup());
        readSize = new ReadSize(endpoint.getCount(), endpoint.getMaxBatchBytes());
        String name = endpoint.getConsumerName() != null ? endpoint.getConsumerName() : hostName();
        me = Consumer.from(RawText.raw(endpoint.getGroup()), RawText.raw(name));
        connection = Problem.of("redis-streams " + selection.path() + ": not connected to Redis yet", null);
        client = endpoint.newClient(false, Duration.ofMillis(endpoint.getBlock() + 5000),
                "redis-streams:" + endpoint.getGroup() + ":" + name);
        if (healthCheck == null) {
            healthCheck = new RedisStreamsConsumerHealthCheck(this, getRouteId());
        }
        healthCheck.setEnabled(endpoint.getComponent().isHealthCheckConsumerEnabled());
        super.doStart();
        if (endpoint.isPrefetch() && endpoint.isBatch()) {
            worker = getEndpoint().getCamelContext().getExecutorServiceManager()
                    .newSingleThreadExecutor(this, "RedisStreamsConsumer[" + selection.path() + "]-worker");
        }
        executor = getEndpoint().getCamelContext().getExecutorServiceManager()
                .newSingleThreadExecutor(this, "RedisStreamsConsumer[" + selection.path() + "]");
        loop = new SupervisedLoop("redis-streams " + selection.path(), LOG, Duration.ofMillis(FIRST_RETRY),
                Duration.ofMillis(maxRetry()), this::run);
        loop.start(executor);
    }

    @Override
    protected void doStop() throws Exception {
        if (loop != null) {
            loop.stop();
        }
        if (executor != null) {
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownGraceful(executor);
            executor = null;
        }
        if (worker != null) {
            // the batches read before the stop are still processed, and acknowledged below
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownGraceful(worker);
            worker = null;
        }
        try {
            if (control != null) {
                acks.flush(control);
            }
        } catch (RuntimeException e) {
            LOG.debug("redis-streams: last acknowledgements failed", e);
        }
        if (acks != null && acks.size() > 0) {
            LOG.warn("redis-streams {}: stopped without Redis; {} completed entries stay pending and are delivered"
                     + " again", selection.path(), acks.size());
        }
        disconnect();
        if (client != null) {
            client.shutdown();
            client = null;
        }
        super.doStop();
    }

    private void validate() {
        if (endpoint.getGroup() == null || endpoint.getGroup().isBlank()) {
            throw new ConfigurationException("group", "the consumer of redis-streams:" + endpoint.getStream()
                    + " needs a consumer group (group=...)");
        }
        atLeast("count", endpoint.getCount(), 1);
        atLeast("block", endpoint.getBlock(), 1);
        atLeast("maxBatchBytes", endpoint.getMaxBatchBytes(), 1);
        atLeast("discoveryInterval", endpoint.getDiscoveryInterval(), 1);
        atLeast("claimIdle", endpoint.getClaimIdle(), 0);
        atLeast("maxDeliveries", endpoint.getMaxDeliveries(), 0);
        if (endpoint.getMaxDeliveries() > 0 && (endpoint.getDeadLetterStream() == null
                || endpoint.getDeadLetterStream().isBlank())) {
            throw new ConfigurationException("maxDeliveries", "is " + endpoint.getMaxDeliveries()
                    + " but no deadLetterStream is set; it needs the stream that takes the entries delivered too often");
        }
        if (endpoint.getStartId() == null || endpoint.getStartId().isBlank()) {
            throw new ConfigurationException("startId", "must be 0, $ or an entry id");
        }
    }

    private static void atLeast(String option, long value, long min) {
        if (value < min) {
            throw new ConfigurationException(option, value + " is less than " + min);
        }
    }

    /** The reading loop; a Redis failure is handled here, anything else ends it and {@link SupervisedLoop} restarts it. */
    private void run(SupervisedLoop supervised) {
        // started again after a failure: from new connections, which read the own pending entries first
        disconnect();
        long retry = FIRST_RETRY;
        while (supervised.isRunning() && isRunAllowed()) {
            try {
                if (control == null) {
                    connect();
                }
                step();
                supervised.healthy();
                retry = FIRST_RETRY;
            } catch (RedisException e) {
                if (e instanceof RedisCommandExecutionException command && isGroupGone(command)) {
                    regroup = true;
                    pause(FIRST_RETRY);
                    continue;
                }
                lost(e, retry);
                pause(retry);
                retry = Math.min(retry * 2, maxRetry());
            }
        }
    }

    private long maxRetry() {
        return Math.max(endpoint.getReconnectDelay(), FIRST_RETRY);
    }

    private void connect() {
        awaitInFlight();
        control = client.connect(RawText.CODEC);
        reader = client.connect(RawText.CODEC);
        deliveryCounts = new DeliveryCounts(control, me);
        // entries completed before the connection broke: acknowledged before the own pending entries are read again
        acks.flush(control);
        streams.reset(control.sync());
        regroup = false;
        nextClaim = 0;
        ready = true;
        connection = null;
        if (outage.isDown()) {
            outage.succeeded();
        } else {
            LOG.info("redis-streams {}: reading {} stream(s) of {} as {} in group {}", selection.path(),
                    streams.names().size(), Masking.mask(endpoint.getRedisUri()), me.getName(), me.getGroup());
        }
    }

    private void lost(RedisException e, long nextTry) {
        ready = false;
        String message = "redis-streams " + selection.path() + ": not connected to Redis at "
                + Masking.mask(endpoint.getRedisUri()) + ": " + OutageLog.oneLine(e);
        Problem before = connection;
        connection = before == null ? Problem.of(message, e) : before.again(message, e);
        outage.failed(e, Duration.ofMillis(nextTry));
        disconnect();
    }

    private void disconnect() {
        ready = false;
        close(reader);
        close(control);
        reader = null;
        control = null;
    }

    private static void close(StatefulRedisConnection<String, String> connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (RuntimeException e) {
            LOG.debug("redis-streams: closing a connection failed", e);
        }
    }

    private void step() {
        checkWorker();
        RedisCommands<String, String> redis = control.sync();
        if (regroup) {
            streams.regroup(redis);
            regroup = false;
        }
        acks.flush(control);
        streams.discoverIfDue(redis);
        if (streams.names().isEmpty()) {
            pause(Math.min(endpoint.getBlock(), endpoint.getDiscoveryInterval()));
            return;
        }
        Map<String, String> pending = streams.pendingToRead();
        if (!pending.isEmpty()) {
            // before claiming: a claim would take this consumer's own idle entries too, and reading them again
            // afterwards would deliver them twice
            readOwnPending(pending);
            return;
        }
        long now = System.currentTimeMillis();
        if (endpoint.getClaimIdle() > 0 && now >= nextClaim) {
            reclaim(redis);
            nextClaim = now + Math.max(endpoint.getClaimIdle() / 2, FIRST_RETRY);
        }
        readNew();
        acks.flush(control);
    }

    /** Reads again the entries delivered to this consumer name and never acknowledged (XREADGROUP ... id). */
    private void readOwnPending(Map<String, String> after) {
        // a batch still in flight is pending too: read again now, it would be delivered twice
        awaitInFlight();
        List<String> names = List.copyOf(after.keySet());
        @SuppressWarnings("unchecked")
        StreamOffset<String>[] offsets = names.stream().map(s -> StreamOffset.from(s, after.get(s)))
                .toArray(StreamOffset[]::new);
        Map<String, List<io.lettuce.core.StreamMessage<String, String>>> byStream = new LinkedHashMap<>();
        int count = readSize.count(names.size());
        for (io.lettuce.core.StreamMessage<String, String> message : reader.sync()
                .xreadgroup(me, XReadArgs.Builder.count(count), offsets)) {
            byStream.computeIfAbsent(message.getStream(), s -> new ArrayList<>()).add(message);
        }
        List<ReadEntry> messages = new ArrayList<>();
        for (String stream : names) {
            List<io.lettuce.core.StreamMessage<String, String>> entries = byStream.get(stream);
            if (entries == null || entries.isEmpty()) {
                streams.pendingRead(stream, null);
            } else {
                streams.pendingRead(stream, entries.get(entries.size() - 1).getId());
                messages.addAll(deliveryCounts.of(stream, entries));
            }
        }
        readSize.read(messages);
        dispatch(messages, count);
    }

    /**
     * XREADGROUP ... STREAMS ... &gt; for every stream, decoded by {@link EntriesOutput}; the same command lettuce's
     * {@code xreadgroup} sends.
     */
    private void readNew() {
        List<String> names = List.copyOf(streams.names());
        int count = readSize.count(names.size());
        CommandArgs<String, String> args = new CommandArgs<>(RawText.CODEC).add("GROUP")
                .addKey(me.getGroup()).addKey(me.getName());
        XReadArgs.Builder.count(count).block(endpoint.getBlock()).build(args);
        args.add("STREAMS");
        names.forEach(args::addKey);
        names.forEach(name -> args.add(NEW_ENTRIES));
        List<ReadEntry> messages = reader.sync().dispatch(CommandType.XREADGROUP, new EntriesOutput(), args);
        readSize.read(messages);
        dispatch(messages, count);
    }

    /** Takes over the group's entries idle for longer than claimIdle, whoever they were delivered to. */
    private void reclaim(RedisCommands<String, String> redis) {
        awaitInFlight();
        for (String stream : List.copyOf(streams.names())) {
            String cursor = "0-0";
            do {
                int count = readSize.count(1);
                ClaimedMessages<String, String> claimed = redis.xautoclaim(stream, new XAutoClaimArgs<String>()
                        .consumer(me).minIdleTime(endpoint.getClaimIdle()).startId(cursor).count(count));
                if (!claimed.getMessages().isEmpty()) {
                    LOG.info("redis-streams {}: claimed {} entries of {} idle for more than {} ms", selection.path(),
                            claimed.getMessages().size(), RawText.display(stream), endpoint.getClaimIdle());
                    dispatch(deliveryCounts.of(stream, claimed.getMessages()), count);
                }
                cursor = claimed.getId();
            } while (!"0-0".equals(cursor) && isRunAllowed());
        }
    }

    /** @param count the COUNT the read asked per stream */
    private void dispatch(List<ReadEntry> entries, int count) {
        List<ReadEntry> deliverable = new ArrayList<>(entries.size());
        for (ReadEntry entry : entries) {
            StreamMessage message = entry.message();
            if (message.fields().isEmpty()) {
                // deleted from the stream (XDEL, trimming) while pending: nothing left to deliver
                LOG.info("redis-streams {}: entry {} of {} was deleted while pending; acknowledging it",
                        selection.path(), message.id(), message.stream());
                acks.add(entry);
            } else if (endpoint.getMaxDeliveries() > 0 && message.deliveryCount() > endpoint.getMaxDeliveries()) {
                deadLetter(entry);
            } else {
                deliverable.add(entry);
            }
        }
        if (endpoint.isBatch() && !deliverable.isEmpty()) {
            Exchange exchange = createExchange(false);
            List<StreamMessage> body = new ArrayList<>(deliverable.size());
            for (ReadEntry entry : deliverable) {
                body.add(entry.message());
            }
            exchange.getMessage().setBody(body);
            exchange.getMessage().setHeader(RedisStreamsConstants.READ_COUNT, count);
            deliver(exchange, deliverable, true);
        } else {
            deliverEach(deliverable);
        }
        acks.flush(control);
    }

    private void deliverEach(List<ReadEntry> entries) {
        for (ReadEntry entry : entries) {
            if (!isRunAllowed()) {
                return;
            }
            StreamMessage message = entry.message();
            Exchange exchange = createExchange(false);
            exchange.getMessage().setBody(message);
            exchange.getMessage().setHeader(RedisStreamsConstants.STREAM, message.stream());
            exchange.getMessage().setHeader(RedisStreamsConstants.ENTRY_ID, message.id());
            exchange.getMessage().setHeader(RedisStreamsConstants.DELIVERY_COUNT, message.deliveryCount());
            if (message.malformed() != null) {
                exchange.getMessage().setHeader(RedisStreamsConstants.MALFORMED, message.malformed());
            }
            deliver(exchange, List.of(entry), false);
        }
    }

    private void deliver(Exchange exchange, List<ReadEntry> entries, boolean batch) {
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onComplete(Exchange completed) {
                acks.addAll(entries);
            }
        });
        if (worker == null || !batch) {
            process(exchange);
            return;
        }
        inFlight.acquireUninterruptibly();
        try {
            worker.submit(() -> {
                try {
                    process(exchange);
                    flushFromWorker();
                } catch (Throwable e) {
                    // the reading loop fails with it: logged, reported, and started again
                    workerFailure = e;
                } finally {
                    inFlight.release();
                }
            });
        } catch (RuntimeException e) {
            inFlight.release();
            throw e;
        }
    }

    /** Fails the reading loop when the worker's last batch ended with a Throwable its exchange did not take. */
    private void checkWorker() {
        Throwable failure = workerFailure;
        if (failure != null) {
            workerFailure = null;
            throw new IllegalStateException("the worker processing a batch failed", failure);
        }
    }

    private void process(Exchange exchange) {
        try {
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        if (exchange.getException() != null) {
            getExceptionHandler().handleException("redis-streams could not complete an exchange; its entries stay"
                    + " pending and are delivered again", exchange, exchange.getException());
        }
        releaseExchange(exchange, false);
    }

    /**
     * Acknowledges at once rather than after the reader's next read, which may wait {@code block}; what fails here is
     * kept and sent by the reader's thread.
     */
    private void flushFromWorker() {
        StatefulRedisConnection<String, String> connection = control;
        if (connection != null) {
            try {
                acks.flush(connection);
            } catch (RuntimeException e) {
                LOG.debug("redis-streams {}: acknowledgement failed, sent again later: {}", selection.path(),
                        e.toString());
            }
        }
    }

    /** Returns once no batch is in flight (prefetch). */
    private void awaitInFlight() {
        if (worker != null) {
            inFlight.acquireUninterruptibly();
            inFlight.release();
        }
    }

    /**
     * Moves an entry delivered too often to the dead-letter stream: added there first, acknowledged after. Its fields
     * are copied byte for byte, and {@code original_stream} is the key's bytes, whatever they are.
     */
    private void deadLetter(ReadEntry entry) {
        StreamMessage message = entry.message();
        Map<String, String> fields = new LinkedHashMap<>(entry.rawFields());
        fields.put("original_stream", entry.key());
        fields.put("original_id", message.id());
        fields.put("error", RawText.raw("delivered " + message.deliveryCount() + " times, more than maxDeliveries="
                + endpoint.getMaxDeliveries()));
        // seconds since the epoch with milliseconds, as the dead letters of the Python writer service have it
        long now = System.currentTimeMillis();
        fields.put("failed_at", now / 1000 + "." + String.format("%03d", now % 1000));
        String id = control.sync().xadd(RawText.raw(endpoint.getDeadLetterStream()), fields);
        control.sync().xack(entry.key(), me.getGroup(), message.id());
        LOG.warn("redis-streams {}: entry {} of {} was delivered {} times; moved to {} as {}", selection.path(),
                message.id(), message.stream(), message.deliveryCount(), endpoint.getDeadLetterStream(), id);
    }

    private void pause(long millis) {
        long until = System.currentTimeMillis() + millis;
        try {
            while (isRunAllowed() && System.currentTimeMillis() < until) {
                Thread.sleep(Math.min(50, Math.max(1, until - System.currentTimeMillis())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** NOGROUP: the stream or group was deleted; UNBLOCKED: a stream was deleted while the read waited on it. */
    static boolean isGroupGone(RedisCommandExecutionException e) {
        String message = String.valueOf(e.getMessage());
        return message.startsWith("NOGROUP") || message.startsWith("UNBLOCKED");
    }

    /** The default consumer name: {@code HOSTNAME} (as in containers), else the host name. */
    public static String hostName() {
        String name = System.getenv("HOSTNAME");
        if (name != null && !name.isBlank()) {
            return name;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "db-workers";
        }
    }
}
