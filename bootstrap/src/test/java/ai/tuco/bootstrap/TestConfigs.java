package ai.tuco.bootstrap;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/** Environments for starting the service against a test database. */
public final class TestConfigs {
    public static final String SECRET_KEY = Base64.getEncoder().encodeToString(new byte[32]);

    private TestConfigs() {}

    public static Map<String, String> env(PostgresExtension db, String... more) {
        Map<String, String> env = new HashMap<>();
        env.put("TUCO_DATABASE_URL", db.jdbcUrl());
        db.user().ifPresent(u -> env.put("TUCO_DATABASE_USER", u));
        db.password().ifPresent(p -> env.put("TUCO_DATABASE_PASSWORD", p));
        env.put("TUCO_SECRET_KEY", SECRET_KEY);
        env.put("TUCO_PORT", "0");
        env.put("TUCO_DATABASE_POOL_SIZE", "4");
        for (int i = 0; i < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return env;
    }
}
