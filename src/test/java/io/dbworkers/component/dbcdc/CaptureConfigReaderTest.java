package io.dbworkers.component.dbcdc;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import io.dbworkers.config.ConfigurationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which reader a route gets, and the one-line errors of a reader that cannot be used. */
class CaptureConfigReaderTest {

    @Test
    void postgresReadsPgOutputUnlessTheRouteAsksForDebezium() {
        assertThat(CaptureConfig.of(endpoint("postgresql://app@db/shop", null)).reader()).isEqualTo("pgoutput");
        assertThat(CaptureConfig.of(endpoint("postgresql://app@db/shop", "debezium")).reader()).isEqualTo("debezium");
        DbCdcEndpoint tuned = endpoint("postgresql://app@db/shop", null);
        tuned.getDebeziumProperties().put("max.batch.size", "8192");
        assertThat(CaptureConfig.of(tuned).reader()).isEqualTo("debezium");
        assertThat(CaptureConfig.of(endpoint("mariadb://root@db/shop", null)).reader()).isEqualTo("debezium");
    }

    @Test
    void pgOutputRefusesMariaDbAndDebeziumProperties() {
        assertThatThrownBy(() -> CaptureConfig.of(endpoint("mariadb://root@db/shop", "pgoutput")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("reader")
                .hasMessageContaining("MariaDB/MySQL use debezium");
        DbCdcEndpoint tuned = endpoint("postgresql://app@db/shop", "pgoutput");
        tuned.getDebeziumProperties().put("poll.interval.ms", "20");
        tuned.getDebeziumProperties().put("max.batch.size", "8192");
        assertThatThrownBy(() -> CaptureConfig.of(tuned)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("reader")
                .hasMessageContaining("debezium.max.batch.size, debezium.poll.interval.ms are set");
        assertThatThrownBy(() -> CaptureConfig.of(endpoint("postgresql://app@db/shop", "wal2json")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("not one of pgoutput, debezium");
    }

    @Test
    void theUriTakesReaderAndMaxBatchSize() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            DbCdcEndpoint endpoint = context.getEndpoint("db-cdc:shop?url=postgresql://app@db:5432/shop"
                    + "&reader=pgoutput&maxBatchSize=8192", DbCdcEndpoint.class);
            assertThat(endpoint.getReader()).isEqualTo("pgoutput");
            assertThat(endpoint.getMaxBatchSize()).isEqualTo(8192);
        }
    }

    private static DbCdcEndpoint endpoint(String url, String reader) {
        DbCdcEndpoint endpoint = new DbCdcEndpoint("db-cdc:shop", new DbCdcComponent());
        endpoint.setName("shop");
        endpoint.setUrl(url);
        endpoint.setReader(reader);
        return endpoint;
    }
}
