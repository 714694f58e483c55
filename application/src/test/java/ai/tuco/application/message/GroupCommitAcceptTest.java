package ai.tuco.application.message;

import static ai.tuco.application.testing.TestData.NOW;
import static ai.tuco.application.testing.TestData.WORKSPACE;
import static ai.tuco.application.testing.TestData.hex;
import static ai.tuco.application.testing.TestData.line;
import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.application.message.port.in.SendMessageCommand.Content;
import ai.tuco.application.message.port.in.SendMessageCommand.Recipient;
import ai.tuco.application.message.port.in.SendMessageCommand.Schedule;
import ai.tuco.application.message.port.in.SendMessageCommand;
import ai.tuco.application.message.port.in.SendMessageUseCase.Outcome;
import ai.tuco.application.message.port.in.SendMessageUseCase.Replayed;
import ai.tuco.application.message.port.in.SendMessageUseCase.Reply;
import ai.tuco.application.message.port.in.SendMessageUseCase.SentMessage;
import ai.tuco.application.message.port.out.MessageRepository;
import ai.tuco.application.shared.ExpiringCache;
import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.application.shared.port.out.OnConflict;
import ai.tuco.application.shared.port.out.TransactionRunner;
import ai.tuco.application.testing.CountingIds;
import ai.tuco.application.testing.FakeIdempotencyRecords;
import ai.tuco.application.testing.FakeLeads;
import ai.tuco.application.testing.FakeLines;
import ai.tuco.application.testing.FakePhoneNormalizer;
import ai.tuco.application.testing.InMemoryMessages;
import ai.tuco.application.testing.InlineTransactions;
import ai.tuco.application.testing.TestData;
import ai.tuco.domain.lead.Lead;
import ai.tuco.domain.message.Message;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.MessageId;
import ai.tuco.domain.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Accepts written together: one transaction per batch, each item answered on its own (ADR 22). */
class GroupCommitAcceptTest {
    final MutableClock clock = new MutableClock(NOW);
    final FakeLines lines = new FakeLines();
    final FakeLeads leads = new FakeLeads();
    final FakeIdempotencyRecords keys = new FakeIdempotencyRecords();
    final AtomicInteger wakeups = new AtomicInteger();
    SendMessageService service;

    GroupCommitAcceptTest() {
        lines.add(line(WORKSPACE, hex(0xCC0001), Channel.IMESSAGE, Channel.SMS));
    }

    SendMessageService service(MessageRepository messages, TransactionRunner tx, SendMessageService.Batching batching) {
        service = new SendMessageService(messages, leads, lines, keys, new FakePhoneNormalizer(), tx, new CountingIds(), clock,
                wakeups::incrementAndGet, new ExpiringCache<>(Duration.ofSeconds(1), clock, 100),
                new ExpiringCache<>(Duration.ZERO, clock, 100), batching);
        return service;
    }

    @AfterEach
    void close() {
        if (service != null) {
            service.close();
        }
    }

