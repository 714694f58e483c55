package ai.tuco.application.message;

import ai.tuco.application.lead.port.out.LeadRepository;
import ai.tuco.application.line.port.out.LineRepository;
import ai.tuco.application.message.port.in.MessageView;
import ai.tuco.application.message.port.in.SendMessageCommand;
import ai.tuco.application.message.port.in.SendMessageUseCase;
import ai.tuco.application.message.port.out.AcceptedKeys;
import ai.tuco.application.message.port.out.DispatchWakeup;
import ai.tuco.application.message.port.out.MessageRepository;
import ai.tuco.application.shared.ExpiringCache;
import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.application.shared.port.in.FieldError;
import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.application.shared.port.out.AuditLog;
import ai.tuco.application.shared.port.out.IdGenerator;
import ai.tuco.application.shared.port.out.PhoneNormalizer;
import ai.tuco.application.shared.port.out.TransactionRunner;
import ai.tuco.domain.lead.Lead;
import ai.tuco.domain.line.Line;
import ai.tuco.domain.message.Accepted;
import ai.tuco.domain.message.Message;
import ai.tuco.domain.message.NewMessage;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.E164Phone;
import ai.tuco.domain.shared.EmailAddress;
import ai.tuco.domain.shared.MessageId;
import ai.tuco.domain.shared.WorkspaceId;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Accepts a message in one transaction: the line is resolved (or chosen round-robin), the lead matched or created,
 * the alternate addresses saved onto it, then the message, its first event, its dispatch-queue row and the audit
 * row are written together. Nothing is sent here; dispatchers pick the queue row up.
 */
public final class SendMessageService implements SendMessageUseCase {
    private final MessageRepository messages;
    private final AcceptedKeys acceptedKeys;
    private final LineRepository lines;
    private final TransactionRunner tx;
    private final IdGenerator ids;
    private final Clock clock;
    private final MessageRequestValidator validator;
    private final LineChoice lineChoice;
    private final LeadForMessage leadForMessage;
    private final DispatchWakeup wakeup;

    /**
     * @param wakeup told after each accepting transaction commits, never inside it
     * @param recentLines lines named by {@code fromLineId}, reused for a short time (ADR 8): a line deactivated through
     *     another node may still take messages for that long, and they wait in the queue like any message of an
     *     inactive line
     */
    public SendMessageService(
            MessageRepository messages,
            AcceptedKeys acceptedKeys,
            LeadRepository leads,
            LineRepository lines,
            PhoneNormalizer phones,
            TransactionRunner tx,
            IdGenerator ids,
            Clock clock,
            DispatchWakeup wakeup,
            ExpiringCache<String, Line> recentLines) {
        this.messages = messages;
        this.acceptedKeys = acceptedKeys;
        this.lines = lines;
        this.tx = tx;
        this.ids = ids;
        this.clock = clock;
        this.wakeup = wakeup;
        this.validator = new MessageRequestValidator(phones);
        this.lineChoice = new LineChoice(messages, lines, recentLines);
        this.leadForMessage = new LeadForMessage(leads, ids);
    }

    @Override
    public SentMessage send(SendMessageCommand command) {
        Caller caller = command.caller();
        caller.requireWritable();
        MessageRequestValidator.Valid v = validator.validate(command);
        WorkspaceId ws = caller.workspace().id();
        SentMessage sent = tx.inTransaction(() -> {
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            Optional<SentMessage> earlier = command.idempotencyKey().flatMap(key -> acceptedKeys.find(ws, key))
                    .flatMap(id -> messages.find(ws, id))
                    .map(m -> new SentMessage(new MessageView(m, lines.findById(ws, m.lineId())), m.leadId(), true));
            if (earlier.isPresent()) {
                return earlier.get();
            }
            // The workspace-wide 400s come before any lookup of a referenced object (404), as the contract orders them.
            if (command.sendFallbackSmsOnFailed() && !lines.anyActive(ws, Channel.SMS)) {
                throw new UseCaseException(UseCaseException.Kind.INVALID, "FALLBACK_NOT_CONFIGURED",
                        "sendFallbackSmsOnFailed needs an active SMS line in the workspace",
                        List.of(new FieldError("sendFallbackSmsOnFailed", "no active line can send sms")));
            }
            if (v.fromLineId().isEmpty() && !lines.anyActive(ws, v.channel())) {
                throw LineChoice.noActiveLines(v.channel());
            }
            Optional<Line> named = v.fromLineId().map(id -> lineChoice.named(ws, id, v.channel()));
            LeadForMessage.Choice lead = leadForMessage.resolve(ws, v, now);
            Line line = named.orElseGet(() -> lineChoice.forLead(ws, v.channel(), lead.lead().id(), now));
            Accepted accepted = Message.accept(newMessage(command, v, ws, line, lead.lead()), now);
            messages.insertAccepted(accepted.message(), accepted.event(), Optional.of(new AuditLog.Entry(Optional.of(ws),
                    command.actor(), "message.create", "message", accepted.message().id().value(), now,
                    auditDetail(accepted.message(), lead))));
            command.idempotencyKey().ifPresent(key -> acceptedKeys.remember(ws, key, accepted.message().id(), now));
            return new SentMessage(new MessageView(accepted.message(), Optional.of(line)), lead.lead().id(), !lead.created());
        });
        wakeup.wake();
        return sent;
    }

    private NewMessage newMessage(SendMessageCommand command, MessageRequestValidator.Valid v, WorkspaceId ws, Line line, Lead lead) {
        Optional<E164Phone> phone = v.recipientPhone();
        Optional<EmailAddress> email = v.recipientEmail();
        if (phone.isEmpty() && email.isEmpty()) {
            phone = v.channel().usesPhone() ? lead.phone() : Optional.empty();
            email = v.channel() != Channel.SMS ? lead.email() : Optional.empty();
            if (phone.isEmpty() && email.isEmpty() && !hasAlternate(lead, v.channel())) {
                throw UseCaseException.invalid("leadId", "lead has no " + (v.channel() == Channel.EMAIL ? "email address"
                        : v.channel() == Channel.SMS ? "phone number" : "phone number or email address")
                        + " to send " + v.channel().wireName() + " to");
            }
        }
        String name = v.recipientName().orElseGet(() -> (lead.firstName() + " " + lead.lastName()).strip());
        return new NewMessage(new MessageId(ids.newId()), ws, v.template(), v.channel(), line.id(), lead.id(), phone, email,
                name, v.subject(), v.scheduledDate(), v.window(), v.batchId(), command.correlationId(),
                command.caller().userId(), command.sendFallbackSmsOnFailed());
    }

    private static Map<String, String> auditDetail(Message message, LeadForMessage.Choice lead) {
        Map<String, String> detail = new HashMap<>();
        detail.put("status", message.status().wireName());
        detail.put("lineId", message.lineId().value());
        detail.put("leadId", lead.lead().id().value());
        if (lead.created()) {
            detail.put("leadCreated", "true");
        }
        return detail;
    }

    private static boolean hasAlternate(Lead lead, Channel channel) {
        return switch (channel) {
            case SMS -> !lead.altPhones().isEmpty();
            case EMAIL -> !lead.altEmails().isEmpty();
            case IMESSAGE -> !lead.altPhones().isEmpty() || !lead.altEmails().isEmpty();
        };
    }
}
