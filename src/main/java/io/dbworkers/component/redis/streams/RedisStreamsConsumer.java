package io.dbworkers.component.redis.streams;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ExecutorService;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.WritableHealthCheckRepository;
import org.apache.camel.support.DefaultConsumer;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dbworkers.config.ConfigurationException;
import io.dbworkers.config.Masking;
import io.lettuce.core.Consumer;
import io.lettuce.core.KeyScanArgs;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.models.stream.ClaimedMessages;

/**
 * Reads the selected streams through a consumer group on one thread: first this consumer's own pending entries, then
 * new ones; every {@code claimIdle / 2} it claims the group's entries idle for longer than {@code claimIdle}. Entries
 * are acknowledged once their exchange completed (see {@link RedisStreamsEndpoint} for the guarantee). On any Redis
 * failure it drops both connections, reports not ready, and reconnects with a growing pause.
 */
public class RedisStreamsConsumer extends DefaultConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(RedisStreamsConsumer.class);
    private static final long FIRST_RETRY = 100;
    private static final String FIRST_ENTRY = "0";

    private final RedisStreamsEndpoint endpoint;
    /** the streams read now; the worker thread changes it, pendingCounts() reads it */
    private final Set<String> streams = new ConcurrentSkipListSet<>();
    /** per stream, where the reading of this consumer's own pending entries stands; absent once done */
    private final Map<String, String> history = new HashMap<>();
    /** entries whose exchange completed, to acknowledge; exchanges may complete on other threads */
    private final Queue<Pending> acks = new ConcurrentLinkedQueue<>();
    private StreamSelection selection;
    private Consumer<String> me;
    private DeliveryCounts deliveryCounts;
    private ExecutorService executor;
    private RedisClient client;
    /** XREADGROUP ... BLOCK holds its connection, so everything else goes through the control connection */
    private StatefulRedisConnection<String, String> reader;
    private volatile StatefulRedisConnection<String, String> control;
    private volatile boolean ready;
    private volatile Throwable lastError;
    private boolean warned;
    private boolean regroup;
    private long nextDiscovery;
    private long nextClaim;
    private RedisStreamsConsumerHealthCheck healthCheck;
    private WritableHealthCheckRepository healthRepository;

    private record Pending(String stream, String id) {
    }

    public RedisStreamsConsumer(RedisStreamsEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
    }

    /** Whether the consumer is connected to Redis and reading. */
    public boolean isReady() {
        return ready;
    }

    Throwable lastError() {
        return lastError;
    }

    String consumerName() {
        return me == null ? endpoint.getConsumerName() : me.getName();
    }

    /** The number of entries pending in the group (delivered, not yet acknowledged), per stream read. */
    public Map<String, Long> pendingCounts() {
        StatefulRedisConnection<String, String> connection = control;
        if (connection == null || !ready) {
            throw new IllegalStateException("redis-streams " + selection.path() + " is not connected to Redis");
        }
        Map<String, Long> counts = new TreeMap<>();
        for (String stream : streams) {
            try {
                counts.put(stream, connection.sync().xpending(stream, endpoint.getGroup()).getCount());
            } catch (RedisCommandExecutionException e) {
                if (!isGroupGone(e)) {
                    throw e;
                }
                counts.put(stream, 0L);
            }
        }
        return counts;
    }

    @Override
    protected void doStart() throws Exception {
        validate();
        selection = new StreamSelection(endpoint.getStream(), endpoint.getDeadLetterStream(), endpoint.getExclude());
        String name = endpoint.getConsumerName() != null ? endpoint.getConsumerName() : hostName();
        me = Consumer.from(endpoint.getGroup(), name);
        client = endpoint.newClient(false, Duration.ofMillis(endpoint.getBlock() + 5000),
                "redis-streams:" + endpoint.getGroup() + ":" + name);
        healthRepository = HealthCheckHelper.getHealthCheckRepository(getEndpoint().getCamelContext(), "components",
                WritableHealthCheckRepository.class);
        if (healthRepository != null) {
            healthCheck = new RedisStreamsConsumerHealthCheck(this, getRouteId());
            healthCheck.setEnabled(endpoint.getComponent().isHealthCheckConsumerEnabled());
            healthRepository.addHealthCheck(healthCheck);
        }
        super.doStart();
        executor = getEndpoint().getCamelContext().getExecutorServiceManager()
                .newSingleThreadExecutor(this, "RedisStreamsConsumer[" + selection.path() + "]");
        executor.submit(this::run);
    }

    @Override
    protected void doStop() throws Exception {
        if (executor != null) {
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownGraceful(executor);
            executor = null;
        }
        try {
            flushAcks();
        } catch (RuntimeException e) {
            LOG.warn("redis-streams {}: could not acknowledge {} completed entries ({}); they stay pending and are"
                     + " delivered again", selection.path(), acks.size(), e.getMessage());
        }
        disconnect();
        if (client != null) {
            client.shutdown();
            client = null;
        }
        if (healthRepository != null) {
            healthRepository.removeHealthCheck(healthCheck);
            healthRepository = null;
        }
        super.doStop();
    }

    private void validate() {
        if (endpoint.getGroup() == null || endpoint.getGroup().isBlank()) {
            throw new ConfigurationException("group", "the consumer of redis-streams:" + endpoint.getStream()
                    + " needs a consumer group (group=...)");
        }
        if (endpoint.getCount() < 1) {
            throw new ConfigurationException("count", endpoint.getCount() + " must be 1 or more");
        }
        if (endpoint.getBlock() < 1) {
            throw new ConfigurationException("block", endpoint.getBlock() + " must be 1 ms or more");
        }
        if (endpoint.getDiscoveryInterval() < 1) {
            throw new ConfigurationException("discoveryInterval", endpoint.getDiscoveryInterval()
                    + " must be 1 ms or more");
        }
        if (endpoint.getClaimIdle() < 0) {
            throw new ConfigurationException("claimIdle", endpoint.getClaimIdle() + " must be 0 (off) or more");
        }
        if (endpoint.getMaxDeliveries() < 0) {
            throw new ConfigurationException("maxDeliveries", endpoint.getMaxDeliveries()
                    + " must be 0 (no limit) or more");
        }
        if (endpoint.getMaxDeliveries() > 0 && (endpoint.getDeadLetterStream() == null
                || endpoint.getDeadLetterStream().isBlank())) {
            throw new ConfigurationException("maxDeliveries", "is " + endpoint.getMaxDeliveries()
                    + " but no deadLetterStream is set; it needs the stream that takes the entries delivered too often");
        }
        if (endpoint.getStartId() == null || endpoint.getStartId().isBlank()) {
            throw new ConfigurationException("startId", "must be 0, $ or an entry id");
        }
    }

    private void run() {
        long retry = FIRST_RETRY;
        while (isRunAllowed()) {
            try {
                if (control == null) {
                    connect();
                }
                step();
                retry = FIRST_RETRY;
            } catch (RedisCommandExecutionException e) {
                if (isGroupGone(e)) {
                    regroup = true;
                } else {
                    lost(e);
                    pause(retry);
                    retry = Math.min(retry * 2, Math.max(endpoint.getReconnectDelay(), FIRST_RETRY));
                }
            } catch (Exception e) {
                lost(e);
                pause(retry);
                retry = Math.min(retry * 2, Math.max(endpoint.getReconnectDelay(), FIRST_RETRY));
            }
        }
    }

    private void connect() {
        control = client.connect();
        reader = client.connect();
        deliveryCounts = new DeliveryCounts(control, me);
        flushAcks();
        streams.clear();
        history.clear();
        discover();
        regroup = false;
        nextClaim = 0;
        ready = true;
        lastError = null;
        if (warned) {
            LOG.info("redis-streams {}: reconnected to {}, reading {} stream(s) again", selection.path(),
                    Masking.mask(endpoint.getRedisUri()), streams.size());
        } else {
            LOG.info("redis-streams {}: reading {} stream(s) of {} as {} in group {}", selection.path(),
                    streams.size(), Masking.mask(endpoint.getRedisUri()), me.getName(), me.getGroup());
        }
        warned = false;
    }

    private void lost(Exception e) {
        ready = false;
        lastError = e;
        if (!warned) {
            LOG.warn("redis-streams {}: Redis at {} failed ({}); reconnecting, entries not yet acknowledged stay"
                     + " pending",
                    selection.path(), Masking.mask(endpoint.getRedisUri()), Masking.mask(e.toString()));
            warned = true;
        } else {
            LOG.debug("redis-streams {}: still no Redis: {}", selection.path(), e.toString());
        }
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
        if (regroup) {
            regroup();
        }
        flushAcks();
        long now = System.currentTimeMillis();
        if (selection.isGlob() && now >= nextDiscovery) {
            discover();
        }
        if (streams.isEmpty()) {
            pause(Math.min(endpoint.getBlock(), endpoint.getDiscoveryInterval()));
            return;
        }
        if (endpoint.getClaimIdle() > 0 && now >= nextClaim) {
            reclaim();
            nextClaim = now + Math.max(endpoint.getClaimIdle() / 2, FIRST_RETRY);
        }
        if (!history.isEmpty()) {
            readHistory();
        } else {
            readNew();
        }
        flushAcks();
    }

    /** Finds the streams to read and creates the group on those new to the consumer. */
    private void discover() {
        nextDiscovery = System.currentTimeMillis() + endpoint.getDiscoveryInterval();
        if (!selection.isGlob()) {
            if (streams.isEmpty()) {
                ensureGroup(selection.path(), true);
                streams.add(selection.path());
                history.put(selection.path(), FIRST_ENTRY);
            }
            return;
        }
        Set<String> found = scan();
        for (String stream : found) {
            if (!streams.contains(stream) && ensureGroup(stream, false)) {
                LOG.info("redis-streams {}: reading stream {}", selection.path(), stream);
                streams.add(stream);
                history.put(stream, FIRST_ENTRY);
            }
        }
        for (String stream : List.copyOf(streams)) {
            if (!found.contains(stream)) {
                LOG.info("redis-streams {}: stream {} is gone", selection.path(), stream);
                streams.remove(stream);
                history.remove(stream);
            }
        }
    }

    private Set<String> scan() {
        Set<String> found = new TreeSet<>();
        KeyScanArgs args = new KeyScanArgs().match(selection.path()).type("stream").limit(1000);
        KeyScanCursor<String> cursor = control.sync().scan(args);
        while (true) {
            for (String key : cursor.getKeys()) {
                if (selection.accepts(key)) {
                    found.add(key);
                }
            }
            if (cursor.isFinished()) {
                return found;
            }
            cursor = control.sync().scan(ScanCursor.of(cursor.getCursor()), args);
        }
    }

    /** Creates the group if missing; false when the stream no longer exists and is not to be created. */
    private boolean ensureGroup(String stream, boolean create) {
        try {
            control.sync().xgroupCreate(StreamOffset.from(stream, endpoint.getStartId()), me.getGroup(),
                    XGroupCreateArgs.Builder.mkstream(create));
            LOG.info("redis-streams {}: created group {} on {} from entry {}", selection.path(), me.getGroup(), stream,
                    endpoint.getStartId());
            return true;
        } catch (RedisCommandExecutionException e) {
            String message = String.valueOf(e.getMessage());
            if (message.startsWith("BUSYGROUP")) {
                return true;
            }
            if (!create && message.contains("requires the key to exist")) {
                return false;
            }
            throw e;
        }
    }

    /** A stream was deleted (and maybe created again) or the group destroyed: every group is created again. */
    private void regroup() {
        LOG.info("redis-streams {}: group {} missing on a stream, creating it again", selection.path(),
                me.getGroup());
        for (String stream : List.copyOf(streams)) {
            if (ensureGroup(stream, !selection.isGlob())) {
                history.put(stream, FIRST_ENTRY);
            } else {
                streams.remove(stream);
                history.remove(stream);
            }
        }
        regroup = false;
    }

    private void readHistory() {
        List<String> names = List.copyOf(history.keySet());
        @SuppressWarnings("unchecked")
        StreamOffset<String>[] offsets = names.stream().map(s -> StreamOffset.from(s, history.get(s)))
                .toArray(StreamOffset[]::new);
        List<io.lettuce.core.StreamMessage<String, String>> read = reader.sync()
                .xreadgroup(me, XReadArgs.Builder.count(endpoint.getCount()), offsets);
        Map<String, List<io.lettuce.core.StreamMessage<String, String>>> byStream = new LinkedHashMap<>();
        for (io.lettuce.core.StreamMessage<String, String> message : read) {
            byStream.computeIfAbsent(message.getStream(), s -> new ArrayList<>()).add(message);
        }
        List<StreamMessage> messages = new ArrayList<>();
        for (String stream : names) {
            List<io.lettuce.core.StreamMessage<String, String>> entries = byStream.get(stream);
            if (entries == null || entries.isEmpty()) {
                history.remove(stream);
            } else {
                history.put(stream, entries.get(entries.size() - 1).getId());
                messages.addAll(deliveryCounts.of(stream, entries));
            }
        }
        dispatch(messages);
    }

    private void readNew() {
        @SuppressWarnings("unchecked")
        StreamOffset<String>[] offsets = streams.stream().map(StreamOffset::lastConsumed).toArray(StreamOffset[]::new);
        XReadArgs args = XReadArgs.Builder.count(endpoint.getCount()).block(endpoint.getBlock());
        List<StreamMessage> messages = new ArrayList<>();
        for (io.lettuce.core.StreamMessage<String, String> message : reader.sync().xreadgroup(me, args, offsets)) {
            messages.add(new StreamMessage(message.getStream(), message.getId(), message.getBody(), 1));
        }
        dispatch(messages);
    }

    /** Takes over the group's entries idle for longer than claimIdle, whoever they were delivered to. */
    private void reclaim() {
        RedisCommands<String, String> redis = control.sync();
        for (String stream : List.copyOf(streams)) {
            String cursor = "0-0";
            do {
                ClaimedMessages<String, String> claimed = redis.xautoclaim(stream, new XAutoClaimArgs<String>()
                        .consumer(me).minIdleTime(endpoint.getClaimIdle()).startId(cursor).count(endpoint.getCount()));
                if (!claimed.getMessages().isEmpty()) {
                    LOG.info("redis-streams {}: claimed {} entries of {} idle for more than {} ms", selection.path(),
                            claimed.getMessages().size(), stream, endpoint.getClaimIdle());
                    dispatch(deliveryCounts.of(stream, claimed.getMessages()));
                }
                cursor = claimed.getId();
            } while (!"0-0".equals(cursor) && isRunAllowed());
        }
    }

    private void dispatch(List<StreamMessage> messages) {
        List<StreamMessage> deliverable = new ArrayList<>(messages.size());
        for (StreamMessage message : messages) {
            if (message.fields().isEmpty()) {
                // deleted from the stream (XDEL, trimming) while pending: nothing left to deliver
                LOG.info("redis-streams {}: entry {} of {} was deleted while pending; acknowledging it",
                        selection.path(), message.id(), message.stream());
                acks.add(new Pending(message.stream(), message.id()));
            } else if (endpoint.getMaxDeliveries() > 0 && message.deliveryCount() > endpoint.getMaxDeliveries()) {
                deadLetter(message);
            } else {
                deliverable.add(message);
            }
        }
        if (deliverable.isEmpty()) {
            return;
        }
        if (endpoint.isBatch()) {
            Exchange exchange = createExchange(false);
            exchange.getMessage().setBody(deliverable);
            deliver(exchange, deliverable);
            return;
        }
        for (StreamMessage message : deliverable) {
            if (!isRunAllowed()) {
                return;
            }
            Exchange exchange = createExchange(false);
            exchange.getMessage().setBody(message);
            exchange.getMessage().setHeader(RedisStreamsConstants.STREAM, message.stream());
            exchange.getMessage().setHeader(RedisStreamsConstants.ENTRY_ID, message.id());
            exchange.getMessage().setHeader(RedisStreamsConstants.DELIVERY_COUNT, message.deliveryCount());
            deliver(exchange, List.of(message));
        }
    }

    private void deliver(Exchange exchange, List<StreamMessage> messages) {
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onComplete(Exchange completed) {
                for (StreamMessage message : messages) {
                    acks.add(new Pending(message.stream(), message.id()));
                }
            }
        });
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

    /** Moves an entry delivered too often to the dead-letter stream: added there first, acknowledged after. */
    private void deadLetter(StreamMessage message) {
        Map<String, String> fields = new LinkedHashMap<>(message.fields());
        fields.put("original_stream", message.stream());
        fields.put("original_id", message.id());
        fields.put("error", "delivered " + message.deliveryCount() + " times, more than maxDeliveries="
                + endpoint.getMaxDeliveries());
        long now = System.currentTimeMillis();
        fields.put("failed_at", now / 1000 + "." + String.format("%03d", now % 1000));
        String id = control.sync().xadd(endpoint.getDeadLetterStream(), fields);
        control.sync().xack(message.stream(), me.getGroup(), message.id());
        LOG.warn("redis-streams {}: entry {} of {} was delivered {} times; moved to {} as {}", selection.path(),
                message.id(), message.stream(), message.deliveryCount(), endpoint.getDeadLetterStream(), id);
    }

    private void flushAcks() {
        StatefulRedisConnection<String, String> connection = control;
        if (acks.isEmpty() || connection == null) {
            return;
        }
        Map<String, List<String>> byStream = new LinkedHashMap<>();
        for (Pending ack = acks.poll(); ack != null; ack = acks.poll()) {
            byStream.computeIfAbsent(ack.stream(), s -> new ArrayList<>()).add(ack.id());
        }
        List<Map.Entry<String, List<String>>> batches = new ArrayList<>(byStream.entrySet());
        for (int i = 0; i < batches.size(); i++) {
            Map.Entry<String, List<String>> batch = batches.get(i);
            try {
                connection.sync().xack(batch.getKey(), me.getGroup(), batch.getValue().toArray(String[]::new));
            } catch (RuntimeException e) {
                // keep what is not acknowledged yet for after the reconnect
                for (Map.Entry<String, List<String>> rest : batches.subList(i, batches.size())) {
                    rest.getValue().forEach(id -> acks.add(new Pending(rest.getKey(), id)));
                }
                throw e;
            }
        }
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

    private static String hostName() {
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
