package ai.tuco.application.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tuco.application.message.port.in.MessageFilter;
import ai.tuco.application.message.port.in.MessageView;
import ai.tuco.application.message.port.out.MessageRepository;
import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.application.shared.port.out.AuditLog;
import ai.tuco.application.shared.port.out.OnConflict;
import ai.tuco.application.testing.FakeLines;
import ai.tuco.application.testing.TestData;
import ai.tuco.domain.line.Line;
import ai.tuco.domain.message.Message;
import ai.tuco.domain.message.MessageEvent;
import ai.tuco.domain.message.MessageStatus;
import ai.tuco.domain.message.RecordedEvent;
import ai.tuco.domain.message.Transition;
import ai.tuco.domain.shared.ApiKeyId;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.shared.MessageId;
import ai.tuco.domain.shared.WorkspaceId;
import ai.tuco.domain.testing.MutableClock;
import ai.tuco.domain.workspace.Role;
import ai.tuco.domain.workspace.Workspace;
import ai.tuco.domain.workspace.WorkspaceStatus;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExportMessagesServiceTest {
    final MutableClock clock = new MutableClock(TestData.NOW.plusSeconds(3600));
    final PagedMessages messages = new PagedMessages();
    final FakeLines lines = new FakeLines();
    final Line line = lines.add(TestData.line("bbbbbbbbbbbbbbbbbbbb0001", Channel.IMESSAGE));
    final Caller caller = new Caller(new Workspace(TestData.WORKSPACE, "test", WorkspaceStatus.ACTIVE, "US", Optional.empty(),
            TestData.NOW), Role.MEMBER, Optional.of(new ApiKeyId("aaaaaaaaaaaaaaaaaaaaaaaa")), Optional.empty());
    final List<List<MessageView>> pages = new ArrayList<>();
    final List<Instant> readAts = new ArrayList<>();

    ExportMessagesService exporter(int pageSize) {
        return new ExportMessagesService(messages, lines, clock, pageSize, Runnable::run);
    }

    /** {@code count} messages one second apart; the newest first in the returned list. */
    List<Message> stored(int count) {
        List<Message> made = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            made.add(0, messages.add(TestData.message(String.format("cccccccccccccccccccc%04d", i)).from(line)
                    .to(TestData.lead("dddddddddddddddddddd0001")).acceptedAt(TestData.NOW.plusSeconds(i)).build()));
        }
        return made;
    }

    long export(ExportMessagesService exporter, MessageFilter filter) throws IOException {
        return exporter.export(caller, filter, (page, readAt) -> {
            pages.add(page);
            readAts.add(readAt);
        });
    }

    @Test
    void sevenMessagesInPagesOfThree_export_handsOverThreePagesNewestFirstEachStartingAfterThePreviousOne() throws IOException {
        List<Message> newestFirst = stored(7);

        long exported = export(exporter(3), MessageFilter.any());

        assertThat(exported).isEqualTo(7);
        assertThat(pages).extracting(List::size).containsExactly(3, 3, 1);
        assertThat(pages.stream().flatMap(List::stream).map(v -> v.message().id()))
                .containsExactlyElementsOf(newestFirst.stream().map(Message::id).toList());
        assertThat(messages.cursors).containsExactly(
                Optional.empty(),
                Optional.of(new MessageRepository.Cursor(newestFirst.get(2).createdAt(), newestFirst.get(2).id())),
                Optional.of(new MessageRepository.Cursor(newestFirst.get(5).createdAt(), newestFirst.get(5).id())));
        assertThat(messages.limits).containsOnly(3);
    }

    @Test
    void exactlyTwoFullPages_export_stopsAtTheEmptyReadAfterThem() throws IOException {
        stored(6);

        long exported = export(exporter(3), MessageFilter.any());

        assertThat(exported).isEqualTo(6);
        assertThat(pages).extracting(List::size).containsExactly(3, 3);
        assertThat(messages.cursors).as("a full page may have a successor: one more read finds none").hasSize(3);
    }

    @Test
    void noMatch_export_handsOverNothingAfterOneRead() throws IOException {
        long exported = export(exporter(3), MessageFilter.any());

        assertThat(exported).isZero();
        assertThat(pages).isEmpty();
        assertThat(messages.cursors).hasSize(1);
    }

    @Test
    void aFilter_export_reachesEveryReadUnchangedAndEachPageCarriesItsLineAndReadTime() throws IOException {
        stored(2);
        var filter = new MessageFilter(Optional.of(MessageStatus.QUEUED), Optional.of(Channel.IMESSAGE), Optional.of(line.id()),
                Optional.empty(), Optional.of("b-1"), Optional.of(TestData.NOW), Optional.empty());

        export(exporter(1), filter);

        assertThat(messages.filters).hasSize(3).containsOnly(new MessageRepository.Filter(filter.status(), filter.channel(),
                filter.lineId(), filter.leadId(), filter.batchId(), filter.createdFrom(), filter.createdTo()));
        assertThat(pages.get(0).get(0).line()).contains(line);
        assertThat(readAts).containsOnly(clock.instant());
        assertThat(messages.nows).containsOnly(clock.instant());
    }

    @Test
    void theReaderGoesAway_export_readsAtMostTheOnePageAheadAndRethrows() {
        stored(10);

        assertThatThrownBy(() -> exporter(3).export(caller, MessageFilter.any(), (page, readAt) -> {
            throw new IOException("client went away");
        })).isInstanceOf(IOException.class).hasMessage("client went away");
        assertThat(messages.cursors).as("the first page, and the second read ahead while the first was written").hasSize(2);
    }

    @Test
    void aReadAheadThatFails_export_throwsItsFailureAsARead_wouldAfterHandingOverTheEarlierPages() {
        stored(7);
        messages.failingRead = 2;

        assertThatThrownBy(() -> export(exporter(3), MessageFilter.any()))
                .isInstanceOf(IllegalStateException.class).hasMessage("database gone");
        assertThat(pages).hasSize(1);
    }

    @Test
    void pagesReadAheadOnAnotherThread_export_arriveInOrderAndComplete() throws IOException {
        List<Message> newestFirst = stored(11);
        var pool = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            long exported = new ExportMessagesService(messages, lines, clock, 2, pool).export(caller, MessageFilter.any(),
                    (page, readAt) -> pages.add(page));
            assertThat(exported).isEqualTo(11);
        } finally {
            pool.shutdown();
        }
        assertThat(pages.stream().flatMap(List::stream).map(v -> v.message().id()))
                .containsExactlyElementsOf(newestFirst.stream().map(Message::id).toList());
    }

    @Test
    void anotherWorkspacesCaller_export_readsOnlyItsOwnWorkspace() throws IOException {
        stored(2);
        var stranger = new Caller(new Workspace(new WorkspaceId("aaaaaaaaaaaaaaaaaaaa0002"), "other", WorkspaceStatus.ACTIVE,
                "US", Optional.empty(), TestData.NOW), Role.MEMBER, Optional.empty(), Optional.empty());

        long exported = exporter(3).export(stranger, MessageFilter.any(), (page, readAt) -> pages.add(page));

        assertThat(exported).isZero();
        assertThat(messages.workspaces).containsOnly(stranger.workspace().id());
    }

    /** Messages of any workspace, listed as the real repository lists them (newest first, strictly after the cursor); records each read. */
    static final class PagedMessages implements MessageRepository {
        private static final Comparator<Message> NEWEST_FIRST =
                Comparator.comparing(Message::createdAt).thenComparing(m -> m.id().value()).reversed();
        private final List<Message> rows = new ArrayList<>();
        final List<Optional<Cursor>> cursors = new ArrayList<>();
        final List<Integer> limits = new ArrayList<>();
        final List<Filter> filters = new ArrayList<>();
        final List<Instant> nows = new ArrayList<>();
        final List<WorkspaceId> workspaces = new ArrayList<>();
        /** The read (1 = the first) that fails as a lost database connection would. */
        int failingRead = -1;

        Message add(Message m) {
            rows.add(m);
            return m;
        }

        @Override
        public List<Message> list(WorkspaceId workspaceId, Filter filter, Optional<Cursor> after, int limit, Instant now) {
            cursors.add(after);
            limits.add(limit);
            filters.add(filter);
            nows.add(now);
            workspaces.add(workspaceId);
            if (cursors.size() == failingRead) {
                throw new IllegalStateException("database gone");
            }
            return rows.stream()
                    .filter(m -> m.workspaceId().equals(workspaceId))
                    .filter(m -> after.isEmpty() || NEWEST_FIRST.compare(m, probe(after.get())) > 0)
                    .sorted(NEWEST_FIRST)
                    .limit(limit)
                    .toList();
        }

        private Message probe(Cursor c) {
            return rows.stream().filter(m -> m.id().equals(c.id()) && m.createdAt().equals(c.createdAt())).findFirst()
                    .orElseThrow(() -> new AssertionError("a cursor naming no message handed out: " + c));
        }

        @Override
        public void insertAccepted(Message message, MessageEvent first, Optional<AuditLog.Entry> audit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Message> find(WorkspaceId workspaceId, MessageId id) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Message> findForUpdate(WorkspaceId workspaceId, MessageId id) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<RecordedEvent> events(WorkspaceId workspaceId, MessageId id) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void recordTransition(Transition transition) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void recordTransitions(List<Transition> transitions) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void recordSendAttempts(List<Transition> transitions) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Set<MessageId> recordSendAttemptsIfClaimed(List<ClaimedSend> sends) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Message> findWaitingForUpdate(WorkspaceId workspaceId, Collection<LeadId> leads) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Set<MessageId> insertAcceptedAll(List<NewAccept> accepted, OnConflict onConflict) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Message> findAll(Collection<MessageId> ids) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Map<LeadId, List<LineId>> recentLines(WorkspaceId workspaceId, Collection<LeadId> leads) {
            throw new UnsupportedOperationException();
        }
    }
}
