package ai.tuco.application.line;

import ai.tuco.application.provider.port.out.spi.LineContext;
import ai.tuco.domain.line.Line;
import java.util.Optional;

/**
 * What happens around a line's write, outside its transaction: the provider is told of the new configuration (and the
 * previous provider of its removal when the provider changed) and the line's health is checked. Implemented by
 * {@link LineHealthService}; the line services call it once their transaction commits.
 */
public interface LineLifecycle {
    /** Does nothing: for callers (tests) that do not reach providers. */
    LineLifecycle NONE = new LineLifecycle() {
        @Override
        public Optional<LineContext> current(Line line) {
            return Optional.empty();
        }

        @Override
        public void saved(Line line, Optional<LineContext> previous) {}
    };

    /** The line's context as it is before a change (to hand to the provider as {@code previous}); empty if it cannot be opened. */
    Optional<LineContext> current(Line line);

    /** The line was created or changed and the change committed; runs asynchronously and never throws. */
    void saved(Line line, Optional<LineContext> previous);
}
