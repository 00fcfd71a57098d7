package io.dbworkers.component.pgq;

import javax.sql.DataSource;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;

import io.dbworkers.config.ConfigurationException;
import io.dbworkers.deadletter.DeadLetters;

/**
 * Consumes a PgQ queue (consumer) or inserts events into it (producer), side by side with Skytools' Python consumers
 * and producers of the same queue.
 * <p>
 * Delivery guarantee of the consumer: at least once, as Skytools'. A batch is finished ({@code pgq.finish_batch}) in
 * the transaction that read it, only after every event of it completed: delivered successfully, handed to PgQ's retry
 * queue ({@code pgq.event_retry}, after a failure), or written to the dead-letter channel (after {@code maxRetries}).
 * A crash or a lost connection before that commit means the same batch is read again, so an event can be delivered
 * more than once: make the route idempotent. The producer inserts in the exchange's own transaction and fails when
 * the insert fails.
 */
@UriEndpoint(firstVersion = "0.2.0", scheme = "pgq", title = "PgQ", syntax = "pgq:queue",
             category = {Category.DATABASE, Category.MESSAGING}, headersClass = PgqConstants.class)
public class PgqEndpoint extends DefaultEndpoint {

    @UriPath(description = "The PgQ queue")
    @Metadata(required = true)
    private String queue;
    @UriParam(description = "The database that holds the queue; found in the registry when there is only one"
                            + " DataSource")
    @Metadata(autowired = true)
    private DataSource dataSource;

    @UriParam(label = "consumer", description = "The consumer's name in PgQ. Every name gets every event; keep it"
                                                + " stable, PgQ keeps its position", defaultValue = "db_workers")
    private String consumerName = "db_workers";
    @UriParam(label = "consumer", description = "Register the consumer (pgq.register_consumer) when it is not; else"
                                                + " an unregistered consumer is a start-up error",
              defaultValue = "true")
    private boolean register = true;
    @UriParam(label = "consumer", description = "Create the queue (pgq.create_queue) when it is missing; else a"
                                                + " missing queue is a start-up error", defaultValue = "false")
    private boolean createQueue;
    @UriParam(label = "consumer", description = "One exchange per chunk of up to fetchSize events of a batch, with a"
                                                + " List body, instead of one per event", defaultValue = "false")
    private boolean batch;
    @UriParam(label = "consumer", description = "Events per chunk read from the batch (at most two chunks ahead of"
                                                + " the route); also the most events of one batch exchange",
              defaultValue = "300")
    private int fetchSize = 300;
    @UriParam(label = "consumer", description = "The events' ev_data is URL-encoded (Skytools' format): the body of an"
                                                + " event (not a trigger event) is its data decoded into a Map, the"
                                                + " event's other columns in the headers; data that is not URL-encoded"
                                                + " is bad input (retried, then dead-lettered with the reason)",
              defaultValue = "false")
    private boolean urlEncoded;
    @UriParam(label = "consumer", description = "A failed event goes to PgQ's retry queue (pgq.event_retry) this often;"
                                                + " failing once more, it goes to the dead-letter channel",
              defaultValue = "3")
    private int maxRetries = 3;
    @UriParam(label = "consumer", description = "How long PgQ keeps a failed event before it is delivered again"
                                                + " (whole seconds)", defaultValue = "60000",
              javaType = "java.time.Duration")
    private long retryDelay = 60000;
    @UriParam(label = "consumer", description = "How long to wait before asking again when the queue has no batch",
              defaultValue = "1000", javaType = "java.time.Duration")
    private long idleDelay = 1000;
    @UriParam(label = "consumer", description = "next_batch_custom: a batch holds at least this many events (0: any)",
              defaultValue = "0")
    private int minCount;
    @UriParam(label = "consumer", description = "next_batch_custom: a batch spans at least this long (0: any)",
              defaultValue = "0", javaType = "java.time.Duration")
    private long minInterval;
    @UriParam(label = "consumer", description = "next_batch_custom: a batch is at least this old (0: any)",
              defaultValue = "0", javaType = "java.time.Duration")
    private long minLag;
    @UriParam(label = "consumer", description = "Where events over maxRetries go, with the reason",
              defaultValue = DeadLetters.ENDPOINT_URI)
    private String deadLetterUri = DeadLetters.ENDPOINT_URI;

    @UriParam(label = "consumer", description = "Batch-exact delivery (pgq_ext's recipe): the database the route writes"
                                                + " to. One transaction on it per PgQ batch holds the route's writes and"
                                                + " the batch id (table pgq_completed_batch), committed before"
                                                + " finish_batch; a batch found there is skipped. The route must write"
                                                + " through the DataSource bound as exactTargetBean")
    private DataSource exactTarget;
    @UriParam(label = "consumer", description = "With exactTarget: the registry name of the DataSource that hands out"
                                                + " the batch's transaction, for the route's db-write or sql steps",
              defaultValue = "pgqBatchTarget")
    private String exactTargetBean = "pgqBatchTarget";

