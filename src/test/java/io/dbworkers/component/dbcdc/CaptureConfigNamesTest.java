package io.dbworkers.component.dbcdc;

import org.junit.jupiter.api.Test;

import io.dbworkers.config.ConfigurationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Captured table names and the publication name go into SQL, so each must be a plain identifier. */
class CaptureConfigNamesTest {

    private static final String INJECTED = "x\"; DROP TABLE y; --";

    @Test
    void anInjectedTableNameIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> config("orders, " + INJECTED, null))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("tables: '" + INJECTED + "' is not a plain identifier (letters, digits, '_' or '$', not"
                        + " starting with a digit, at most 63)");
        assertThatThrownBy(() -> config("public." + INJECTED, null))
                .hasMessageStartingWith("tables: '" + INJECTED + "' is not a plain identifier");
        assertThatThrownBy(() -> config("orders", INJECTED))
                .hasMessageStartingWith("publicationName: '" + INJECTED + "' is not a plain identifier");
    }

    @Test
    void plainNamesPass() {
        assertThat(config("sales.order_items, weird$1", "pub_1").tables())
                .containsExactly(new CaptureConfig.TableName("sales", "order_items"),
                        new CaptureConfig.TableName("public", "weird$1"));
    }

    private static CaptureConfig config(String tables, String publication) {
        DbCdcEndpoint endpoint = new DbCdcEndpoint("db-cdc:shop", new DbCdcComponent());
        endpoint.setName("shop");
        endpoint.setUrl("postgresql://app@127.0.0.1/shop");
        endpoint.setTables(tables);
        endpoint.setPublicationName(publication);
        return CaptureConfig.of(endpoint);
    }
}
