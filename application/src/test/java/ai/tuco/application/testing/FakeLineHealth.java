package ai.tuco.application.testing;

import ai.tuco.application.provider.port.out.LineHealthWriter;
import ai.tuco.domain.shared.LineId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Records what was written of lines' health. */
public final class FakeLineHealth implements LineHealthWriter {
    public record Write(LineId line, boolean healthy, String reason, Instant at) {}

    private final List<Write> writes = new ArrayList<>();

    @Override
    public void markUnhealthy(LineId line, String reason, Instant at) {
        writes.add(new Write(line, false, reason, at));
    }

    @Override
    public void markHealthy(LineId line, Instant at) {
        writes.add(new Write(line, true, null, at));
    }

    public List<Write> writes() {
        return List.copyOf(writes);
    }
}
