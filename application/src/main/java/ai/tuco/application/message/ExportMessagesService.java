package ai.tuco.application.message;

import ai.tuco.application.line.port.out.LineRepository;
import ai.tuco.application.message.port.in.ExportMessagesQuery;
import ai.tuco.application.message.port.in.MessageFilter;
import ai.tuco.application.message.port.in.MessageView;
import ai.tuco.application.message.port.out.MessageRepository;
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
import java.util.function.Function;
import java.util.stream.Collectors;

/** Exports messages by walking the list's keyset order, one short repository read per page. */
public final class ExportMessagesService implements ExportMessagesQuery {
    /** Rows per read: large enough that round trips cost little, small enough that a page's memory does not matter. */
    public static final int DEFAULT_PAGE_SIZE = 2_000;

    private final MessageRepository messages;
    private final LineRepository lines;
    private final Clock clock;
    private final int pageSize;

    public ExportMessagesService(MessageRepository messages, LineRepository lines, Clock clock, int pageSize) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be at least 1, got " + pageSize);
        }
        this.messages = messages;
        this.lines = lines;
        this.clock = clock;
        this.pageSize = pageSize;
    }

    @Override
    public long export(Caller caller, MessageFilter filter, Sink sink) throws IOException {
        WorkspaceId workspace = caller.workspace().id();
        var byRepository = new MessageRepository.Filter(filter.status(), filter.channel(), filter.lineId(), filter.leadId(),
                filter.batchId(), filter.createdFrom(), filter.createdTo());
        Map<LineId, Line> linesById = new HashMap<>();
        Optional<MessageRepository.Cursor> after = Optional.empty();
        long exported = 0;
        while (true) {
            Instant readAt = clock.instant();
            List<Message> page = messages.list(workspace, byRepository, after, pageSize, readAt);
            if (page.isEmpty()) {
                return exported;
            }
            if (!page.stream().allMatch(m -> linesById.containsKey(m.lineId()))) {
                linesById.putAll(lines(workspace)); // first page, or a line created since the export began
            }
            sink.accept(page.stream().map(m -> new MessageView(m, Optional.ofNullable(linesById.get(m.lineId())))).toList(), readAt);
            exported += page.size();
            if (page.size() < pageSize) {
                return exported;
            }
            Message last = page.get(page.size() - 1);
            after = Optional.of(new MessageRepository.Cursor(last.createdAt(), last.id()));
        }
    }

    private Map<LineId, Line> lines(WorkspaceId workspace) {
        return lines.listByWorkspace(workspace).stream().collect(Collectors.toMap(Line::id, Function.identity()));
    }
}