    static SendMessageCommand hello(String phone, String text, Optional<String> key) {
        var caller = TestData.member(TestData.workspace(WORKSPACE));
        return new SendMessageCommand(caller, caller.actor(null, "c"), new Content(Optional.of(text), Optional.empty(), Optional.empty()),
                new Recipient(Optional.empty(), Optional.of(phone), Optional.empty(), Optional.of("Ada"), List.of(), List.of()),
                Schedule.none(), Optional.empty(), Optional.empty(), false, "c",
                key.map(k -> new SendMessageCommand.IdempotencyKey(k, text.getBytes(StandardCharsets.UTF_8),
                        s -> ("answer " + s.message().message().id().value()).getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void twoRequestsWithOneIdempotencyKey_inOneBatch_writeOneMessageAndAnswerBothWithIt() throws Exception {
        InMemoryMessages messages = new InMemoryMessages();
        InlineTransactions tx = new InlineTransactions();
        // one writer that waits long enough for the second request to join the first one's batch
        service(messages, tx, new SendMessageService.Batching(1, 10, Duration.ofMillis(500), Thread::new));

        CompletableFuture<Reply> first = CompletableFuture.supplyAsync(() -> service.send(hello("+12025550111", "Hi", Optional.of("k1"))));
        CompletableFuture<Reply> second = CompletableFuture.supplyAsync(() -> service.send(hello("+12025550111", "Hi", Optional.of("k1"))));
        List<Reply> replies = List.of(first.get(), second.get());

        assertThat(tx.count()).as("both in one transaction").isEqualTo(1);
        assertThat(messages.all()).hasSize(1);
        SentMessage sent = replies.stream().filter(SentMessage.class::isInstance).map(SentMessage.class::cast).findFirst().orElseThrow();
        Replayed replayed = replies.stream().filter(Replayed.class::isInstance).map(Replayed.class::cast).findFirst().orElseThrow();
        assertThat(sent.answer()).hasValueSatisfying(a -> assertThat(replayed.body()).isEqualTo(a));
        assertThat(new String(replayed.body(), StandardCharsets.UTF_8)).endsWith(messages.all().get(0).id().value());
        assertThat(replayed.status()).isEqualTo(201);
    }

    @Test
    void oneIdempotencyKeyWithTwoDifferentRequests_inOneBatch_refusesTheSecond() {
        InMemoryMessages messages = new InMemoryMessages();
        service(messages, new InlineTransactions(), SendMessageService.Batching.inline());
        AcceptBatch.Item a = item(hello("+12025550111", "Hi", Optional.of("k1")), 1);
        AcceptBatch.Item b = item(hello("+12025550111", "Bye", Optional.of("k1")), 2);

        List<Outcome> outcomes = batch(messages, new InlineTransactions()).write(List.of(a, b));

        assertThat(outcomes.get(0).reply()).containsInstanceOf(SentMessage.class);
        assertThat(outcomes.get(1).error()).hasValueSatisfying(e ->
                assertThat(((UseCaseException) e).code()).isEqualTo("IDEMPOTENCY_KEY_REUSED"));
        assertThat(messages.all()).hasSize(1);
    }

    @Test
    void aBadItem_sendAll_failsAloneWithItsOwnAnswer() {
        InMemoryMessages messages = new InMemoryMessages();
        InlineTransactions tx = new InlineTransactions();
        service(messages, tx, SendMessageService.Batching.inline());
        var unknownLead = new SendMessageCommand(TestData.member(TestData.workspace(WORKSPACE)), TestData.ACTOR,
                new Content(Optional.of("Hi"), Optional.empty(), Optional.empty()), Recipient.lead(hex(0xDD0001)),
                Schedule.none(), Optional.empty(), Optional.empty(), false, "c", Optional.empty());

        List<Outcome> outcomes = service.sendAll(List.of(hello("+12025550111", "Hi", Optional.empty()),
                hello("12345", "Hi", Optional.empty()), unknownLead, hello("+12025550112", "Hi", Optional.empty())));

        assertThat(outcomes.get(0).reply()).isPresent();
        assertThat(outcomes.get(1).error()).hasValueSatisfying(e -> assertThat(((UseCaseException) e).details())
                .extracting(f -> f.field()).containsExactly("recipientPhone"));
        assertThat(outcomes.get(2).error()).hasValueSatisfying(e -> assertThat(e.getMessage()).isEqualTo("Lead not found"));
        assertThat(outcomes.get(3).reply()).isPresent();
        assertThat(messages.all()).hasSize(2);
        assertThat(tx.count()).as("the valid items in one transaction").isEqualTo(1);
    }

    @Test
    void aStatementThatFailsForOneItem_splitsTheBatch_andOnlyThatItemFails() {
        RuntimeException poison = new IllegalStateException("value too long for the column");
        InMemoryMessages messages = new InMemoryMessages() {
            @Override
            public Set<MessageId> insertAcceptedAll(List<NewAccept> accepted, OnConflict onConflict) {
                if (accepted.stream().anyMatch(a -> a.message().template().equals("POISON"))) {
                    throw poison;
                }
                return super.insertAcceptedAll(accepted, onConflict);
            }
        };
        InlineTransactions tx = new InlineTransactions();
        service(messages, tx, SendMessageService.Batching.inline());

        List<Outcome> outcomes = service.sendAll(List.of(hello("+12025550111", "Hi", Optional.empty()),
                hello("+12025550112", "Hi", Optional.empty()), hello("+12025550113", "POISON", Optional.empty()),
                hello("+12025550114", "Hi", Optional.empty())));

        assertThat(outcomes).extracting(o -> o.error().orElse(null)).containsExactly(null, null, poison, null);
        assertThat(messages.all()).extracting(Message::template).containsExactly("Hi", "Hi", "Hi");
        assertThat(tx.count()).as("whole, two halves, one quarter alone").isEqualTo(5);
    }

    @Test
    void aCommitWhoseOutcomeWasLost_isRunAgain_andAnswersWhatItWroteWithoutASecondMessage() {
        InMemoryMessages messages = new InMemoryMessages();
        AtomicBoolean cut = new AtomicBoolean(true);
        AtomicInteger runs = new AtomicInteger();
        // the fakes keep what the first try wrote, as PostgreSQL keeps a commit whose answer the connection lost
        TransactionRunner lossy = new TransactionRunner() {
            @Override
            public <T> T inTransaction(Supplier<T> work) {
                runs.incrementAndGet();
                T result = work.get();
                if (cut.getAndSet(false)) {
                    throw new IllegalStateException("I/O error: connection reset during COMMIT");
                }
                return result;
            }

            @Override
            public Failure classify(RuntimeException thrown) {
                return Failure.OUTCOME_UNKNOWN;
            }
        };
        service(messages, lossy, SendMessageService.Batching.inline());

        List<Outcome> outcomes = service.sendAll(List.of(hello("+12025550111", "Hi", Optional.empty()),
                hello("+12025550112", "Hi", Optional.empty())));

        assertThat(runs).hasValue(2);
        assertThat(messages.all()).hasSize(2);
        assertThat(outcomes).allSatisfy(o -> assertThat(o.reply()).containsInstanceOf(SentMessage.class));
        assertThat(outcomes).extracting(o -> ((SentMessage) o.reply().orElseThrow()).message().message().id())
                .containsExactlyElementsOf(messages.all().stream().map(Message::id).toList());
        assertThat(outcomes).extracting(o -> ((SentMessage) o.reply().orElseThrow()).duplicateOnly())
                .as("the leads were created by this request's first try").containsExactly(false, false);
        assertThat(leads.all()).hasSize(2);
    }

    @Test
    void aLeadInsertedElsewhereSinceTheMatch_failsTheFirstTry_andTheBatchIsRunAgainAnsweringWithThatLead() {
        InMemoryMessages messages = new InMemoryMessages();
        InlineTransactions tx = new InlineTransactions();
        service(messages, tx, SendMessageService.Batching.inline());
        Lead elsewhere = TestData.lead(7, WORKSPACE, "+12025550111", null);
        leads.beforeNextInsertAll(() -> leads.add(elsewhere)); // another transaction, between this one's match and insert

        List<Outcome> outcomes = service.sendAll(List.of(hello("+12025550111", "Hi", Optional.empty()),
                hello("+12025550112", "Hi", Optional.empty())));

        assertThat(tx.count()).as("the first try, refused, and the one that skips stored rows").isEqualTo(2);
        assertThat(outcomes).allSatisfy(o -> assertThat(o.reply()).containsInstanceOf(SentMessage.class));
        SentMessage raced = (SentMessage) outcomes.get(0).reply().orElseThrow();
        assertThat(raced.message().message().leadId()).isEqualTo(elsewhere.id());
        assertThat(raced.duplicateOnly()).as("the lead was not created by this request").isTrue();
        assertThat(messages.all()).hasSize(2);
        assertThat(leads.all()).extracting(l -> l.phone().orElseThrow().value())
                .containsExactlyInAnyOrder("+12025550111", "+12025550112");
    }

    private AcceptBatch.Item item(SendMessageCommand command, int n) {
        return new AcceptBatch.Item(command, new MessageRequestValidator(new FakePhoneNormalizer()).validate(command),
                new MessageId(hex(0xEE0000 + n)), new ai.tuco.domain.shared.LeadId(hex(0xFF0000 + n)));
    }

    private AcceptBatch batch(MessageRepository messages, TransactionRunner tx) {
        return new AcceptBatch(messages, leads, lines, keys, tx, clock,
                new LineChoice(lines, new ExpiringCache<>(Duration.ofSeconds(1), clock, 100), new ExpiringCache<>(Duration.ZERO, clock, 100)), new LeadForMessage(leads, new CountingIds()));
    }
}
