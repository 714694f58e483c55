package ai.tuco.application.provider.port.out.spi;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Catch-up of events a provider could not push or posts only once: called after start and then every
 * {@link #interval()}, once per active line of the provider per interval across all nodes
 * ({@link Scope#PER_LINE}), or once per interval for the whole provider ({@link Scope#PER_PROVIDER}, e.g. the sandbox,
 * with {@code line} empty). The cursor it returns is stored and handed back next time (empty the first time), and is
 * stored only once the poll's updates were recorded: a poll whose updates failed to record is repeated from the
 * previous cursor, so a poller may acknowledge (e.g. delete) what it returned when it is next handed that cursor.
 */
public interface EventPoller {

    enum Scope { PER_LINE, PER_PROVIDER }

    Scope scope();

    Duration interval();

    Polled poll(Optional<LineContext> line, Optional<String> cursor) throws Exception;

    /**
     * Updates and replies found, and where to continue next time (empty: keep the previous cursor); {@code more}: the
     * poller left some behind (it returned a full page), so a provider-wide poll runs again at once rather than at its
     * next interval. A poller that cannot tell says {@code more} whenever it found something.
     */
    record Polled(List<StatusUpdate> updates, List<InboundReply> replies, Optional<String> nextCursor, boolean more) {
        public Polled {
            updates = List.copyOf(updates);
            replies = List.copyOf(replies);
            Objects.requireNonNull(nextCursor, "nextCursor");
        }

        public Polled(List<StatusUpdate> updates, List<InboundReply> replies, Optional<String> nextCursor) {
            this(updates, replies, nextCursor, !updates.isEmpty() || !replies.isEmpty());
        }

        public Polled(List<StatusUpdate> updates, Optional<String> nextCursor) {
            this(updates, List.of(), nextCursor);
        }
    }
}
