package ai.tuco.application.message;

import static ai.tuco.application.message.MessageFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tuco.application.message.port.in.ListMessagesQuery.MessagePage;
import ai.tuco.application.message.port.in.MessageFilter;
import ai.tuco.application.message.port.in.MessageView;
import ai.tuco.application.message.port.in.PageCursor;
import ai.tuco.application.message.port.out.MessageRepository;
import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.domain.line.Line;
import ai.tuco.domain.message.Message;
import ai.tuco.domain.message.MessageStatus;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.shared.MessageId;
import ai.tuco.domain.testing.MutableClock;
import ai.tuco.domain.workspace.Workspace;
import ai.tuco.domain.workspace.WorkspaceStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReadMessagesServiceTest {
    final MutableClock clock = new MutableClock(T0.plus(Duration.ofHours(1)));
    final InMemoryMessages messages = new InMemoryMessages();
    final InMemoryLines lines = new InMemoryLines();
    final ReadMessagesService reader = new ReadMessagesService(messages, lines, clock);

    final Workspace ws = MessageFixtures.workspace(1, WorkspaceStatus.ACTIVE);
    final Workspace other = MessageFixtures.workspace(2, WorkspaceStatus.ACTIVE);
    final Line line = MessageFixtures.line(ws, 1, Channel.IMESSAGE);

    Message stored(Workspace workspace, int n, Instant createdAt) {
        Message m = MessageFixtures.message(workspace, n, line, createdAt, Optional.of("batch"));
        messages.rows.put(m.id(), m);
        return m;
    }

    @Test
    void everyFilter_list_reachesTheRepositoryUnchanged() {
        var filter = new MessageFilter(Optional.of(MessageStatus.QUEUED), Optional.of(Channel.SMS), Optional.of(line.id()),
                Optional.of(new LeadId(MessageFixtures.hex(7))), Optional.of("b-1"), Optional.of(T0), Optional.of(T0.plusSeconds(60)));
        var after = new PageCursor(T0.plusSeconds(30), new MessageId(MessageFixtures.hex(9)));

        reader.list(MessageFixtures.caller(ws), filter, 10, Optional.of(after));

        assertThat(messages.lastFilter).isEqualTo(new MessageRepository.Filter(filter.status(), filter.channel(), filter.lineId(),
                filter.leadId(), filter.batchId(), filter.createdFrom(), filter.createdTo()));
        assertThat(messages.lastCursor).contains(new MessageRepository.Cursor(after.createdAt(), after.id()));
        assertThat(messages.lastLimit).as("one more than the page, to tell whether a next page exists").isEqualTo(11);
    }

    @Test
    void moreMessagesThanTheLimit_list_givesACursorAtTheLastShownAndTheNextPageFollowsIt() {
        Message oldest = stored(ws, 1, T0);
        Message middle = stored(ws, 2, T0.plusSeconds(1));
        Message newest = stored(ws, 3, T0.plusSeconds(2));

        MessagePage first = reader.list(MessageFixtures.caller(ws), MessageFilter.any(), 2, Optional.empty());
        assertThat(ids(first)).containsExactly(newest.id(), middle.id());
        assertThat(first.next()).contains(new PageCursor(middle.createdAt(), middle.id()));

        MessagePage second = reader.list(MessageFixtures.caller(ws), MessageFilter.any(), 2, first.next());
        assertThat(ids(second)).containsExactly(oldest.id());
        assertThat(second.next()).isEmpty();
    }

    @Test
    void exactlyLimitMessages_list_hasNoNextCursor() {
        stored(ws, 1, T0);
        stored(ws, 2, T0.plusSeconds(1));

        MessagePage page = reader.list(MessageFixtures.caller(ws), MessageFilter.any(), 2, Optional.empty());

        assertThat(page.messages()).hasSize(2);
        assertThat(page.next()).isEmpty();
    }

    @Test
    void listedMessages_carryTheLineTheyAreSentFrom_andOnlyTheCallersWorkspace() {
        lines.add(line);
        Message mine = stored(ws, 1, T0);
        stored(other, 2, T0);

        MessagePage page = reader.list(MessageFixtures.caller(ws), MessageFilter.any(), 50, Optional.empty());

        assertThat(ids(page)).containsExactly(mine.id());
        assertThat(page.messages().get(0).line()).contains(line);
    }

    @Test
    void limitOutsideOneToHundred_list_isAProgrammingError() {
        assertThatThrownBy(() -> reader.list(MessageFixtures.caller(ws), MessageFilter.any(), 101, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anotherWorkspacesMessage_getAndEvents_areNotFound() {
        Message theirs = stored(other, 1, T0);
        messages.history.put(theirs.id(), List.of());

        assertThatThrownBy(() -> reader.get(MessageFixtures.caller(ws), theirs.id()))
                .isInstanceOfSatisfying(UseCaseException.class, e -> {
                    assertThat(e.kind()).isEqualTo(UseCaseException.Kind.NOT_FOUND);
                    assertThat(e.getMessage()).isEqualTo("Message not found");
                });
        assertThatThrownBy(() -> reader.events(MessageFixtures.caller(ws), theirs.id()))
                .isInstanceOfSatisfying(UseCaseException.class, e -> assertThat(e.kind()).isEqualTo(UseCaseException.Kind.NOT_FOUND));
        assertThat(reader.get(MessageFixtures.caller(other), theirs.id()).message()).isEqualTo(theirs);
    }

    private static List<MessageId> ids(MessagePage page) {
        return page.messages().stream().map(MessageView::message).map(Message::id).toList();
    }
}
