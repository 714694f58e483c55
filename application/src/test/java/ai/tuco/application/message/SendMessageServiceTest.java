package ai.tuco.application.message;

import static ai.tuco.application.testing.TestData.NOW;
import static ai.tuco.application.testing.TestData.WORKSPACE;
import static ai.tuco.application.testing.TestData.hex;
import static ai.tuco.application.testing.TestData.lead;
import static ai.tuco.application.testing.TestData.line;
import static ai.tuco.application.testing.TestData.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tuco.application.message.port.in.SendMessageCommand.Content;
import ai.tuco.application.message.port.in.SendMessageCommand.Recipient;
import ai.tuco.application.message.port.in.SendMessageCommand.Schedule;
import ai.tuco.application.message.port.in.SendMessageCommand;
import ai.tuco.application.message.port.in.SendMessageUseCase.Replayed;
import ai.tuco.application.message.port.in.SendMessageUseCase.Reply;
import ai.tuco.application.message.port.in.SendMessageUseCase.SentMessage;
import ai.tuco.application.shared.ExpiringCache;
import ai.tuco.application.shared.port.in.FieldError;
import ai.tuco.application.shared.port.in.UseCaseException;
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
import ai.tuco.domain.line.Line;
import ai.tuco.domain.message.Message;
import ai.tuco.domain.message.MessageStatus;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.E164Phone;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.testing.MutableClock;
import ai.tuco.domain.workspace.Workspace;
import ai.tuco.domain.workspace.WorkspaceStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SendMessageServiceTest {
    final MutableClock clock = new MutableClock(NOW);
    final InMemoryMessages messages = new InMemoryMessages();
    final FakeLines lines = new FakeLines();
    final FakeLeads leads = new FakeLeads();
    final FakeIdempotencyRecords keys = new FakeIdempotencyRecords();
    final AtomicInteger wakeups = new AtomicInteger();
    final SendMessageService service = service(new InlineTransactions(), SendMessageService.Batching.inline());

    SendMessageService service(TransactionRunner tx, SendMessageService.Batching batching) {
        return new SendMessageService(messages, leads, lines, keys, new FakePhoneNormalizer(), tx, new CountingIds(), clock,
                wakeups::incrementAndGet, new ExpiringCache<>(Duration.ofSeconds(1), clock, 100),
                new ExpiringCache<>(Duration.ZERO, clock, 100), batching);
    }

    /** The accepted message (the test fails on a replay). */
    SentMessage send(SendMessageCommand command) {
        return (SentMessage) service.send(command);
    }

    final Workspace ws = TestData.workspace(WORKSPACE);
    final Line first = line(WORKSPACE, hex(0xCC0001), Channel.IMESSAGE, Channel.SMS);
    final Line second = line(WORKSPACE, hex(0xCC0002), Channel.IMESSAGE, Channel.SMS);

    SendMessageCommand command(Content content, Recipient recipient, Optional<String> fromLineId, Optional<String> batchId,
            Optional<String> idempotencyKey) {
        var caller = TestData.member(ws);
        return new SendMessageCommand(caller, caller.actor("203.0.113.9", "corr-1"), content, recipient, Schedule.none(),
                fromLineId, batchId, false, "corr-1", idempotencyKey.map(k -> new SendMessageCommand.IdempotencyKey(k,
                        (k + content.message().orElse("")).getBytes(StandardCharsets.UTF_8), SendMessageServiceTest::answer)));
    }

    /** The client's answer as the HTTP adapter renders it, reduced to what a test can compare. */
    static byte[] answer(SentMessage sent) {
        return ("201 " + sent.message().message().id().value()).getBytes(StandardCharsets.UTF_8);
    }

    SendMessageCommand hello(Recipient recipient) {
        return command(text("Hello"), recipient, Optional.empty(), Optional.empty(), Optional.empty());
    }

    static Content text(String message) {
        return new Content(Optional.of(message), Optional.empty(), Optional.empty());
    }

    static Recipient phone(String phone, String name) {
        return new Recipient(Optional.empty(), Optional.of(phone), Optional.empty(), Optional.of(name), List.of(), List.of());
    }

    @Test
    void severalBrokenFields_send_reportsThemAllAtOnceInTheContractsOrderAndWritesNothing() {
        lines.add(first);
        var content = new Content(Optional.of(" "), Optional.of("fax"), Optional.empty());
        var recipient = new Recipient(Optional.empty(), Optional.of("12345"), Optional.of("not-an-email"), Optional.empty(),
                List.of(), List.of());

        assertThatThrownBy(() -> service.send(command(content, recipient, Optional.of("abc"), Optional.of(""), Optional.empty())))
                .isInstanceOfSatisfying(UseCaseException.class, e -> {
                    assertThat(e.code()).isEqualTo("VALIDATION_ERROR");
                    assertThat(e.details()).extracting(FieldError::field)
                            .containsExactly("messageType", "message", "fromLineId", "recipientPhone", "recipientEmail", "batchId");
                    assertThat(e.getMessage()).isEqualTo("Request has 6 invalid fields");
                });
        assertThat(messages.all()).isEmpty();
        assertThat(leads.all()).isEmpty();
        assertThat(wakeups).hasValue(0);
    }

    @Test
    void readOnlyWorkspace_send_isRefusedBeforeItsFieldsAreChecked() {
        var caller = TestData.member(ws.withStatus(WorkspaceStatus.READ_ONLY));
        var command = new SendMessageCommand(caller, caller.actor(null, "c"), text(""), phone("bad", ""), Schedule.none(),
                Optional.empty(), Optional.empty(), false, "c", Optional.empty());

        assertThatThrownBy(() -> service.send(command))
                .isInstanceOfSatisfying(UseCaseException.class, e -> assertThat(e.kind()).isEqualTo(UseCaseException.Kind.READ_ONLY));
    }

    @Test
    void rawRecipientWithoutLead_send_createsTheLeadAndQueuesTheMessage() {
        lines.add(first);

        SentMessage sent = send(hello(phone("+12025550111", "Ada Lovelace")));

        assertThat(sent.duplicateOnly()).isFalse();
        assertThat(leads.all()).singleElement().satisfies(lead -> {
            assertThat(lead.id()).isEqualTo(sent.leadId());
            assertThat(lead.phone()).contains(new E164Phone("+12025550111"));
            assertThat(lead.firstName()).isEqualTo("Ada");
            assertThat(lead.lastName()).isEqualTo("Lovelace");
        });
        assertThat(sent.message().message().status()).isEqualTo(MessageStatus.QUEUED);
        assertThat(messages.all()).extracting(Message::id).contains(sent.message().message().id());
        assertThat(messages.acceptAudits()).singleElement().satisfies(a -> {
            assertThat(a.action()).isEqualTo("message.create");
            assertThat(a.detail()).containsEntry("leadCreated", "true").containsEntry("lineId", first.id().value());
        });
        assertThat(wakeups).hasValue(1);
    }

    @Test
    void rawRecipientOfAnExistingLead_send_usesThatLeadAsADuplicate() {
        lines.add(first);
        Lead known = lead(1, WORKSPACE, "+12025550111", null);
        leads.add(known);

        SentMessage sent = send(hello(phone("+12025550111", "Someone Else")));

        assertThat(sent.duplicateOnly()).isTrue();
        assertThat(sent.leadId()).isEqualTo(known.id());
        assertThat(leads.all()).containsExactly(known);
        assertThat(messages.acceptAudits().get(0).detail()).doesNotContainKey("leadCreated");
    }

    @Test
    void repeatedIdempotencyKey_send_answersTheFirstMessageAgainWithoutWritingAnother() {
        lines.add(first);
        var command = command(text("Hello"), phone("+12025550111", "Ada"), Optional.empty(), Optional.empty(), Optional.of("key-1"));

        SentMessage once = send(command);
        Reply again = service.send(command);

        assertThat(once.answer()).hasValueSatisfying(a -> assertThat(a).isEqualTo(answer(once)));
        assertThat(again).isInstanceOfSatisfying(Replayed.class, r -> {
            assertThat(r.status()).isEqualTo(201);
            assertThat(r.body()).isEqualTo(once.answer().orElseThrow());
        });
        assertThat(messages.all()).hasSize(1);
        assertThat(messages.acceptAudits()).hasSize(1);
    }

    @Test
    void namedLine_send_goesOutFromIt() {
        lines.add(first);
        lines.add(second);

        SentMessage sent = send(command(text("Hello"), phone("+12025550111", "Ada"), Optional.of(second.id().value()),
                Optional.empty(), Optional.empty()));

        assertThat(sent.message().message().lineId()).isEqualTo(second.id());
        assertThat(sent.message().line()).contains(second);
    }

    @Test
    void namedLineOfAnotherWorkspace_send_isLineNotFound() {
        lines.add(first);
        String unknown = new LineId(hex(0xCC0099)).value();

        assertThatThrownBy(() -> service.send(command(text("Hello"), phone("+12025550111", "Ada"), Optional.of(unknown),
                Optional.empty(), Optional.empty())))
                .isInstanceOfSatisfying(UseCaseException.class, e -> assertThat(e.getMessage()).isEqualTo("Line not found"));
    }

    @Test
    void leadWrittenToBefore_send_keepsTheLineThatLastWroteToIt() {
        lines.add(first);
        lines.add(second);
        Lead known = lead(1, WORKSPACE, "+12025550111", null);
        leads.add(known);
        messages.add(message(hex(0xEE0001)).from(second).to(known).build());

        SentMessage sent = send(hello(Recipient.lead(known.id().value())));

        assertThat(sent.message().message().lineId()).isEqualTo(second.id());
    }

    @Test
    void newLeads_send_takeTheLinesInTurn() {
        lines.add(first);
        lines.add(second);

        SentMessage a = send(hello(phone("+12025550111", "A")));
        clock.advance(Duration.ofSeconds(1));
        SentMessage b = send(hello(phone("+12025550112", "B")));
        clock.advance(Duration.ofSeconds(1));
        SentMessage c = send(hello(phone("+12025550113", "C")));

        assertThat(List.of(a, b, c)).extracting(s -> s.message().message().lineId())
                .containsExactly(first.id(), second.id(), first.id());
    }

    @Test
    void noLineCanSendTheChannel_send_isNoActiveLines() {
        lines.add(line(WORKSPACE, hex(0xCC0003), Channel.EMAIL));

        assertThatThrownBy(() -> service.send(hello(phone("+12025550111", "Ada"))))
                .isInstanceOfSatisfying(UseCaseException.class, e -> assertThat(e.code()).isEqualTo("NO_ACTIVE_LINES"));
        assertThat(leads.all()).isEmpty();
    }
}
