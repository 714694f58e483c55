package ai.tuco.application.message;

import ai.tuco.application.line.port.out.LineRepository;
import ai.tuco.application.message.port.in.GetMessageQuery;
import ai.tuco.application.message.port.in.ListMessagesQuery;
import ai.tuco.application.message.port.in.MessageFilter;
import ai.tuco.application.message.port.in.MessageView;
import ai.tuco.application.message.port.in.PageCursor;
import ai.tuco.application.message.port.out.MessageRepository;
import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.domain.line.Line;
import ai.tuco.domain.message.Message;
import ai.tuco.domain.message.RecordedEvent;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.shared.MessageId;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Reads messages (one, its history, a filtered page), always within the caller's workspace; never writes. */
public final class ReadMessagesService implements GetMessageQuery, ListMessagesQuery {
    private final MessageRepository messages;
    private final LineRepository lines;
    private final Clock clock;

    public ReadMessagesService(MessageRepository messages, LineRepository lines, Clock clock) {
        this.messages = messages;
        this.lines = lines;
        this.clock = clock;
    }

    @Override
    public MessageView get(Caller caller, MessageId id) {
        Message message = messages.find(caller.workspace().id(), id).orElseThrow(() -> UseCaseException.notFound("Message"));
        return new MessageView(message, lines.findById(message.workspaceId(), message.lineId()));
    }

    @Override
    public List<RecordedEvent> events(Caller caller, MessageId id) {
        List<RecordedEvent> events = messages.events(caller.workspace().id(), id);
        if (events.isEmpty()) {
            throw UseCaseException.notFound("Message");
        }
        return events;
    }

    @Override
    public MessagePage list(Caller caller, MessageFilter filter, int limit, Optional<PageCursor> after) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + ", got " + limit);
        }
        // The repository keeps its own Filter and Cursor: inbound and outbound ports never share types.
        var byRepository = new MessageRepository.Filter(filter.status(), filter.channel(), filter.lineId(), filter.leadId(),
                filter.batchId(), filter.createdFrom(), filter.createdTo());
        Optional<MessageRepository.Cursor> cursor = after.map(c -> new MessageRepository.Cursor(c.createdAt(), c.id()));
        // One row more than asked tells whether there is a next page.
        List<Message> page = messages.list(caller.workspace().id(), byRepository, cursor, limit + 1, clock.instant());
        Optional<PageCursor> next = Optional.empty();
        if (page.size() > limit) {
            page = page.subList(0, limit);
            Message last = page.get(limit - 1);
            next = Optional.of(new PageCursor(last.createdAt(), last.id()));
        }
        Map<LineId, Line> byId = lines.listByWorkspace(caller.workspace().id()).stream()
                .collect(Collectors.toMap(Line::id, Function.identity()));
        return new MessagePage(page.stream().map(m -> new MessageView(m, Optional.ofNullable(byId.get(m.lineId())))).toList(), next);
    }
}
