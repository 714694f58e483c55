package ai.tuco.application.message;

import static ai.tuco.application.testing.TestData.NOW;
import static ai.tuco.application.testing.TestData.OTHER_WORKSPACE;
import static ai.tuco.application.testing.TestData.WORKSPACE;
import static ai.tuco.application.testing.TestData.hex;
import static ai.tuco.application.testing.TestData.line;
import static ai.tuco.application.testing.TestData.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tuco.application.shared.port.in.FieldError;
import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.application.testing.FakeLines;
import ai.tuco.application.testing.InMemoryMessages;
import ai.tuco.application.testing.InlineTransactions;
import ai.tuco.application.testing.RecordingAuditLog;
import ai.tuco.application.testing.TestData;
import ai.tuco.domain.line.Line;
import ai.tuco.domain.message.Message;
import ai.tuco.domain.message.MessageStatus;
import ai.tuco.domain.message.Transition;
import ai.tuco.domain.shared.Actor;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.testing.MutableClock;
import ai.tuco.domain.workspace.Workspace;
import ai.tuco.domain.workspace.WorkspaceStatus;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CancelMessageServiceTest {
    final MutableClock clock = new MutableClock(NOW.plus(Duration.ofMinutes(5)));
    final InMemoryMessages messages = new InMemoryMessages();
    final FakeLines lines = new FakeLines();
    final RecordingAuditLog audit = new RecordingAuditLog();
    final CancelMessageService service = new CancelMessageService(messages, lines, audit, new InlineTransactions(), clock);

    final Workspace ws = TestData.workspace(WORKSPACE);
    final Line line = line(WORKSPACE, hex(0xCC0001), Channel.IMESSAGE);
    final Actor actor = TestData.member(ws).actor("203.0.113.9", "corr-cancel");

    Message queued() {
        return messages.add(message(hex(0xEE0001)).from(line).to(TestData.leadId(1)).template("Hi 1").build());
    }

    @Test
    void queuedMessage_cancel_marksCancelledRecordsTheEventAndAuditsIt() {
        lines.add(line);
        Message m = queued();

        var view = service.cancel(TestData.member(ws), actor, m.id());

        assertThat(view.message().status()).isEqualTo(MessageStatus.CANCELLED);
        assertThat(view.message().errorCode()).contains(CancelMessageService.CANCELLED_CODE);
        assertThat(view.line()).contains(line);
        assertThat(messages.get(m.id()).status()).isEqualTo(MessageStatus.CANCELLED);
        assertThat(messages.events(ws.id(), m.id())).hasSize(2)
                .last().satisfies(e -> assertThat(e.event().toStatus()).isEqualTo(MessageStatus.CANCELLED));
        assertThat(audit.entries()).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("message.cancel");
            assertThat(e.targetId()).isEqualTo(m.id().value());
            assertThat(e.workspaceId()).contains(ws.id());
            assertThat(e.actor()).isEqualTo(actor);
            assertThat(e.detail()).isEqualTo(Map.of("from", "queued"));
            assertThat(e.at()).isEqualTo(clock.instant());
        });
    }

    @Test
    void sentMessage_cancel_isConflictInvalidStatusAndChangesNothing() {
        Message m = queued();
        Transition claimed = m.claim(NOW.plusSeconds(1));
        messages.recordTransition(claimed);
        Transition markedSent = claimed.message().markSent(NOW.plusSeconds(2), "ext-1", "Hi 1");
        messages.recordTransition(markedSent);
        Message sent = markedSent.message();

        assertThatThrownBy(() -> service.cancel(TestData.member(ws), actor, m.id()))
                .isInstanceOfSatisfying(UseCaseException.class, e -> {
                    assertThat(e.kind()).isEqualTo(UseCaseException.Kind.CONFLICT);
                    assertThat(e.code()).isEqualTo("INVALID_STATUS");
                    assertThat(e.details()).containsExactly(new FieldError("status", "sent"));
                });
        assertThat(messages.get(m.id())).isEqualTo(sent);
        assertThat(audit.entries()).isEmpty();
    }

    @Test
    void readOnlyWorkspace_cancel_isRefusedBeforeAnythingIsRead() {
        Message m = queued();
        Workspace readOnly = ws.withStatus(WorkspaceStatus.READ_ONLY);

        assertThatThrownBy(() -> service.cancel(TestData.member(readOnly), actor, m.id()))
                .isInstanceOfSatisfying(UseCaseException.class, e -> assertThat(e.kind()).isEqualTo(UseCaseException.Kind.READ_ONLY));
        assertThat(messages.get(m.id()).status()).isEqualTo(MessageStatus.QUEUED);
        assertThat(audit.entries()).isEmpty();
    }

    @Test
    void anotherWorkspacesMessage_cancel_isNotFound() {
        Message m = queued();
        Workspace other = TestData.workspace(OTHER_WORKSPACE);

        assertThatThrownBy(() -> service.cancel(TestData.member(other), actor, m.id()))
                .isInstanceOfSatisfying(UseCaseException.class, e -> assertThat(e.kind()).isEqualTo(UseCaseException.Kind.NOT_FOUND));
        assertThat(messages.get(m.id()).status()).isEqualTo(MessageStatus.QUEUED);
    }
}
