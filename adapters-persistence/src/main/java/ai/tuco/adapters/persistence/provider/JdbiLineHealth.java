package ai.tuco.adapters.persistence.provider;

import ai.tuco.application.provider.port.out.LineHealthWriter;
import ai.tuco.domain.shared.LineId;
import java.time.Instant;
import org.jdbi.v3.core.Jdbi;

/** Line health in its own table ({@code line_health}, V12); a write joins the caller's transaction when there is one. */
public final class JdbiLineHealth implements LineHealthWriter {
    private final Jdbi jdbi;

    public JdbiLineHealth(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void markUnhealthy(LineId line, String reason, Instant at) {
        write(line, "unhealthy", reason, at, true);
    }

    @Override
    public void markHealthy(LineId line, Instant at) {
        write(line, "healthy", null, at, false);
    }

    private void write(LineId line, String status, String reason, Instant at, boolean held) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO line_health (line_id, workspace_id, status, checked_at, reason, sending_held)
                        SELECT id, workspace_id, :status, :at, :reason, :held FROM lines WHERE id = :id
                        ON CONFLICT (line_id) DO UPDATE SET status = excluded.status, checked_at = excluded.checked_at,
                            reason = excluded.reason, sending_held = excluded.sending_held""")
                .bind("id", line.value())
                .bind("status", status)
                .bind("at", at)
                .bind("reason", reason)
                .bind("held", held)
                .execute());
    }
}
