package ai.tuco.adapters.persistence.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class PostgresDataSourcesTest {
    @Test
    void postgresUrl_isReadIntoJdbcUrlAndCredentials() {
        var t = PostgresDataSources.parse("postgres://alice:s3cret@db.local:6543/tuco?sslmode=disable", Optional.empty(), Optional.empty());
        assertThat(t.jdbcUrl()).isEqualTo("jdbc:postgresql://db.local:6543/tuco?sslmode=disable");
        assertThat(t.user()).contains("alice");
        assertThat(t.password()).contains("s3cret");
    }

    @Test
    void explicitCredentials_winOverTheUrlOnes() {
        var t = PostgresDataSources.parse("postgresql://alice@db.local/tuco", Optional.of("bob"), Optional.of("pw"));
        assertThat(t.jdbcUrl()).isEqualTo("jdbc:postgresql://db.local:5432/tuco");
        assertThat(t.user()).contains("bob");
        assertThat(t.password()).contains("pw");
    }

    @Test
    void jdbcUrl_isKeptAsItIs() {
        var t = PostgresDataSources.parse("jdbc:postgresql://localhost/x", Optional.empty(), Optional.empty());
        assertThat(t.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost/x");
    }

    @Test
    void malformedUrls_areRefusedWithAReason() {
        assertThatThrownBy(() -> PostgresDataSources.parse("mysql://x/y", Optional.empty(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected");
        assertThatThrownBy(() -> PostgresDataSources.parse("postgres://host-only", Optional.empty(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PostgresDataSources.parse("postgres://bad host/db", Optional.empty(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unreachableServer_failsWithOneLine() {
        var target = new PostgresDataSources.Target("jdbc:postgresql://127.0.0.1:1/none", Optional.of("x"), Optional.empty());
        assertThatThrownBy(() -> PostgresDataSources.open(target, 1, "unreachable"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("cannot connect to jdbc:postgresql://127.0.0.1:1/none");
    }
}
