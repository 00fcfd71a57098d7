package io.dbworkers.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.dbworkers.config.Settings;

/**
 * When the dead letter cannot be written, the exchange fails with the write's error (deadLetterHandleNewException is
 * false), so that its source keeps the change.
 */
class DeadLetterWriteFailsTest {

    private CamelContext context;

    @BeforeEach
    void start() throws Exception {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + getClass().getSimpleName() + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            // a table of that name that the insert cannot write to
            s.execute("CREATE TABLE dead_letters (id INT PRIMARY KEY)");
        }
        context = new DefaultCamelContext();
        context.getRegistry().bind("dataSource", dataSource);
        DeadLetters.install(context, new Settings(Map.of("DEAD_LETTER_MAX_REDELIVERIES", "0")::get));
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:items").routeId("items").routeConfigurationId(DeadLetters.ROUTE_CONFIGURATION_ID)
                        .throwException(new ValidationException("bad row"));
            }
        });
        context.start();
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    @Test
    void exchangeFailsWhenTheDeadLetterWriteFails() {
        Exchange result = context.createProducerTemplate().send("direct:items",
                e -> e.getMessage().setBody(DeadLetterRedeliveryTest.change(1, "bad")));

        assertThat(result.getException()).isNotNull();
        assertThat(result.getException()).isInstanceOf(SQLException.class).hasMessageContaining("DEAD_LETTERS");
    }
}
