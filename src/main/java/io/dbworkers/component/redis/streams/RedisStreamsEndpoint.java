package io.dbworkers.component.redis.streams;

import java.time.Duration;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;

/**
 * Adds entries to a Redis stream (producer, XADD) or reads one or many streams through a consumer group (consumer,
 * XREADGROUP), one exchange per entry or per batch.
 * <p>
 * Delivery guarantee of the consumer: at least once. An entry is acknowledged (XACK) only after its exchange
 * completed successfully, i.e. after the route's database commit or dead-letter write; a failed exchange is not
 * acknowledged and the entry stays pending in the group. Pending entries come back: this consumer reads its own
 * pending entries first when it starts or reconnects (so keep {@code consumerName} stable), and any consumer of the
 * group claims entries idle for longer than {@code claimIdle}. An entry can therefore be delivered more than once
 * (after a crash between the commit and the XACK, or when processing takes longer than {@code claimIdle}): make the
 * route idempotent, e.g. by upserting on the entry id. With {@code maxDeliveries}, an entry delivered that many times
 * is moved to {@code deadLetterStream} (added there first, acknowledged after). In batch mode a failed exchange leaves
 * every entry of the batch pending, and they come back together.
 * <p>
 * The producer is synchronous: the exchange completes when Redis has answered the XADD, and fails if it did not.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "redis-streams", title = "Redis Streams", syntax = "redis-streams:stream",
             category = {Category.CACHE, Category.MESSAGING}, headersClass = RedisStreamsConstants.class)
public class RedisStreamsEndpoint extends DefaultEndpoint {

    @UriPath(description = "The stream to add to (producer) or to read (consumer). The consumer also takes a glob,"
                           + " e.g. mqtt_stream:*, and reads every stream that matches, including those created"
                           + " later")
    @Metadata(required = true)
    private String stream;
    @UriParam(label = "common", description = "The Redis server, as redis://host:port[/database] or"
                                              + " rediss://host:port for TLS; it may hold the password"
                                              + " (redis://:password@host:port)",
              defaultValue = "redis://localhost:6379", secret = true)
    private String redisUri = "redis://localhost:6379";
    @UriParam(label = "security", description = "The user name (Redis 6 ACL)", secret = true)
    private String username;
    @UriParam(label = "security", description = "The password", secret = true)
    private String password;

    @UriParam(label = "consumer", description = "The consumer group; created when missing")
    private String group;
    @UriParam(label = "consumer", description = "This consumer's name in the group. Keep it stable across restarts:"
                                                + " a restarted consumer finishes its own pending entries first."
                                                + " Default: the host name")
    private String consumerName;
    @UriParam(label = "consumer", description = "Where a newly created group starts: 0 (every entry already in the"
                                                + " stream) or $ (only entries added from now on)", defaultValue = "0")
    private String startId = "0";
    @UriParam(label = "consumer", description = "The most entries read per stream and call", defaultValue = "100")
    private int count = 100;
    @UriParam(label = "consumer", description = "About the most bytes of entries (keys, ids, field names and values)"
                                                + " one read returns, whatever count is: the count per stream of a"
                                                + " read is lowered to fit, from the size of the entries read before."
                                                + " With prefetch, about twice this is held", defaultValue = "2097152")
    private long maxBatchBytes = 2L * 1024 * 1024;
    @UriParam(label = "consumer", description = "How long a read waits for new entries", defaultValue = "1000",
              javaType = "java.time.Duration")
    private long block = 1000;
    @UriParam(label = "consumer", description = "Emit one exchange per read, with a List of StreamMessage as body,"
                                                + " instead of one per entry", defaultValue = "false")
    private boolean batch;
    @UriParam(label = "consumer", description = "With batch=true: read the next batch while the previous one is"
                                                + " processed, so that reading Redis and the route's work overlap. Still"
                                                + " one exchange at a time; at most one batch waits, read and not yet"
                                                + " processed", defaultValue = "false")
    private boolean prefetch;
    @UriParam(label = "consumer", description = "How often a glob is matched again to find new streams",
              defaultValue = "5000", javaType = "java.time.Duration")
    private long discoveryInterval = 5000;
    @UriParam(label = "consumer", description = "Entries pending in the group for longer than this are claimed"
                                                + " (XAUTOCLAIM) and delivered again; longer than the route ever takes."
                                                + " 0 turns claiming off", defaultValue = "60000",
              javaType = "java.time.Duration")
    private long claimIdle = 60000;
    @UriParam(label = "consumer", description = "An entry delivered more times than this is added to"
                                                + " deadLetterStream and acknowledged instead of being delivered"
                                                + " again. 0: no limit", defaultValue = "0")
    private int maxDeliveries;
    @UriParam(label = "consumer", description = "The stream that takes the entries over maxDeliveries; never read,"
                                                + " even when the glob matches it")
    private String deadLetterStream;
    @UriParam(label = "consumer", description = "Streams never read, comma separated names or globs")
    private String exclude;
    @UriParam(label = "consumer", description = "The longest wait between two attempts to reconnect",
              defaultValue = "5000", javaType = "java.time.Duration")
    private long reconnectDelay = 5000;

    @UriParam(label = "producer", description = "Trim the stream to about this many entries on each add (MAXLEN)."
                                                + " 0: no trimming", defaultValue = "0")
    private long maxLen;
    @UriParam(label = "producer", description = "Trim with MAXLEN ~, which lets Redis keep a few more entries and is"
                                                + " much cheaper", defaultValue = "true")
    private boolean approximateTrim = true;

    public RedisStreamsEndpoint(String uri, RedisStreamsComponent component) {
        super(uri, component);
    }

    @Override
    public RedisStreamsComponent getComponent() {
        return (RedisStreamsComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() {
        return new RedisStreamsProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        RedisStreamsConsumer consumer = new RedisStreamsConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    /**
     * A new client, named in CLIENT LIST; the caller connects it and shuts it down. Commands fail at once while disconnected rather than
     * wait: the consumer reconnects on its own terms, and a producer's caller sees the failure.
     */
    RedisClient newClient(boolean autoReconnect, Duration commandTimeout, String clientName) {
        RedisURI uri = RedisURI.create(redisUri);
        if (username != null) {
            uri.setUsername(username);
        }
        if (password != null) {
            uri.setPassword(password.toCharArray());
        }
        uri.setTimeout(commandTimeout);
        uri.setClientName(clientName);
        RedisClient client = RedisClient.create(getComponent().resources(), uri);
        client.setOptions(ClientOptions.builder().autoReconnect(autoReconnect)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS).build());
        return client;
    }

    public String getStream() {
        return stream;
    }

    public void setStream(String stream) {
        this.stream = stream;
    }

    public String getRedisUri() {
        return redisUri;
    }

    public void setRedisUri(String redisUri) {
        this.redisUri = redisUri;
    }

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public String getGroup() {
        return group;
    }

    public void setGroup(String group) {
        this.group = group;
    }

    public String getConsumerName() {
        return consumerName;
    }

    public void setConsumerName(String consumerName) {
        this.consumerName = consumerName;
    }

    public String getStartId() {
        return startId;
    }

    public void setStartId(String startId) {
        this.startId = startId;
    }

    public int getCount() {
        return count;
    }

    public void setCount(int count) {
        this.count = count;
    }

    public long getMaxBatchBytes() {
        return maxBatchBytes;
    }

    public void setMaxBatchBytes(long maxBatchBytes) {
        this.maxBatchBytes = maxBatchBytes;
    }

    public long getBlock() {
        return block;
    }

    public void setBlock(long block) {
        this.block = block;
    }

    public boolean isBatch() {
        return batch;
    }

    public void setBatch(boolean batch) {
        this.batch = batch;
    }

    public boolean isPrefetch() {
        return prefetch;
    }

    public void setPrefetch(boolean prefetch) {
        this.prefetch = prefetch;
    }

    public long getDiscoveryInterval() {
        return discoveryInterval;
    }

    public void setDiscoveryInterval(long discoveryInterval) {
        this.discoveryInterval = discoveryInterval;
    }

    public long getClaimIdle() {
        return claimIdle;
    }

    public void setClaimIdle(long claimIdle) {
        this.claimIdle = claimIdle;
    }

    public int getMaxDeliveries() {
        return maxDeliveries;
    }

    public void setMaxDeliveries(int maxDeliveries) {
        this.maxDeliveries = maxDeliveries;
    }

    public String getDeadLetterStream() {
        return deadLetterStream;
    }

    public void setDeadLetterStream(String deadLetterStream) {
        this.deadLetterStream = deadLetterStream;
    }

    public String getExclude() {
        return exclude;
    }

    public void setExclude(String exclude) {
        this.exclude = exclude;
    }

    public long getReconnectDelay() {
        return reconnectDelay;
    }

    public void setReconnectDelay(long reconnectDelay) {
        this.reconnectDelay = reconnectDelay;
    }

    public long getMaxLen() {
        return maxLen;
    }

    public void setMaxLen(long maxLen) {
        this.maxLen = maxLen;
    }

    public boolean isApproximateTrim() {
        return approximateTrim;
    }

    public void setApproximateTrim(boolean approximateTrim) {
        this.approximateTrim = approximateTrim;
    }
}
