package ai.tuco.application.shared;

import ai.tuco.application.shared.port.in.CheckReadinessQuery;
import ai.tuco.application.shared.port.out.DatabaseHealth;
import java.util.Map;

/** Ready when the database answers. */
public final class ReadinessService implements CheckReadinessQuery {
    private final DatabaseHealth database;

    public ReadinessService(DatabaseHealth database) {
        this.database = database;
    }

    @Override
    public Readiness readiness() {
        return database.problem()
                .map(reason -> new Readiness(false, Map.of("database", reason)))
                .orElseGet(() -> new Readiness(true, Map.of("database", "ok")));
    }
}
