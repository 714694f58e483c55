package ai.tuco.application.message;

import ai.tuco.application.line.port.out.LineRepository;
import ai.tuco.application.message.port.in.ExportMessagesQuery;
import ai.tuco.application.message.port.in.MessageFilter;
import ai.tuco.application.message.port.in.MessageView;
import ai.tuco.application.message.port.out.MessageRepository;
import ai.tuco.application.shared.Futures;
import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.domain.line.Line;
import ai.tuco.domain.message.Message;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.shared.WorkspaceId;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Exports messages by walking the list's keyset order, one short repository read per page. The next page is read on
 * {@code readAhead} while the sink writes the current one, so the database's work and the formatting overlap (two
 * pages in memory at most).
 */
public final class ExportMessagesService implements ExportMessagesQuery {
    /** Rows per read: large enough that round trips cost little, small enough that a page's memory does not matter. */
    public static final int DEFAULT_PAGE_SIZE = 2_000;

    private final MessageRepository messages;
    private final LineRepository lines;
    private final Clock clock;
    private final int pageSize;
    private final Executor readAhead;

    public ExportMessagesService(MessageRepository messages, LineRepository lines, Clock clock, int pageSize, Executor readAhead) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be at least 1, got " + pageSize);
        }
        this.messages = messages;
        this.lines = lines;
        this.clock = clock;
        this.pageSize = pageSize;
        this.readAhead = readAhead;
    }

    @Override
    public long export(Caller caller, MessageFilter filter, Sink sink) throws IOException {
        WorkspaceId workspace = caller.workspace().id();
        var byRepository = new MessageRepository.Filter(filter.status(), filter.channel(), filter.lineId(), filter.leadId(),
                filter.batchId(), filter.createdFrom(), filter.createdTo());
        Map<LineId, Line> linesById = new HashMap<>();
        Page page = read(workspace, byRepository, Optional.empty());
        long exported = 0;
        while (true) {
            if (page.messages().isEmpty()) {
                return exported;
            }
            Optional<CompletableFuture<Page>> next = Optional.empty();
            if (page.messages().size() == pageSize) {
                Message last = page.messages().get(pageSize - 1);
                var after = Optional.of(new MessageRepository.Cursor(last.createdAt(), last.id()));
                next = Optional.of(CompletableFuture.supplyAsync(() -> read(workspace, byRepository, after), readAhead));
            }
            if (!page.messages().stream().allMatch(m -> linesById.containsKey(m.lineId()))) {
                linesById.putAll(lines(workspace)); // first page, or a line created since the export began
            }
            sink.accept(page.messages().stream()
                    .map(m -> new MessageView(m, Optional.ofNullable(linesById.get(m.lineId())))).toList(), page.readAt());
            exported += page.messages().size();
            if (next.isEmpty()) {
                return exported;
            }
            page = join(next.get());
        }
    }

    private record Page(List<Message> messages, Instant readAt) {}

    private Page read(WorkspaceId workspace, MessageRepository.Filter filter, Optional<MessageRepository.Cursor> after) {
        Instant readAt = clock.instant();
        return new Page(messages.list(workspace, filter, after, pageSize, readAt), readAt);
    }

    /** The read-ahead's page, its failure rethrown as it would have been thrown by a read on this thread. */
    private static Page join(CompletableFuture<Page> next) {
        return Futures.join(next);
    }

    private Map<LineId, Line> lines(WorkspaceId workspace) {
        return lines.listByWorkspace(workspace).stream().collect(Collectors.toMap(Line::id, Function.identity()));
    }
}
