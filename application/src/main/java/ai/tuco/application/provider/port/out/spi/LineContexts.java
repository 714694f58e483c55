package ai.tuco.application.provider.port.out.spi;

import ai.tuco.domain.line.Line;
import ai.tuco.domain.shared.LineId;
import java.util.Optional;

/**
 * Opens a line's sealed {@code providerConfig} for its provider, at send, check or callback time (cached per node and
 * emptied by the change notices a line update sends). The opened values never leave the provider call.
 */
public interface LineContexts {

    /** The line's context; the line as given (already loaded by the caller). */
    LineContext open(Line line);

    /** Loads the line by id (any workspace: callbacks name only the line) and opens it; empty if there is none. */
    Optional<LineContext> open(LineId lineId);
}
