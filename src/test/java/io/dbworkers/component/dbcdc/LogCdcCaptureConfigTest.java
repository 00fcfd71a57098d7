package io.dbworkers.component.dbcdc;

import java.util.Properties;

import org.junit.jupiter.api.Test;

import io.dbworkers.config.ConfigurationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LogCdcCaptureConfigTest {

    @Test
    void postgresUrlGivesConnectionSlotPublicationAndDebeziumProperties() {
        DbCdcEndpoint endpoint = endpoint("shop-cdc");
        endpoint.setUrl("postgresql://app:s3cret@db.local:5433/shop");
        endpoint.setTables("orders, sales.order_items");

        CaptureConfig config = CaptureConfig.of(endpoint);
        Properties p = config.toDebezium(endpoint, "key-1");

        assertThat(config.connector()).isEqualTo("postgres");
        assertThat(config.toString()).doesNotContain("s3cret").contains("db.local:5433/shop");
        assertThat(p).containsEntry("connector.class", "io.debezium.connector.postgresql.PostgresConnector")
                .containsEntry("database.hostname", "db.local").containsEntry("database.port", "5433")
                .containsEntry("database.dbname", "shop").containsEntry("database.user", "app")
                .containsEntry("database.password", "s3cret")
                .containsEntry("slot.name", "shop_cdc").containsEntry("publication.name", "shop_cdc_publication")
                .containsEntry("publication.autocreate.mode", "filtered")
                .containsEntry("table.include.list", "\\Qpublic\\E\\.\\Qorders\\E,\\Qsales\\E\\.\\Qorder_items\\E")
                .containsEntry("snapshot.mode", "no_data").containsEntry("decimal.handling.mode", "precise")
                .containsEntry("heartbeat.interval.ms", "60000").containsEntry("offset.flush.interval.ms", "0")
                .containsEntry("offset.storage.file.filename", "key-1");
    }

    @Test
    void mariaDbUsesTheDatabaseAsSchemaAndAStableServerId() {
        DbCdcEndpoint endpoint = endpoint("shop");
        endpoint.setUrl("mariadb://root@127.0.0.1/shop");
        endpoint.setTables("orders");
        endpoint.setSnapshot(true);
        endpoint.getDebeziumProperties().put("snapshot.fetch.size", 500);

        CaptureConfig config = CaptureConfig.of(endpoint);
        Properties p = config.toDebezium(endpoint, "key-2");

        assertThat(config.port()).isEqualTo(3306);
        assertThat(config.tables()).containsExactly(new CaptureConfig.TableName("shop", "orders"));
        assertThat(p).containsEntry("connector.class", "io.debezium.connector.mariadb.MariaDbConnector")
                .containsEntry("snapshot.mode", "initial").containsEntry("snapshot.fetch.size", "500")
                .containsEntry("schema.history.internal.file.filename", "data/offsets/db-cdc-shop-history.dat")
                .containsEntry("database.server.id", CaptureConfig.of(endpoint).toDebezium(endpoint, "x")
                        .getProperty("database.server.id"))
                .doesNotContainKey("database.password");
    }

    @Test
    void settingsAreNamedInErrors() {
        DbCdcEndpoint noConnector = endpoint("shop");
        noConnector.setHost("h");
        noConnector.setDatabase("shop");
        noConnector.setUser("u");
        assertThatThrownBy(() -> CaptureConfig.of(noConnector)).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("connector:");

        DbCdcEndpoint badTable = endpoint("shop");
        badTable.setUrl("postgresql://u@h/shop");
        badTable.setTables("orders;drop table x");
        assertThatThrownBy(() -> CaptureConfig.of(badTable)).hasMessageStartingWith("tables:");

        DbCdcEndpoint badSlot = endpoint("shop");
        badSlot.setUrl("postgresql://u@h/shop");
        badSlot.setSlotName("Shop-Slot");
        assertThatThrownBy(() -> CaptureConfig.of(badSlot)).hasMessageStartingWith("slotName:");
    }

    private static DbCdcEndpoint endpoint(String name) {
        DbCdcEndpoint endpoint = new DbCdcEndpoint("db-cdc:" + name, new DbCdcComponent());
        endpoint.setName(name);
        return endpoint;
    }
}