    @UriParam(label = "producer", description = "ev_type of the events inserted from a Map or String body (the"
                                                + " CamelPgqType header wins); a DatabaseChange is typed as logutriga"
                                                + " types it")
    private String eventType;
    @UriParam(label = "producer", description = "A List body is inserted in chunks of this many events, one round"
                                                + " trip each, all in one transaction", defaultValue = "1000")
    private int chunkSize = 1000;

    private BatchTarget batchTarget;

    public PgqEndpoint(String uri, PgqComponent component) {
        super(uri, component);
    }

    /** Binds the batch-exact DataSource here, before the route's own steps look it up. */
    @Override
    protected void doInit() throws Exception {
        super.doInit();
        if (exactTarget != null && batchTarget == null) {
            batchTarget = new BatchTarget(exactTarget, queue, consumerName);
            getCamelContext().getRegistry().bind(exactTargetBean, batchTarget);
        }
    }

    /** The consumer's options, checked at its start: a ConfigurationException names the first bad one. */
    void validateConsumer() {
        if (getDataSource() == null) {
            throw new ConfigurationException("pgq:" + queue, "no dataSource (none or several"
                    + " DataSource beans in the registry; set dataSource=#name)");
        }
        if (getConsumerName() == null || getConsumerName().isBlank()) {
            throw new ConfigurationException("consumerName", "is empty");
        }
        atLeast("fetchSize", getFetchSize(), 1);
        atLeast("maxRetries", getMaxRetries(), 0);
        atLeast("retryDelay", getRetryDelay(), 0);
        atLeast("idleDelay", getIdleDelay(), 1);
    }

    private static void atLeast(String option, long value, long min) {
        if (value < min) {
            throw new ConfigurationException(option, value + " is less than " + min);
        }
    }

    /** With exactTarget: the batch-exact transaction manager, else null. */
    BatchTarget batchTarget() {
        return batchTarget;
    }

    @Override
    public PgqComponent getComponent() {
        return (PgqComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() {
        return new PgqProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        PgqConsumer consumer = new PgqConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    public String getQueue() {
        return queue;
    }

    public void setQueue(String queue) {
        this.queue = queue;
    }

    public DataSource getDataSource() {
        return dataSource;
    }

    public void setDataSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public String getConsumerName() {
        return consumerName;
    }

    public void setConsumerName(String consumerName) {
        this.consumerName = consumerName;
    }

    public boolean isRegister() {
        return register;
    }

    public void setRegister(boolean register) {
        this.register = register;
    }

    public boolean isCreateQueue() {
        return createQueue;
    }

    public void setCreateQueue(boolean createQueue) {
        this.createQueue = createQueue;
    }

    public boolean isBatch() {
        return batch;
    }

    public void setBatch(boolean batch) {
        this.batch = batch;
    }

    public int getFetchSize() {
        return fetchSize;
    }

    public void setFetchSize(int fetchSize) {
        this.fetchSize = fetchSize;
    }

    public boolean isUrlEncoded() {
        return urlEncoded;
    }

    public void setUrlEncoded(boolean urlEncoded) {
        this.urlEncoded = urlEncoded;
    }

    public int getMaxRetries() {
        return maxRetries;
    }

    public void setMaxRetries(int maxRetries) {
        this.maxRetries = maxRetries;
    }

    public long getRetryDelay() {
        return retryDelay;
    }

    public void setRetryDelay(long retryDelay) {
        this.retryDelay = retryDelay;
    }

    public long getIdleDelay() {
        return idleDelay;
    }

    public void setIdleDelay(long idleDelay) {
        this.idleDelay = idleDelay;
    }

    public int getMinCount() {
        return minCount;
    }

    public void setMinCount(int minCount) {
        this.minCount = minCount;
    }

    public long getMinInterval() {
        return minInterval;
    }

    public void setMinInterval(long minInterval) {
        this.minInterval = minInterval;
    }

    public long getMinLag() {
        return minLag;
    }

    public void setMinLag(long minLag) {
        this.minLag = minLag;
    }

    public String getDeadLetterUri() {
        return deadLetterUri;
    }

    public void setDeadLetterUri(String deadLetterUri) {
        this.deadLetterUri = deadLetterUri;
    }

    public DataSource getExactTarget() {
        return exactTarget;
    }

    public void setExactTarget(DataSource exactTarget) {
        this.exactTarget = exactTarget;
    }

    public String getExactTargetBean() {
        return exactTargetBean;
    }

    public void setExactTargetBean(String exactTargetBean) {
        this.exactTargetBean = exactTargetBean;
    }

    public String getEventType() {
        return eventType;
    }

    public void setEventType(String eventType) {
        this.eventType = eventType;
    }

    public int getChunkSize() {
        return chunkSize;
    }

    public void setChunkSize(int chunkSize) {
        this.chunkSize = chunkSize;
    }
}
