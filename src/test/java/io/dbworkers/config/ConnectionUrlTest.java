package io.dbworkers.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConnectionUrlTest {

    @Test
    void seedFormBecomesJdbcWithCredentials() {
        ConnectionUrl url = ConnectionUrl.parse("DATABASE_URL", "postgresql://user:p%40ss@localhost:5432/ecommerce",
                null, null);
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/ecommerce");
        assertThat(url.user()).isEqualTo("user");
        assertThat(url.password()).isEqualTo("p@ss");
        assertThat(url.product()).isEqualTo("postgresql");
        assertThat(url.toString()).doesNotContain("p@ss");
    }

    @Test
    void mysqlAndSqlAlchemyDriverSuffixesUseTheMariaDbDriver() {
        assertThat(ConnectionUrl.parse("X", "mysql://u@db:3306/analytics", null, null).jdbcUrl())
                .isEqualTo("jdbc:mariadb://db:3306/analytics");
        assertThat(ConnectionUrl.parse("X", "postgresql+asyncpg://h/db?sslmode=require", null, null).jdbcUrl())
                .isEqualTo("jdbc:postgresql://h/db?sslmode=require");
    }

    @Test
    void separateCredentialsApplyWhenTheUrlHasNone() {
        ConnectionUrl url = ConnectionUrl.parse("DATABASE_URL", "jdbc:h2:mem:x", "sa", "secret");
        assertThat(url.user()).isEqualTo("sa");
        assertThat(url.password()).isEqualTo("secret");
    }

    @Test
    void errorsNameTheSettingAndHideThePassword() {
        assertThatThrownBy(() -> ConnectionUrl.parse("DATABASE_URL", "oracle://u:topsecret@h/db", null, null))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("DATABASE_URL: unsupported scheme 'oracle' (use jdbc:..., postgresql://, mysql:// or"
                        + " mariadb://) in oracle://u:****@h/db");
        assertThatThrownBy(() -> ConnectionUrl.parse("DATABASE_URL", "postgresql://u:topsecret@h", null, null))
                .hasMessage("DATABASE_URL: names no database: postgresql://u:****@h");
        assertThatThrownBy(() -> ConnectionUrl.parse("DATABASE_URL", " ", null, null))
                .hasMessage("DATABASE_URL: is empty");
    }
}
