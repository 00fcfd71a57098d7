package io.dbworkers.deadletter;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;

/**
 * Declares the durable dead-letter queue before a dead letter is sent to it. Declaring is idempotent and cheap, and
 * doing it on every send rather than once means a queue deleted meanwhile is there again: the default exchange would
 * otherwise drop the message, and the broker would still confirm it. It is done here rather than with the producer's
 * {@code autoDeclareProducer}, which declares only when the producer starts: a producer that could not start while the
 * broker was down would not start again.
 */
class DurableQueue implements Processor {

    private final RabbitAdmin admin;
    private final String queue;

    DurableQueue(ConnectionFactory connectionFactory, String queue) {
        this.admin = new RabbitAdmin(connectionFactory);
        this.queue = queue;
    }

    @Override
    public void process(Exchange exchange) {
        admin.declareQueue(QueueBuilder.durable(queue).build());
    }
}
