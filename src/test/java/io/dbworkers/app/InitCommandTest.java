package io.dbworkers.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.dbworkers.config.ConfigurationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code init}'s names, as the seed's own example spells them, and the watermark its db-poll routes ask for. */
class InitCommandTest {

    @TempDir
    Path workDir;

    @Test
    void theSeedsExampleNameWithUnderscoresIsAccepted() throws Exception {
        assertThat(new InitCommand(workDir).run(List.of("cdc", "my_cdc_worker"))).isZero();

        assertThat(Files.readString(workDir.resolve("routes/my_cdc_worker.yaml")))
                .contains("id: my_cdc_worker").contains("db-poll:{{my_cdc_worker.table}}");
        assertThat(Files.readString(workDir.resolve("application.properties")))
                .contains("my_cdc_worker.table = orders");
    }

    @Test
    void aRefusedNameIsToldWhatIsAccepted() {
        assertThatThrownBy(() -> new InitCommand(workDir).run(List.of("cdc", "My CDC")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("NAME: 'My CDC' is not accepted: use 1 to 63 lower-case letters, digits, '-' and '_',"
                        + " starting with a letter (e.g. my_cdc_worker or shop-cdc)");
        assertThat(workDir.resolve("routes")).doesNotExist();
    }

    @Test
    void withADatabaseTypeTheRouteAsksForTheTransactionsWatermark() throws Exception {
        new InitCommand(workDir).run(List.of("cdc", "shop_cdc", "--database-type", "postgresql"));

        assertThat(Files.readString(workDir.resolve("routes/shop_cdc.yaml")))
                .contains("watermark: \"{{shop_cdc.watermark}}\"");
        assertThat(Files.readString(workDir.resolve("application.properties")))
                .contains("shop_cdc.watermark = transactions").contains("GRANT pg_read_all_stats");
    }

    @Test
    void onTheEmbeddedDatabaseTheRouteSaysItUsesALag() throws Exception {
        new InitCommand(workDir).run(List.of("cdc", "demo"));

        assertThat(Files.readString(workDir.resolve("application.properties"))).contains("demo.watermark = lag");
    }
}
