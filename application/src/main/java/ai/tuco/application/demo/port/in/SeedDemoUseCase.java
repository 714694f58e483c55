package ai.tuco.application.demo.port.in;

import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.shared.WorkspaceId;
import java.util.Optional;

/** Seeds the demo workspace on an empty database, exactly once in the database's life. */
public interface SeedDemoUseCase {
    LineId DEMO_IMESSAGE_LINE = new LineId("667f1f77bcf86cd799439011");
    LeadId DEMO_LEAD = new LeadId("667f1f77bcf86cd799439012");

    /** @return what was seeded, or empty when the database already had data or was seeded before */
    Optional<DemoSeed> seedIfEmpty();

    record DemoSeed(WorkspaceId workspaceId, String apiKey, LineId imessageLine, LineId smsLine, LineId emailLine, LeadId lead) {}
}
