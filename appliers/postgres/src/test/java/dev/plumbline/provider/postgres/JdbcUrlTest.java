package dev.plumbline.provider.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Taking a JDBC URL apart to reach the other databases of the same server. */
class JdbcUrlTest {

    @Test
    void swapsTheDatabaseAndKeepsHostsAndParameters() {
        JdbcUrl url = JdbcUrl.parse("jdbc:postgresql://db1:5432,db2:5432/postgres?sslmode=require&targetServerType=primary");

        assertThat(url.database()).isEqualTo("postgres");
        assertThat(url.withDatabase("appdb").text())
                .isEqualTo("jdbc:postgresql://db1:5432,db2:5432/appdb?sslmode=require&targetServerType=primary");
        assertThat(url.withDatabase("appdb").describe()).isEqualTo("db1:5432,db2:5432/appdb");
    }

    @Test
    void refusesWhatItCannotUse() {
        assertThatThrownBy(() -> JdbcUrl.parse("jdbc:mysql://h/db")).hasMessageContaining("jdbc:postgresql://");
        assertThatThrownBy(() -> JdbcUrl.parse("jdbc:postgresql://h:5432")).hasMessageContaining("names no database");
        assertThatThrownBy(() -> JdbcUrl.parse("jdbc:postgresql://h/db?user=x&password=hunter2"))
                .hasMessageContaining("must not carry the").hasMessageNotContaining("hunter2");
    }
}
