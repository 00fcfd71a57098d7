package io.dbworkers.component.dbcdc;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LogCdcEndpointUriTest {

    @Test
    void optionsBindFromTheUri() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            context.start();
            DbCdcEndpoint endpoint = context.getEndpoint("db-cdc:shop?url=postgresql://app:secret@db:5432/shop"
                    + "&tables=orders,inventory&slotName=shop_slot&replicaIdentityFull=true&snapshot=true"
                    + "&heartbeatInterval=5s&retryDelay=500&debezium.snapshot.fetch.size=500", DbCdcEndpoint.class);

            assertThat(endpoint.getName()).isEqualTo("shop");
            assertThat(endpoint.getTables()).isEqualTo("orders,inventory");
            assertThat(endpoint.getSlotName()).isEqualTo("shop_slot");
            assertThat(endpoint.isReplicaIdentityFull()).isTrue();
            assertThat(endpoint.isSnapshot()).isTrue();
            assertThat(endpoint.getHeartbeatInterval()).isEqualTo(5000);
            assertThat(endpoint.getRetryDelay()).isEqualTo(500);
            assertThat(endpoint.getDebeziumProperties()).containsEntry("snapshot.fetch.size", "500");
            assertThat(CaptureConfig.of(endpoint).toDebezium(endpoint, "k"))
                    .containsEntry("snapshot.fetch.size", "500").containsEntry("heartbeat.interval.ms", "5000");
        }
    }
}
