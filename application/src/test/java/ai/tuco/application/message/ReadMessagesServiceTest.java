package ai.tuco.application.message;

import static ai.tuco.application.testing.TestData.NOW;
import static ai.tuco.application.testing.TestData.OTHER_WORKSPACE;
import static ai.tuco.application.testing.TestData.WORKSPACE;
import static ai.tuco.application.testing.TestData.hex;
import static ai.tuco.application.testing.TestData.line;
import static ai.tuco.application.testing.TestData.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tuco.application.message.port.in.ListMessagesQuery.MessagePage;
import ai.tuco.application.message.port.in.MessageFilter;
import ai.tuco.application.message.port.in.MessageView;
import ai.tuco.application.message.port.in.PageCursor;
import ai.tuco.application.message.port.out.MessageRepository;
import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.application.testing.FakeLines;
import ai.tuco.application.testing.InMemoryMessages;
import ai.tuco.application.testing.TestData;
import ai.tuco.domain.line.Line;
import ai.tuco.domain.message.Message;
import ai.tuco.domain.message.MessageStatus;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.shared.MessageId;
import ai.tuco.domain.testing.MutableClock;
import ai.tuco.domain.workspace.Workspace;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReadMessagesServiceTest {
    final MutableClock clock = new MutableClock(NOW.plus(Duration.ofHours(1)));
    final InMemoryMessages messages = new InMemoryMessages();
    final FakeLines lines = new FakeLines();
    final ReadMessagesService reader = new ReadMessagesService(messages, lines, clock);

    final Workspace ws = TestData.workspace(WORKSPACE);
    final Workspace other = TestData.workspace(OTHER_WORKSPACE);
    final Line line = line(WORKSPACE, hex(0xCC0001), Channel.IMESSAGE);

    Message stored(Workspace workspace, int n, Instant createdAt) {
        return messages.add(message(hex(0xEE0000 + n)).in(workspace.id()).from(line).to(TestData.leadId(n)).template("Hi " + n)
                .batch("batch").acceptedAt(createdAt).build());
    }

    @Test
    void everyFilter_list_reachesTheRepositoryUnchanged() {
        var filter = new MessageFilter(Optional.of(MessageStatus.QUEUED), Optional.of(Channel.SMS), Optional.of(line.id()),
                Optional.of(new LeadId(hex(7))), Optional.of("b-1"), Optional.of(NOW), Optional.of(NOW.plusSeconds(60)));
        var after = new PageCursor(NOW.plusSeconds(30), new MessageId(hex(9)));

        reader.list(TestData.member(ws), filter, 10, Optional.of(after));

        assertThat(messages.lastList().filter()).isEqualTo(new MessageRepository.Filter(filter.status(), filter.channel(), filter.lineId(),
                filter.leadId(), filter.batchId(), filter.createdFrom(), filter.createdTo()));
        assertThat(messages.lastList().after()).contains(new MessageRepository.Cursor(after.createdAt(), after.id()));
        assertThat(messages.lastList().limit()).as("one more than the page, to tell whether a next page exists").isEqualTo(11);
    }

    @Test
    void moreMessagesThanTheLimit_list_givesACursorAtTheLastShownAndTheNextPageFollowsIt() {
        Message oldest = stored(ws, 1, NOW);
        Message middle = stored(ws, 2, NOW.plusSeconds(1));
        Message newest = stored(ws, 3, NOW.plusSeconds(2));

        MessagePage first = reader.list(TestData.member(ws), MessageFilter.any(), 2, Optional.empty());
        assertThat(ids(first)).containsExactly(newest.id(), middle.id());
        assertThat(first.next()).contains(new PageCursor(middle.createdAt(), middle.id()));

        MessagePage second = reader.list(TestData.member(ws), MessageFilter.any(), 2, first.next());
        assertThat(ids(second)).containsExactly(oldest.id());
        assertThat(second.next()).isEmpty();
    }

    @Test
    void exactlyLimitMessages_list_hasNoNextCursor() {
        stored(ws, 1, NOW);
        stored(ws, 2, NOW.plusSeconds(1));

        MessagePage page = reader.list(TestData.member(ws), MessageFilter.any(), 2, Optional.empty());

        assertThat(page.messages()).hasSize(2);
        assertThat(page.next()).isEmpty();
    }

    @Test
    void listedMessages_carryTheLineTheyAreSentFrom_andOnlyTheCallersWorkspace() {
        lines.add(line);
        Message mine = stored(ws, 1, NOW);
        stored(other, 2, NOW);

        MessagePage page = reader.list(TestData.member(ws), MessageFilter.any(), 50, Optional.empty());

        assertThat(ids(page)).containsExactly(mine.id());
        assertThat(page.messages().get(0).line()).contains(line);
    }

    @Test
    void limitOutsideOneToHundred_list_isAProgrammingError() {
        assertThatThrownBy(() -> reader.list(TestData.member(ws), MessageFilter.any(), 101, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anotherWorkspacesMessage_getAndEvents_areNotFound() {
        Message theirs = stored(other, 1, NOW);

        assertThatThrownBy(() -> reader.get(TestData.member(ws), theirs.id()))
                .isInstanceOfSatisfying(UseCaseException.class, e -> {
                    assertThat(e.kind()).isEqualTo(UseCaseException.Kind.NOT_FOUND);
                    assertThat(e.getMessage()).isEqualTo("Message not found");
                });
        assertThatThrownBy(() -> reader.events(TestData.member(ws), theirs.id()))
                .isInstanceOfSatisfying(UseCaseException.class, e -> assertThat(e.kind()).isEqualTo(UseCaseException.Kind.NOT_FOUND));
        assertThat(reader.get(TestData.member(other), theirs.id()).message()).isEqualTo(theirs);
    }

    private static List<MessageId> ids(MessagePage page) {
        return page.messages().stream().map(MessageView::message).map(Message::id).toList();
    }
}
