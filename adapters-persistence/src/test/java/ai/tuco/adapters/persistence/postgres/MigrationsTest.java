package ai.tuco.adapters.persistence.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MigrationsTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    @Test
    void givenEmptyDatabase_migrate_createsEveryTableOnceAndIsIdempotent() throws Exception {
        String name = db.databaseName() + "_empty";
        try (Connection c = db.adminConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        String url = db.jdbcUrl().substring(0, db.jdbcUrl().lastIndexOf('/') + 1) + name;
        try (var ds = PostgresDataSources.open(new PostgresDataSources.Target(url, db.user(), db.password()), 2, "empty")) {
            assertThat(Migrations.migrate(ds)).isGreaterThanOrEqualTo(1);
            assertThat(Migrations.migrate(ds)).isZero();
            List<String> tables = JdbiFactory.create(ds).withHandle(h -> h.createQuery(
                            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")
                    .mapTo(String.class).list());
            assertThat(tables).contains("workspaces", "users", "api_keys", "lines", "leads", "messages",
                    "message_events", "dispatch_queue", "audit_log", "flyway_schema_history");
        } finally {
            try (Connection c = db.adminConnection(); Statement st = c.createStatement()) {
                st.execute("DROP DATABASE " + name + " WITH (FORCE)");
            }
        }
    }

    @Test
    void everyTenantTable_carriesWorkspaceId() {
        List<String> missing = db.jdbi().withHandle(h -> h.createQuery("""
                        SELECT t.table_name FROM information_schema.tables t
                        WHERE t.table_schema = 'public' AND t.table_name NOT IN ('workspaces', 'instance_flags', 'flyway_schema_history')
                          AND NOT EXISTS (SELECT 1 FROM information_schema.columns c
                                          WHERE c.table_name = t.table_name AND c.column_name = 'workspace_id')""")
                .mapTo(String.class).list());
        assertThat(missing).isEmpty();
    }
}
