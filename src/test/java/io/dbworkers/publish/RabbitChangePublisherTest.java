package io.dbworkers.publish;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.dbworkers.change.ChangeType;
import io.dbworkers.change.DatabaseChange;
import io.dbworkers.change.SourcePosition;
import io.dbworkers.config.ConfigurationException;
import io.dbworkers.deadletter.ValidationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RabbitChangePublisherTest {

    @Test
    void routingKeyIsSchemaTableOperationInLowerCase() {
        assertThat(RabbitChangePublisher.routingKey(change("public", "Orders", ChangeType.UPDATE, "x")))
                .isEqualTo("public.orders.update");
        assertThat(RabbitChangePublisher.routingKey(change(null, "orders", ChangeType.DELETE, "x")))
                .isEqualTo("orders.delete");
    }

    @Test
    void aChangeLargerThanMaxMessageSizeIsAValidationError() {
        RabbitChangePublisher publisher = new RabbitChangePublisher();
        publisher.setMaxMessageSize(300);
        assertThat(publisher.message(change("public", "notes", ChangeType.INSERT, "small")).json()).isNotEmpty();
        assertThatThrownBy(() -> publisher.message(change("public", "notes", ChangeType.INSERT, "x".repeat(400))))
                .isInstanceOf(ValidationException.class).hasMessageContaining("more than maxMessageSize 300");
    }

    @Test
    void startRejectsABadExchangeName() {
        RabbitChangePublisher publisher = new RabbitChangePublisher();
        publisher.setUrl("amqp://guest:guest@localhost:5672");
        publisher.setExchange("bad name");
        assertThatThrownBy(publisher::start).isInstanceOf(ConfigurationException.class).hasMessageContaining("exchange");
    }

    private static DatabaseChange change(String schema, String table, ChangeType type, String body) {
        return new DatabaseChange(schema, table, type, Map.of("id", 1), Map.of("id", 1, "body", body), null, null,
                new SourcePosition("pgoutput", "1"));
    }
}
