package ai.tuco.application.message;

import ai.tuco.application.lead.port.out.LeadRepository;
import ai.tuco.application.line.port.out.LineRepository;
import ai.tuco.application.message.port.in.SendFallbackSmsUseCase;
import ai.tuco.application.message.port.out.MessageRepository;
import ai.tuco.application.shared.port.out.IdGenerator;
import ai.tuco.domain.line.Line;
import ai.tuco.domain.message.Accepted;
import ai.tuco.domain.message.Message;
import ai.tuco.domain.message.MessageStatus;
import ai.tuco.domain.message.NewMessage;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.E164Phone;
import ai.tuco.domain.shared.MessageId;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * {@code sendFallbackSmsOnFailed}: when an iMessage ends {@code fallback} or {@code failed}, the same text goes out as
 * an SMS to the recipient's phone from an SMS line, and the original points at it ({@code fallbackMessageId}). Runs in
 * the caller's transaction, so the SMS exists exactly when the failure is recorded. Failures that an SMS would repeat
 * or that forbid contact (do-not-contact, deleted lead, missing template field) send nothing.
 */
public final class FallbackSms implements SendFallbackSmsUseCase {
    static final Set<String> NO_FALLBACK = Set.of("DO_NOT_CONTACT", "LEAD_DELETED", "TEMPLATE_FIELD_MISSING", "NO_ADDRESS");

    private final MessageRepository messages;
    private final LineRepository lines;
    private final LeadRepository leads;
    private final IdGenerator ids;

    public FallbackSms(MessageRepository messages, LineRepository lines, LeadRepository leads, IdGenerator ids) {
        this.messages = messages;
        this.lines = lines;
        this.leads = leads;
        this.ids = ids;
    }

    @Override
    public Optional<MessageId> sendFor(Message failed, Instant now) {
        if (!failed.sendFallbackSmsOnFailed() || failed.channel() != Channel.IMESSAGE || failed.fallbackMessageId().isPresent()
                || (failed.status() != MessageStatus.FAILED && failed.status() != MessageStatus.FALLBACK)
                || failed.errorCode().filter(NO_FALLBACK::contains).isPresent()
                || failed.template().codePointCount(0, failed.template().length()) > Channel.SMS.maxCodePoints()) {
            return Optional.empty();
        }
        Optional<E164Phone> phone = failed.recipientPhone().or(() -> leads.findById(failed.workspaceId(), failed.leadId())
                .flatMap(lead -> lead.phone().or(() -> lead.altPhones().stream().findFirst())));
        Optional<Line> line = lines.assignNext(failed.workspaceId(), Channel.SMS, now)
                .or(() -> lines.listByWorkspace(failed.workspaceId()).stream().filter(l -> l.canSend(Channel.SMS)).findFirst());
        if (phone.isEmpty() || line.isEmpty()) {
            return Optional.empty();
        }
        Accepted sms = Message.accept(new NewMessage(
                new MessageId(ids.newId()),
                failed.workspaceId(),
                failed.template(),
                Channel.SMS,
                line.get().id(),
                failed.leadId(),
                phone,
                Optional.empty(),
                failed.recipientName(),
                Optional.empty(),
                Optional.empty(),
                failed.window(),
                failed.batchId(),
                failed.correlationId(),
                failed.createdByUserId(),
                false), now);
        messages.insertAccepted(sms.message(), sms.event());
        messages.recordTransition(failed.linkFallbackMessage(now, sms.message().id()));
        return Optional.of(sms.message().id());
    }
}
