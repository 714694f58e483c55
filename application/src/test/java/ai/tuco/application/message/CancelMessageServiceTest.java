package ai.tuco.application.message;

import static ai.tuco.application.message.MessageFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tuco.application.message.MessageFixtures.DirectTransactions;
import ai.tuco.application.message.MessageFixtures.RecordingAudit;
import ai.tuco.application.shared.port.in.FieldError;
import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.domain.line.Line;
import ai.tuco.domain.message.Accepted;
import ai.tuco.domain.message.Message;
import ai.tuco.domain.message.MessageStatus;
import ai.tuco.domain.shared.Actor;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.testing.MutableClock;
import ai.tuco.domain.workspace.Workspace;
import ai.tuco.domain.workspace.WorkspaceStatus;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CancelMessageServiceTest {
    final MutableClock clock = new MutableClock(T0.plus(Duration.ofMinutes(5)));
    final InMemoryMessages messages = new InMemoryMessages();
    final InMemoryLines lines = new InMemoryLines();
    final RecordingAudit audit = new RecordingAudit();
    final CancelMessageService service = new CancelMessageService(messages, lines, audit, new DirectTransactions(), clock);

    final Workspace ws = MessageFixtures.workspace(1, WorkspaceStatus.ACTIVE);
    final Line line = MessageFixtures.line(ws, 1, Channel.IMESSAGE);
    final Actor actor = MessageFixtures.caller(ws).actor("203.0.113.9", "corr-cancel");

    Message queued() {
        Accepted accepted = MessageFixtures.accepted(ws, 1, line, T0, Optional.empty());
        messages.insertAccepted(accepted.message(), accepted.event(), Optional.empty());
        return accepted.message();
    }

    @Test
    void queuedMessage_cancel_marksCancelledRecordsTheEventAndAuditsIt() {
        lines.add(line);
        Message m = queued();

        var view = service.cancel(MessageFixtures.caller(ws), actor, m.id());

        assertThat(view.message().status()).isEqualTo(MessageStatus.CANCELLED);
        assertThat(view.message().errorCode()).contains(CancelMessageService.CANCELLED_CODE);
        assertThat(view.line()).contains(line);
        assertThat(messages.rows.get(m.id()).status()).isEqualTo(MessageStatus.CANCELLED);
        assertThat(messages.events(ws.id(), m.id())).hasSize(2)
                .last().satisfies(e -> assertThat(e.event().toStatus()).isEqualTo(MessageStatus.CANCELLED));
        assertThat(audit.entries).singleElement().satisfies(e -> {
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
        Message sent = m.claim(T0.plusSeconds(1)).message().markSent(T0.plusSeconds(2), "ext-1", "Hi 1").message();
        messages.rows.put(m.id(), sent);

        assertThatThrownBy(() -> service.cancel(MessageFixtures.caller(ws), actor, m.id()))
                .isInstanceOfSatisfying(UseCaseException.class, e -> {
                    assertThat(e.kind()).isEqualTo(UseCaseException.Kind.CONFLICT);
                    assertThat(e.code()).isEqualTo("INVALID_STATUS");
                    assertThat(e.details()).containsExactly(new FieldError("status", "sent"));
                });
        assertThat(messages.rows.get(m.id())).isEqualTo(sent);
        assertThat(audit.entries).isEmpty();
    }

    @Test
    void readOnlyWorkspace_cancel_isRefusedBeforeAnythingIsRead() {
        Message m = queued();
        Workspace readOnly = ws.withStatus(WorkspaceStatus.READ_ONLY);

        assertThatThrownBy(() -> service.cancel(MessageFixtures.caller(readOnly), actor, m.id()))
                .isInstanceOfSatisfying(UseCaseException.class, e -> assertThat(e.kind()).isEqualTo(UseCaseException.Kind.READ_ONLY));
        assertThat(messages.rows.get(m.id()).status()).isEqualTo(MessageStatus.QUEUED);
        assertThat(audit.entries).isEmpty();
    }

    @Test
    void anotherWorkspacesMessage_cancel_isNotFound() {
        Message m = queued();
        Workspace other = MessageFixtures.workspace(2, WorkspaceStatus.ACTIVE);

        assertThatThrownBy(() -> service.cancel(MessageFixtures.caller(other), actor, m.id()))
                .isInstanceOfSatisfying(UseCaseException.class, e -> assertThat(e.kind()).isEqualTo(UseCaseException.Kind.NOT_FOUND));
        assertThat(messages.rows.get(m.id()).status()).isEqualTo(MessageStatus.QUEUED);
    }
}
