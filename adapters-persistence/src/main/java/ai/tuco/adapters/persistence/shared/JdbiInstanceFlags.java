package ai.tuco.adapters.persistence.shared;

import ai.tuco.application.shared.port.out.InstanceFlags;
import org.jdbi.v3.core.Jdbi;

/** Flags as rows of {@code instance_flags}; the primary key makes "first one wins" hold across nodes. */
public final class JdbiInstanceFlags implements InstanceFlags {
    private final Jdbi jdbi;

    public JdbiInstanceFlags(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public boolean setOnce(String flag) {
        return jdbi.withHandle(h -> h.createUpdate("INSERT INTO instance_flags (flag) VALUES (:flag) ON CONFLICT DO NOTHING")
                .bind("flag", flag)
                .execute() == 1);
    }
}
