package ai.tuco.application.message;

import ai.tuco.application.lead.port.out.LeadRepository;
import ai.tuco.application.line.port.out.LineRepository;
import ai.tuco.application.message.port.in.MessageView;
import ai.tuco.application.message.port.in.SendMessageUseCase;
import ai.tuco.application.message.port.out.AcceptedKeys;
import ai.tuco.application.message.port.out.DispatchWakeup;
import ai.tuco.application.message.port.out.MessageRepository;
import ai.tuco.application.shared.ExpiringCache;
import ai.tuco.application.shared.port.in.Caller;
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
import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.shared.MessageId;
import ai.tuco.domain.shared.WorkspaceId;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
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
    private final LeadRepository leads;
    private final LineRepository lines;
    private final TransactionRunner tx;
    private final IdGenerator ids;
    private final Clock clock;
    private final MessageRequestValidator validator;
    private final DispatchWakeup wakeup;
    private final ExpiringCache<String, Line> recentLines;

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
        this.recentLines = recentLines;
        this.wakeup = wakeup;
        this.messages = messages;
        this.acceptedKeys = acceptedKeys;
        this.leads = leads;
        this.lines = lines;
        this.tx = tx;
        this.ids = ids;
        this.clock = clock;
        this.validator = new MessageRequestValidator(phones);
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
                        "sendFallbackSmsOnFailed needs an active SMS line in the workspace", List.of(
                        new ai.tuco.application.shared.port.in.FieldError("sendFallbackSmsOnFailed", "no active line can send sms")));
            }
            if (v.fromLineId().isEmpty() && !lines.anyActive(ws, v.channel())) {
                throw noActiveLines(v.channel());
            }
            Optional<Line> chosen = v.fromLineId().map(id -> {
                Line line = recentLines.get(ws.value() + "/" + id.value(), () -> lines.findById(ws, id))
                        .orElseThrow(() -> UseCaseException.notFound("Line"));
                if (!line.canSend(v.channel())) {
                    throw UseCaseException.invalid("fromLineId", line.active()
                            ? "line " + id + " cannot send " + v.channel().wireName()
                            : "line " + id + " is not active");
                }
                return line;
            });
            LeadChoice lead = resolveLead(ws, v, now);
            Line line = chosen.orElseGet(() -> chooseLine(ws, v.channel(), lead.lead().id(), now));
            Optional<E164Phone> phone = v.recipientPhone();
            Optional<EmailAddress> email = v.recipientEmail();
            if (phone.isEmpty() && email.isEmpty()) {
                phone = v.channel().usesPhone() ? lead.lead().phone() : Optional.empty();
                email = v.channel() != Channel.SMS ? lead.lead().email() : Optional.empty();
                if (phone.isEmpty() && email.isEmpty() && !hasAlternate(lead.lead(), v.channel())) {
                    throw UseCaseException.invalid("leadId", "lead has no " + (v.channel() == Channel.EMAIL ? "email address"
                            : v.channel() == Channel.SMS ? "phone number" : "phone number or email address")
                            + " to send " + v.channel().wireName() + " to");
                }
            }
            String name = v.recipientName().orElseGet(() ->
                    (lead.lead().firstName() + " " + lead.lead().lastName()).strip());
            Accepted accepted = Message.accept(new NewMessage(
                    new MessageId(ids.newId()),
                    ws,
                    v.template(),
                    v.channel(),
                    line.id(),
                    lead.lead().id(),
                    phone,
                    email,
                    name,
                    v.subject(),
                    v.scheduledDate(),
                    v.window(),
                    v.batchId(),
                    command.correlationId(),
                    caller.userId(),
                    command.sendFallbackSmsOnFailed()), now);
            Map<String, String> detail = new HashMap<>();
            detail.put("status", accepted.message().status().wireName());
            detail.put("lineId", line.id().value());
            detail.put("leadId", lead.lead().id().value());
            if (lead.created()) {
                detail.put("leadCreated", "true");
            }
            messages.insertAccepted(accepted.message(), accepted.event(), Optional.of(new AuditLog.Entry(Optional.of(ws),
                    command.actor(), "message.create", "message", accepted.message().id().value(), now, detail)));
            command.idempotencyKey().ifPresent(key -> acceptedKeys.remember(ws, key, accepted.message().id(), now));
            return new SentMessage(new MessageView(accepted.message(), Optional.of(line)), lead.lead().id(), !lead.created());
        });
        wakeup.wake();
        return sent;
    }

    private static boolean hasAlternate(Lead lead, Channel channel) {
        return switch (channel) {
            case SMS -> !lead.altPhones().isEmpty();
            case EMAIL -> !lead.altEmails().isEmpty();
            case IMESSAGE -> !lead.altPhones().isEmpty() || !lead.altEmails().isEmpty();
        };
    }

    private Line chooseLine(WorkspaceId ws, Channel channel, LeadId lead, Instant now) {
        return messages.lastLineFor(ws, lead, channel)
                .flatMap(id -> lines.findById(ws, id))
                .filter(l -> l.canSend(channel))
                .or(() -> lines.assignNext(ws, channel, now))
                // assignNext skips lines another accepting transaction holds: when every capable line is held, any
                // capable line will do (the rotation is a preference, never a reason to refuse the message)
                .or(() -> anyCapable(ws, channel))
                .orElseThrow(() -> noActiveLines(channel));
    }

    private Optional<Line> anyCapable(WorkspaceId ws, Channel channel) {
        List<Line> capable = lines.listByWorkspace(ws).stream().filter(l -> l.canSend(channel)).toList();
        return capable.isEmpty()
                ? Optional.empty()
                : Optional.of(capable.get(java.util.concurrent.ThreadLocalRandom.current().nextInt(capable.size())));
    }

    private static UseCaseException noActiveLines(Channel channel) {
        return new UseCaseException(UseCaseException.Kind.INVALID, "NO_ACTIVE_LINES",
                "No active line in this workspace can send " + channel.wireName(), List.of());
    }

    /** The lead a message is for, and whether this request created it. */
    private record LeadChoice(Lead lead, boolean created) {}

    private LeadChoice resolveLead(WorkspaceId ws, MessageRequestValidator.Valid v, Instant now) {
        LeadChoice choice;
        if (v.leadId().isPresent()) {
            choice = new LeadChoice(leads.findById(ws, v.leadId().get()).orElseThrow(() -> UseCaseException.notFound("Lead")), false);
        } else {
            choice = matchOrCreate(ws, v, now);
        }
        return new LeadChoice(saveAlternates(choice.lead(), v, now), choice.created());
    }

    private Optional<Lead> match(WorkspaceId ws, MessageRequestValidator.Valid v) {
        boolean byPhone = v.channel().usesPhone() && v.recipientPhone().isPresent();
        return byPhone
                ? leads.findByPhone(ws, v.recipientPhone().get())
                : v.recipientEmail().flatMap(e -> leads.findByEmail(ws, e));
    }

    private LeadChoice matchOrCreate(WorkspaceId ws, MessageRequestValidator.Valid v, Instant now) {
        String name = v.recipientName().orElse("");
        int space = name.indexOf(' ');
        String first = space < 0 ? name : name.substring(0, space);
        String last = space < 0 ? "" : name.substring(space + 1).strip();
        Lead fresh = newLead(ws, first, last, v.recipientPhone(), v.recipientEmail(), now);
        // The match and, when it finds nothing, the insert: one round trip in the common cases.
        Optional<LeadRepository.Resolved> resolved = leads.findOrInsert(fresh, v.channel().usesPhone() && v.recipientPhone().isPresent());
        if (resolved.isPresent()) {
            return new LeadChoice(resolved.get().lead(), resolved.get().created());
        }
        // A concurrent request created it, or the other address belongs to another lead.
        Optional<Lead> existing = match(ws, v);
        if (existing.isPresent()) {
            return new LeadChoice(existing.get(), false);
        }
        boolean byPhone = v.channel().usesPhone() && v.recipientPhone().isPresent();
        Lead narrower = newLead(ws, first, last,
                byPhone ? v.recipientPhone() : Optional.empty(), byPhone ? Optional.empty() : v.recipientEmail(), now);
        if (leads.insertIfAbsent(narrower)) {
            return new LeadChoice(narrower, true);
        }
        return new LeadChoice(match(ws, v).orElseThrow(() -> new IllegalStateException("lead vanished while matching")), false);
    }

    private Lead newLead(WorkspaceId ws, String first, String last, Optional<E164Phone> phone, Optional<EmailAddress> email, Instant now) {
        return new Lead(new LeadId(ids.newId()), ws, first, last, phone, email, List.of(), List.of(), "", "", "",
                Map.of(), Optional.empty(), "api", now, now);
    }

    /** altPhoneN / altEmailN given in the request replace slot N of the lead's alternates. */
    private Lead saveAlternates(Lead lead, MessageRequestValidator.Valid v, Instant now) {
        if (v.altPhones().stream().allMatch(Optional::isEmpty) && v.altEmails().stream().allMatch(Optional::isEmpty)) {
            return lead;
        }
        List<E164Phone> phones = merge(lead.altPhones(), v.altPhones());
        List<EmailAddress> emails = merge(lead.altEmails(), v.altEmails());
        leads.updateAlternates(lead.workspaceId(), lead.id(), phones, emails, now);
        return new Lead(lead.id(), lead.workspaceId(), lead.firstName(), lead.lastName(), lead.phone(), lead.email(),
                phones, emails, lead.companyName(), lead.jobTitle(), lead.notes(), lead.customFields(), lead.listId(),
                lead.source(), lead.createdAt(), now, lead.availability());
    }

    private static <T> List<T> merge(List<T> current, List<Optional<T>> given) {
        List<T> slots = new ArrayList<>(current);
        for (int i = 0; i < given.size(); i++) {
            if (given.get(i).isPresent()) {
                if (i < slots.size()) {
                    slots.set(i, given.get(i).get());
                } else {
                    slots.add(given.get(i).get());
                }
            }
        }
        return slots.stream().distinct().limit(Lead.MAX_ALTERNATES).toList();
    }
}
