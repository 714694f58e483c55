package ai.tuco.adapters.persistence.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchRuntimeException;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import ai.tuco.adapters.persistence.shared.JdbiTransactionRunner;
import ai.tuco.application.message.port.out.MessageRepository.Cursor;
import ai.tuco.application.message.port.out.MessageRepository.Filter;
import ai.tuco.application.message.port.out.MessageRepository;
import ai.tuco.application.shared.port.out.AuditLog;
import ai.tuco.application.shared.port.out.OnConflict;
import ai.tuco.application.shared.port.out.TransactionRunner;
import ai.tuco.domain.message.Accepted;
import ai.tuco.domain.message.Message;
import ai.tuco.domain.message.MessageStatus;
import ai.tuco.domain.message.NewMessage;
import ai.tuco.domain.message.RecordedEvent;
import ai.tuco.domain.message.SendWindow;
import ai.tuco.domain.message.Transition;
import ai.tuco.domain.shared.Actor;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.E164Phone;
import ai.tuco.domain.shared.EmailAddress;
import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.shared.MessageId;
import ai.tuco.domain.shared.UserId;
import ai.tuco.domain.shared.WorkspaceId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The message repository on real PostgreSQL: messages, their event history and their dispatch-queue rows. */
class JdbiMessageRepositoryTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    private static final Instant NOW = Instant.parse("2026-03-09T15:00:00Z");
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final MessageRepository messages = new JdbiMessageRepository(db.jdbi());
    private WorkspaceId workspace;
    private WorkspaceId otherWorkspace;
    private LineId line;
    private LeadId ada;
    private LeadId grace;

    @BeforeEach
    void seed() {
        workspace = new WorkspaceId(id());
        otherWorkspace = new WorkspaceId(id());
        ada = new LeadId(id());
        grace = new LeadId(id());
        for (WorkspaceId w : List.of(workspace, otherWorkspace)) {
            db.exec("INSERT INTO workspaces (id, name, created_at, updated_at) VALUES (?, 'test', now(), now())", w.value());
        }
        line = newLine("ARRAY['imessage', 'sms']");
        for (LeadId lead : List.of(ada, grace)) {
            db.exec("INSERT INTO leads (id, workspace_id, created_at, updated_at) VALUES (?, ?, now(), now())",
                    lead.value(), workspace.value());
        }
    }

    /** A sandbox line of the workspace, with these channels (an SQL array). */
    private LineId newLine(String channels) {
        LineId id = new LineId(id());
        db.exec("INSERT INTO lines (id, workspace_id, channels, provider, created_at, updated_at) VALUES (?, ?, "
                + channels + ", 'sandbox', now(), now())", id.value(), workspace.value());
        return id;
    }

    @Test
    void insertAccepted_writesTheMessageItsFirstEventAndItsQueueRow() {
        Accepted accepted = accept(ada, NOW, Optional.empty());

        messages.insertAccepted(accepted.message(), accepted.event());

        MessageId id = accepted.message().id();
        assertThat(messages.find(workspace, id)).contains(accepted.message());
        assertThat(messages.events(workspace, id)).containsExactly(new RecordedEvent(1, accepted.event()));
        assertThat(db.count("SELECT count(*) FROM dispatch_queue WHERE message_id = ? AND due_at = ? AND lease_owner IS NULL",
                id.value(), java.sql.Timestamp.from(NOW))).isEqualTo(1);
        assertThat(messages.find(otherWorkspace, id)).isEmpty();
    }

    @Test
    void insertAcceptedWithAudit_writesTheAuditEntryInTheSameStatement() {
        Accepted accepted = accept(ada, NOW, Optional.empty());
        String target = accepted.message().id().value();

        messages.insertAccepted(accepted.message(), accepted.event(), Optional.of(new AuditLog.Entry(Optional.of(workspace),
                Actor.system("test"), "message.send", "message", target, NOW, Map.of())));

        assertThat(db.count("SELECT count(*) FROM audit_log WHERE target_id = ? AND action = 'message.send'", target))
                .isEqualTo(1);
        assertThat(messages.events(workspace, accepted.message().id())).hasSize(1);
    }

    @Test
    void recordTransition_appendsTheNextEventAndKeepsTheQueueRowWhileTheMessageWaits() {
        Message m = insert(ada, NOW);
        Transition claim = m.claim(NOW.plusSeconds(1));

        messages.recordTransition(claim);

        assertThat(messages.find(workspace, m.id())).contains(claim.message());
        assertThat(messages.events(workspace, m.id())).extracting(RecordedEvent::seq).containsExactly(1, 2);
        assertThat(messages.events(workspace, m.id()).get(1).event()).isEqualTo(claim.event());
        assertThat(queued(m.id())).isTrue();
        assertThat(db.count("SELECT version FROM messages WHERE id = ?", m.id().value())).isEqualTo(1);
    }

    @Test
    void anEvent_existsOnlyWithItsMessagesWrite_andLeavesTheMessageRowUnlocked() {
        // message_events and dispatch_queue have no foreign key (V17, ADR 27): the statement itself ties them to their
        // message. A key's check would lock the row just written (FOR KEY SHARE), making its xmax the writer's.
        Message m = insert(ada, NOW);
        assertThat(xmax(m.id())).isZero();
        Transition claim = m.claim(NOW.plusSeconds(1));
        Transition ofAStranger = accept(ada, NOW, Optional.empty()).message().claim(NOW.plusSeconds(1));

        messages.recordTransition(ofAStranger);
        messages.recordTransitions(List.of(ofAStranger));
        messages.recordTransition(claim);

        assertThat(db.count("SELECT count(*) FROM message_events WHERE message_id = ?", ofAStranger.message().id().value()))
                .as("a transition of a message never stored writes no event").isZero();
        assertThat(messages.find(workspace, m.id())).contains(claim.message());
        assertThat(xmax(m.id())).isZero();
    }

    private static long xmax(MessageId id) {
        return db.count("SELECT xmax::text::bigint FROM messages WHERE id = ?", id.value());
    }

    @Test
    void recordTransition_removesTheQueueRowWhenTheMessageLeavesTheWaitingStates() {
        Message m = insert(ada, NOW);
        Transition claim = m.claim(NOW.plusSeconds(1));
        messages.recordTransition(claim);
        Transition sent = claim.message().markSent(NOW.plusSeconds(2), "ext-1", "Hi Ada");

        messages.recordTransition(sent);

        assertThat(messages.find(workspace, m.id())).contains(sent.message());
        assertThat(messages.events(workspace, m.id())).extracting(RecordedEvent::seq).containsExactly(1, 2, 3);
        assertThat(messages.events(workspace, m.id()).get(2).event()).isEqualTo(sent.event());
        assertThat(queued(m.id())).isFalse();
    }

    @Test
    void recordTransitions_storesEachMessagesChangeAndEvent() {
        Message first = insert(ada, NOW);
        Message second = insert(grace, NOW);
        Message untouched = insert(ada, NOW);
        List<Transition> cancels = List.of(first.cancel(NOW.plusSeconds(1), "LEAD_DELETED", "The lead was deleted"),
                second.cancel(NOW.plusSeconds(1), "LEAD_DELETED", "The lead was deleted"));

        messages.recordTransitions(cancels);

        for (Transition t : cancels) {
            MessageId id = t.message().id();
            assertThat(messages.find(workspace, id)).contains(t.message());
            assertThat(messages.events(workspace, id)).last().isEqualTo(new RecordedEvent(2, t.event()));
            assertThat(queued(id)).isFalse();
        }
        assertThat(messages.find(workspace, untouched.id())).contains(untouched);
        assertThat(queued(untouched.id())).isTrue();
    }

    @Test
    void recordSendAttempts_countsEachAttemptInTheTransitionsOwnRowUpdate() {
        List<Message> sending = new ArrayList<>();
        for (LeadId lead : List.of(ada, grace)) {
            Transition claim = insert(lead, NOW).claim(NOW);
            messages.recordTransition(claim);
            sending.add(claim.message());
        }
        List<Transition> sent = List.of(sending.get(0).markSent(NOW.plusSeconds(1), "ext-1", "Hello Ada"),
                sending.get(1).markSent(NOW.plusSeconds(1), "ext-2", "Hello Grace"));

        // this backend's row updates of messages not yet reported to the statistics, before and after the call
        String updates = "SELECT n_tup_upd FROM pg_stat_xact_user_tables WHERE relname = 'messages'";
        long rowUpdates = db.jdbi().inTransaction(h -> {
            long before = h.createQuery(updates).mapTo(Long.class).one();
            messages.recordSendAttempts(sent);
            return h.createQuery(updates).mapTo(Long.class).one() - before;
        });

        assertThat(rowUpdates).as("one row update per message, the attempt with the transition").isEqualTo(2);
        for (Transition t : sent) {
            assertThat(messages.find(workspace, t.message().id())).contains(t.message());
            assertThat(messages.events(workspace, t.message().id())).last().isEqualTo(new RecordedEvent(3, t.event()));
            assertThat(db.count("SELECT attempts FROM messages WHERE id = ?", t.message().id().value())).isEqualTo(1);
        }
        messages.recordTransitions(List.of(sent.get(0).message().markRead(NOW.plusSeconds(2))));
        assertThat(db.count("SELECT attempts FROM messages WHERE id = ?", sent.get(0).message().id().value()))
                .as("other transitions count no attempt").isEqualTo(1);
    }

    /** A message accepted and claimed (its claim written, its queue row leased to {@code owner}, attempt 1). */
    private Message claimed(LeadId lead, String owner) {
        Transition claim = insert(lead, NOW).claim(NOW.plusMillis(SEQUENCE.get()));
        messages.recordTransition(claim);
        db.exec("UPDATE dispatch_queue SET lease_owner = ?, lease_until = now() + interval '1 minute', attempt = 1 "
                + "WHERE message_id = ?", owner, claim.message().id().value());
        return claim.message();
    }

    private static MessageRepository.ClaimedSend sentFrom(Message claimed, String owner, int attempt) {
        return new MessageRepository.ClaimedSend(claimed.markSent(NOW.plusSeconds(5), "ext-" + claimed.id().value(), "Hi Ada"),
                claimed, owner, attempt);
    }

    @Test
    void recordSendAttemptsIfClaimed_writesOnlyWhereTheRowAndTheLeaseAreStillTheClaims() {
        AtomicInteger told = new AtomicInteger();
        MessageRepository hooked = new JdbiMessageRepository(db.jdbi(), told::incrementAndGet);
        db.exec("INSERT INTO webhook_endpoints (id, workspace_id, url, name, events, secret, secret_key_id, created_at, updated_at) "
                + "VALUES (?, ?, 'https://example.com/hook', 'hook', ARRAY['message.sent'], '\\x00', 'k1', now(), now())",
                id(), workspace.value());
        Message held = claimed(ada, "node-a");
        Message swept = claimed(ada, "node-a");
        db.exec("UPDATE dispatch_queue SET lease_owner = NULL, lease_until = NULL WHERE message_id = ?", swept.id().value());
        Message reclaimed = claimed(grace, "node-a");
        db.exec("UPDATE dispatch_queue SET attempt = 2 WHERE message_id = ?", reclaimed.id().value());
        Message otherOwner = claimed(grace, "node-b");
        Message changed = claimed(ada, "node-a");
        // written again since the claim (a later transition): another updated_at
        db.exec("UPDATE messages SET updated_at = updated_at + interval '1 millisecond', version = version + 1 WHERE id = ?",
                changed.id().value());
        List<Message> all = List.of(held, swept, reclaimed, otherOwner, changed);

        Set<MessageId> written = hooked.recordSendAttemptsIfClaimed(all.stream().map(m -> sentFrom(m, "node-a", 1)).toList());

        assertThat(written).containsExactly(held.id());
        Transition sent = sentFrom(held, "node-a", 1).transition();
        assertThat(messages.find(workspace, held.id())).contains(sent.message());
        assertThat(messages.events(workspace, held.id())).last().isEqualTo(new RecordedEvent(3, sent.event()));
        assertThat(db.count("SELECT attempts FROM messages WHERE id = ?", held.id().value())).isEqualTo(1);
        assertThat(queued(held.id())).as("sent: out of the queue").isFalse();
        assertThat(db.count("SELECT count(*) FROM webhook_deliveries WHERE message_id = ?", held.id().value())).isEqualTo(1);
        assertThat(told).as("committed by the statement itself: the workers are told at once").hasValue(1);
        for (Message m : all.subList(1, all.size())) {
            assertThat(db.count("SELECT count(*) FROM messages WHERE id = ? AND status = 'sending' AND attempts = 0",
                    m.id().value())).as("untouched: %s", m.id()).isEqualTo(1);
            assertThat(messages.events(workspace, m.id())).hasSize(2);
            assertThat(queued(m.id())).isTrue();
            assertThat(db.count("SELECT count(*) FROM webhook_deliveries WHERE message_id = ?", m.id().value())).isZero();
        }
        assertThat(hooked.recordSendAttemptsIfClaimed(List.of(sentFrom(held, "node-a", 1))))
                .as("a second time: the row and the lease are no longer the claim's").isEmpty();
        assertThat(messages.events(workspace, held.id())).hasSize(3);
    }

    @Test
    void recordSendAttemptsIfClaimed_waitsForARowBeingChanged_andLeavesItOutOnceChanged() throws Exception {
        Message free = claimed(ada, "node-a");
        Message busy = claimed(grace, "node-a");
        try (Connection other = db.dataSource().getConnection()) {
            other.setAutoCommit(false);
            try (PreparedStatement change = other.prepareStatement(
                    "UPDATE messages SET updated_at = updated_at + interval '1 millisecond', version = version + 1 WHERE id = ?")) {
                change.setString(1, busy.id().value());
                change.executeUpdate();
            }
            var result = java.util.concurrent.CompletableFuture.supplyAsync(() -> messages.recordSendAttemptsIfClaimed(
                    List.of(sentFrom(free, "node-a", 1), sentFrom(busy, "node-a", 1))));
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> db.count(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()") == 1);
            assertThat(result).isNotDone();
            other.commit();

            assertThat(result.get(10, java.util.concurrent.TimeUnit.SECONDS)).containsExactly(free.id());
        }
        assertThat(db.count("SELECT count(*) FROM messages WHERE id = ? AND status = 'sending' AND version = 2",
                busy.id().value())).as("the change kept, nothing written over it").isEqualTo(1);
        assertThat(messages.events(workspace, busy.id())).hasSize(2);
        assertThat(db.count("SELECT count(*) FROM messages WHERE id = ? AND status = 'sent'", free.id().value())).isEqualTo(1);
    }

    @Test
    void recordTransitions_ofOneMessageTwice_writesBothInTheirOrder() {
        Message m = insert(ada, NOW);
        Transition claim = m.claim(NOW.plusSeconds(1));
        Transition fail = claim.message().fail(NOW.plusSeconds(2), "NO_ADDRESS", "No address");
        Message other = insert(grace, NOW);
        Transition otherClaim = other.claim(NOW.plusSeconds(1));

        messages.recordTransitions(List.of(claim, otherClaim, fail));

        assertThat(messages.find(workspace, m.id())).contains(fail.message());
        assertThat(messages.events(workspace, m.id())).extracting(RecordedEvent::seq).containsExactly(1, 2, 3);
        assertThat(messages.events(workspace, m.id()).subList(1, 3))
                .containsExactly(new RecordedEvent(2, claim.event()), new RecordedEvent(3, fail.event()));
        assertThat(db.count("SELECT version FROM messages WHERE id = ?", m.id().value())).isEqualTo(2);
        assertThat(queued(m.id())).as("failed: out of the queue").isFalse();
        assertThat(messages.find(workspace, other.id())).contains(otherClaim.message());
        assertThat(queued(other.id())).as("sending: still queued, under its lease").isTrue();
    }

    @Test
    void recordTransitions_keepsQuotesBackslashesBracesAndTheWordNull_inTextsAndAddresses() {
        Transition claim = insert(ada, NOW).claim(NOW);
        messages.recordTransition(claim);
        List<String> checked = List.of("+14155550100", "a\\\"b{c},NULL@example.com", "NULL");
        Transition fallback = claim.message().fallback(NOW.plusSeconds(1), checked, "NOT_\"IMESSAGE\"",
                "No address takes {iMessage}, \\ NULL \"here\"");

        messages.recordTransitions(List.of(fallback));

        assertThat(messages.find(workspace, fallback.message().id())).contains(fallback.message());
        assertThat(fallback.message().checkedAddresses()).isEqualTo(checked);
        assertThat(messages.events(workspace, fallback.message().id())).last().isEqualTo(new RecordedEvent(3, fallback.event()));
    }

    @Test
    void recordTransitions_writeEachEventsWebhookDeliveries_inOneStatement_andTellTheWorkersAfterCommit() {
        AtomicInteger told = new AtomicInteger();
        MessageRepository hooked = new JdbiMessageRepository(db.jdbi(), told::incrementAndGet);
        db.exec("INSERT INTO webhook_endpoints (id, workspace_id, url, name, events, secret, secret_key_id, created_at, updated_at) "
                + "VALUES (?, ?, 'https://example.com/hook', 'hook', ARRAY['message.cancelled', 'message.sent'], '\\x00', 'k1', now(), now())",
                id(), workspace.value());
        Message cancelled = insert(ada, NOW);
        Transition sending = insert(grace, NOW).claim(NOW);
        hooked.recordTransition(sending);
        Message claimedOnly = insert(ada, NOW);
        List<Transition> transitions = List.of(cancelled.cancel(NOW.plusSeconds(1), "LEAD_DELETED", "The lead was deleted"),
                sending.message().markSent(NOW.plusSeconds(1), "ext-9", "Hi"), claimedOnly.claim(NOW.plusSeconds(1)));

        db.jdbi().useTransaction(h -> {
            hooked.recordTransitions(transitions);
            assertThat(told).as("not before the commit").hasValue(0);
        });

        assertThat(told).hasValue(1);
        List<String> deliveries = db.jdbi().withHandle(h -> h.createQuery("""
                SELECT message_id || ' ' || seq || ' ' || event || ' ' || (CAST(body AS jsonb) -> 'data' ->> 'status')
                FROM webhook_deliveries WHERE workspace_id = :w ORDER BY event""").bind("w", workspace.value()).mapTo(String.class).list());
        assertThat(deliveries)
                .containsExactly(cancelled.id().value() + " 2 message.cancelled cancelled",
                        sending.message().id().value() + " 3 message.sent sent");
    }

    @Test
    void recordTransitions_ofNothing_writesNothing() {
        long before = db.count("SELECT count(*) FROM message_events");

        messages.recordTransitions(List.of());

        assertThat(db.count("SELECT count(*) FROM message_events")).isEqualTo(before);
    }

    @Test
    void findWaitingForUpdate_returnsTheLeadsUnclaimedMessagesInIdOrder() {
        Message queued = insert(ada, NOW);
        Message scheduled = insert(grace, NOW.plusSeconds(3600));
        Message sending = insert(ada, NOW);
        messages.recordTransition(sending.claim(NOW));
        LeadId other = new LeadId(id());
        db.exec("INSERT INTO leads (id, workspace_id, created_at, updated_at) VALUES (?, ?, now(), now())",
                other.value(), workspace.value());
        insert(other, NOW);

        List<Message> waiting = messages.findWaitingForUpdate(workspace, List.of(ada, grace));

        assertThat(waiting).containsExactly(queued, scheduled);
        assertThat(scheduled.status()).isEqualTo(MessageStatus.SCHEDULED);
        assertThat(messages.findWaitingForUpdate(otherWorkspace, List.of(ada, grace))).isEmpty();
        assertThat(messages.findWaitingForUpdate(workspace, List.of())).isEmpty();
    }

    @Test
    void findWaitingForUpdate_locksTheRowsUntilTheTransactionEnds() throws SQLException {
        Message queued = insert(ada, NOW);

        db.jdbi().<SQLException>useTransaction(h -> {
            assertThat(messages.findWaitingForUpdate(workspace, List.of(ada))).containsExactly(queued);
            try (Connection other = db.dataSource().getConnection();
                    PreparedStatement lock = other.prepareStatement("SELECT 1 FROM messages WHERE id = ? FOR UPDATE NOWAIT")) {
                lock.setString(1, queued.id().value());
                assertThatThrownBy(lock::executeQuery).isInstanceOf(SQLException.class).hasMessageContaining("lock");
            }
        });
    }

    @Test
    void list_filtersByVisibleStatusAndPagesNewestFirstAfterTheCursor() {
        Message oldest = insert(ada, NOW.minusSeconds(30), NOW.minusSeconds(30));
        Message middle = insert(grace, NOW.minusSeconds(20), NOW.minusSeconds(20));
        Message newest = insert(ada, NOW.minusSeconds(10), NOW.minusSeconds(10));
        Message later = insert(ada, NOW.plusSeconds(3600), NOW.minusSeconds(5)); // scheduled, not yet due
        Filter any = new Filter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());

        assertThat(messages.list(workspace, any, Optional.empty(), 10, NOW))
                .containsExactly(later, newest, middle, oldest);
        assertThat(messages.list(workspace, any, Optional.of(new Cursor(newest.createdAt(), newest.id())), 10, NOW))
                .containsExactly(middle, oldest);
        assertThat(messages.list(workspace, any, Optional.empty(), 2, NOW)).containsExactly(later, newest);
        Filter queuedOfAda = new Filter(Optional.of(MessageStatus.QUEUED), Optional.empty(), Optional.empty(),
                Optional.of(ada), Optional.empty(), Optional.empty(), Optional.empty());
        assertThat(messages.list(workspace, queuedOfAda, Optional.empty(), 10, NOW)).containsExactly(newest, oldest);
        Filter scheduled = new Filter(Optional.of(MessageStatus.SCHEDULED), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        assertThat(messages.list(workspace, scheduled, Optional.empty(), 10, NOW)).containsExactly(later);
        assertThat(messages.list(otherWorkspace, any, Optional.empty(), 10, NOW)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(OnConflict.class)
    void insertAcceptedAll_writesEachMessageWithItsFirstEventQueueRowAuditRowAndLeadLine_inOneStatement(OnConflict onConflict) {
        LineId other = newLine("ARRAY['imessage']");
        SendWindow window = new SendWindow(ZoneId.of("America/New_York"), Set.of(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
                LocalTime.of(9, 0), LocalTime.of(17, 30));
        Accepted plain = accept(ada, NOW, Optional.empty());
        Accepted windowed = Message.accept(new NewMessage(new MessageId(id()), workspace, "Hi 'there' \"{{firstName}}\" é",
                Channel.EMAIL, other, grace, Optional.empty(), Optional.of(new EmailAddress("grace@example.com")), "",
                Optional.of("Subject, with comma"), Optional.of(NOW.plusSeconds(3600)), Optional.of(window), Optional.empty(),
                "corr-2", Optional.of(new UserId(id())), true), NOW);
        List<MessageRepository.NewAccept> rows = List.of(
                new MessageRepository.NewAccept(plain.message(), plain.event(), audit(plain), true),
                new MessageRepository.NewAccept(windowed.message(), windowed.event(), audit(windowed), false));

        Set<MessageId> written = messages.insertAcceptedAll(rows, onConflict);

        assertThat(written).containsExactlyInAnyOrder(plain.message().id(), windowed.message().id());
        for (Accepted a : List.of(plain, windowed)) {
            MessageId id = a.message().id();
            assertThat(messages.find(workspace, id)).contains(a.message());
            assertThat(messages.events(workspace, id)).containsExactly(new RecordedEvent(1, a.event()));
            assertThat(db.count("SELECT count(*) FROM dispatch_queue WHERE message_id = ? AND due_at = ? AND line_id = ?",
                    id.value(), java.sql.Timestamp.from(a.message().dueAt()), a.message().lineId().value())).isEqualTo(1);
            assertThat(db.count("SELECT count(*) FROM audit_log WHERE target_id = ? AND action = 'message.create'"
                    + " AND detail->>'k' = ? AND correlation_id = 'corr-a'", id.value(), id.value())).isEqualTo(1);
            assertThat(xmax(id)).as("no foreign key check locked the row just written (V17)").isZero();
        }
        assertThat(messages.recentLines(workspace, List.of(ada, grace)))
                .containsEntry(ada, List.of(line)).containsEntry(grace, List.of(other));
    }

    @Test
    void insertAcceptedAll_keepsQuotesBackslashesBracesCommasAndTheWordNull_asWritten() {
        String template = "say \"hi\" \\ back\\\\slash {braces} , NULL ' \n é ✓";
        Accepted odd = Message.accept(new NewMessage(new MessageId(id()), workspace, template, Channel.IMESSAGE, line,
                ada, Optional.of(new E164Phone("+15551230002")), Optional.empty(), "NULL", Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of("{batch,\"1\"}"), "corr-\\odd", Optional.empty(), false), NOW);

        messages.insertAcceptedAll(List.of(new MessageRepository.NewAccept(odd.message(), odd.event(), audit(odd), false)),
                OnConflict.FAIL);

        assertThat(messages.find(workspace, odd.message().id())).contains(odd.message());
        assertThat(odd.message().recipientName()).isEqualTo("NULL");
    }

    @Test
    void insertAcceptedAll_skippingStored_ofMessagesStoredAlready_writesNothingAgain() {
        Accepted a = accept(ada, NOW, Optional.empty());
        Accepted b = accept(grace, NOW, Optional.empty());
        messages.insertAcceptedAll(List.of(new MessageRepository.NewAccept(a.message(), a.event(), audit(a), false)),
                OnConflict.FAIL);

        Set<MessageId> again = messages.insertAcceptedAll(List.of(new MessageRepository.NewAccept(a.message(), a.event(), audit(a), false),
                new MessageRepository.NewAccept(b.message(), b.event(), audit(b), false)), OnConflict.SKIP);

        assertThat(again).containsExactly(b.message().id());
        assertThat(messages.findAll(List.of(a.message().id(), b.message().id()))).hasSize(2);
        assertThat(db.count("SELECT count(*) FROM message_events WHERE message_id = ?", a.message().id().value())).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM audit_log WHERE target_id = ?", a.message().id().value())).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM dispatch_queue WHERE message_id = ?", a.message().id().value())).isEqualTo(1);
    }

    @Test
    void insertAcceptedAll_asNew_ofAMessageStoredAlready_failsWithAUniqueViolation_andWritesNoneOfTheBatch() {
        Accepted a = accept(ada, NOW, Optional.empty());
        Accepted b = accept(grace, NOW, Optional.empty());
        messages.insertAcceptedAll(List.of(new MessageRepository.NewAccept(a.message(), a.event(), audit(a), false)),
                OnConflict.FAIL);

        RuntimeException refused = catchRuntimeException(() -> messages.insertAcceptedAll(List.of(
                new MessageRepository.NewAccept(b.message(), b.event(), audit(b), false),
                new MessageRepository.NewAccept(a.message(), a.event(), audit(a), false)), OnConflict.FAIL));

        assertThat(new JdbiTransactionRunner(db.jdbi()).classify(refused)).isEqualTo(TransactionRunner.Failure.DUPLICATE);
        assertThat(messages.findAll(List.of(b.message().id()))).as("the statement wrote nothing").isEmpty();
        assertThat(db.count("SELECT count(*) FROM message_events WHERE message_id = ?", a.message().id().value())).isEqualTo(1);
    }

    @Test
    void insertAcceptedAll_asNew_movesTheLeadLineOfAKnownLeadForward_andInsertsTheNewLeadsOne() {
        Accepted first = accept(ada, NOW, Optional.empty());
        messages.insertAcceptedAll(List.of(new MessageRepository.NewAccept(first.message(), first.event(), audit(first), true)),
                OnConflict.FAIL);
        Accepted again = accept(ada, NOW.plusSeconds(60), Optional.empty());

        messages.insertAcceptedAll(List.of(new MessageRepository.NewAccept(again.message(), again.event(), audit(again), false)),
                OnConflict.FAIL);

        assertThat(db.count("SELECT count(*) FROM lead_lines WHERE lead_id = ? AND line_id = ? AND last_at = ?", ada.value(),
                line.value(), java.sql.Timestamp.from(again.message().createdAt()))).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM lead_lines WHERE lead_id = ?", ada.value())).isEqualTo(1);
    }

    @Test
    void recentLines_listsTheLinesThatWroteToEachLead_mostRecentFirst_andOnlyInItsWorkspace() {
        LineId other = newLine("ARRAY['imessage']");
        Accepted first = accept(ada, NOW, Optional.empty());
        messages.insertAccepted(first.message(), first.event());
        Accepted later = Message.accept(new NewMessage(new MessageId(id()), workspace, "Hi", Channel.IMESSAGE, other, ada,
                Optional.of(new E164Phone("+15551230001")), Optional.empty(), "Ada", Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), "c", Optional.empty(), false), NOW.plusSeconds(5));
        messages.insertAcceptedAll(List.of(new MessageRepository.NewAccept(later.message(), later.event(), audit(later), false)),
                OnConflict.FAIL);

        assertThat(messages.recentLines(workspace, List.of(ada, grace))).containsExactly(Map.entry(ada, List.of(other, line)));
        assertThat(messages.recentLines(otherWorkspace, List.of(ada))).isEmpty();
    }

    private AuditLog.Entry audit(Accepted a) {
        return new AuditLog.Entry(Optional.of(workspace), new Actor("api_key", "key_1", Optional.of("203.0.113.9"),
                Optional.of("corr-a")), "message.create", "message", a.message().id().value(), a.message().createdAt(),
                Map.of("k", a.message().id().value()));
    }

    private Message insert(LeadId lead, Instant scheduledDate) {
        return insert(lead, scheduledDate, NOW);
    }

    /** Accepts a message at {@code acceptedAt}, scheduled for {@code scheduledDate} when that is later. */
    private Message insert(LeadId lead, Instant scheduledDate, Instant acceptedAt) {
        Accepted accepted = accept(lead, acceptedAt, Optional.of(scheduledDate));
        messages.insertAccepted(accepted.message(), accepted.event());
        return accepted.message();
    }

    private Accepted accept(LeadId lead, Instant at, Optional<Instant> scheduledDate) {
        return Message.accept(new NewMessage(new MessageId(id()), workspace, "Hi {{firstName}}", Channel.IMESSAGE, line,
                lead, Optional.of(new E164Phone("+15551230001")), Optional.empty(), "Ada", Optional.empty(),
                scheduledDate, Optional.empty(), Optional.of("batch-1"), "corr-1", Optional.empty(), false), at);
    }

    private boolean queued(MessageId id) {
        return db.count("SELECT count(*) FROM dispatch_queue WHERE message_id = ?", id.value()) == 1;
    }

    /** A fresh 24-hex id, increasing so that id order is insertion order. */
    private static String id() {
        return String.format("%024x", 0xabc000000L + SEQUENCE.incrementAndGet());
    }
}
