package ai.tuco.application.message;

import ai.tuco.application.line.port.out.LineRepository;
import ai.tuco.application.message.port.in.CancelMessageUseCase;
import ai.tuco.application.message.port.in.MessageView;
import ai.tuco.application.message.port.out.MessageRepository;
import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.application.shared.port.in.FieldError;
import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.application.shared.port.out.AuditLog;
import ai.tuco.application.shared.port.out.TransactionRunner;
import ai.tuco.domain.message.IllegalTransition;
import ai.tuco.domain.message.Message;
import ai.tuco.domain.message.MessageStatus;
import ai.tuco.domain.message.Transition;
import ai.tuco.domain.shared.Actor;
import ai.tuco.domain.shared.MessageId;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Cancels a waiting ({@code scheduled} / {@code queued}) message of the caller's workspace and audits it, in one transaction. */
public final class CancelMessageService implements CancelMessageUseCase {
    static final String CANCELLED_CODE = "CANCELLED_BY_USER";

    private final MessageRepository messages;
    private final LineRepository lines;
    private final AuditLog audit;
    private final TransactionRunner tx;
    private final Clock clock;

    public CancelMessageService(MessageRepository messages, LineRepository lines, AuditLog audit, TransactionRunner tx, Clock clock) {
        this.messages = messages;
        this.lines = lines;
        this.audit = audit;
        this.tx = tx;
        this.clock = clock;
    }

    @Override
    public MessageView cancel(Caller caller, Actor actor, MessageId id) {
        caller.requireWritable();
        return tx.inTransaction(() -> {
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            Message message = messages.findForUpdate(caller.workspace().id(), id)
                    .orElseThrow(() -> UseCaseException.notFound("Message"));
            Transition t;
            try {
                t = message.cancel(now, CANCELLED_CODE, "Cancelled through the API");
            } catch (IllegalTransition e) {
                MessageStatus visible = message.visibleStatus(now);
                throw new UseCaseException(UseCaseException.Kind.CONFLICT, "INVALID_STATUS",
                        "Message is " + visible.wireName() + "; only scheduled or queued messages can be cancelled",
                        List.of(new FieldError("status", visible.wireName())));
            }
            messages.recordTransition(t);
            audit.append(new AuditLog.Entry(Optional.of(caller.workspace().id()), actor, "message.cancel", "message",
                    id.value(), now, Map.of("from", message.status().wireName())));
            return new MessageView(t.message(), lines.findById(message.workspaceId(), message.lineId()));
        });
    }
}
