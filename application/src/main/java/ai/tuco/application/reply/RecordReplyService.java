package ai.tuco.application.reply;

import ai.tuco.application.donotcontact.port.out.DoNotContactRepository;
import ai.tuco.application.lead.port.out.LeadRepository;
import ai.tuco.application.line.port.out.LineRepository;
import ai.tuco.application.message.port.out.MessageRepository;
import ai.tuco.application.reply.port.in.IncomingReply;
import ai.tuco.application.reply.port.in.RecordReplyUseCase;
import ai.tuco.application.reply.port.out.ReplyEvents;
import ai.tuco.application.reply.port.out.ReplyRepository;
import ai.tuco.application.shared.port.in.FieldError;
import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.application.shared.port.out.AuditLog;
import ai.tuco.application.shared.port.out.IdGenerator;
import ai.tuco.application.shared.port.out.PhoneNormalizer;
import ai.tuco.application.shared.port.out.TransactionRunner;
import ai.tuco.application.workspace.port.out.WorkspaceRepository;
import ai.tuco.domain.lead.Lead;
import ai.tuco.domain.line.Line;
import ai.tuco.domain.message.Message;
import ai.tuco.domain.reply.OptOut;
import ai.tuco.domain.reply.Reply;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.shared.ReplyId;
import ai.tuco.domain.workspace.Workspace;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Records a reply in one transaction (see {@link RecordReplyUseCase}). A repeated report returns the stored reply
 * before anything is written; two identical reports at once meet on the (line, provider id) unique index, the later
 * one waits for the first to commit and then answers the stored reply. Locks are taken lead first, then the parent
 * message, the order lead deletion uses.
 */
public final class RecordReplyService implements RecordReplyUseCase {
    private final TransactionRunner tx;
    private final LineRepository lines;
    private final WorkspaceRepository workspaces;
    private final LeadRepository leads;
    private final MessageRepository messages;
    private final ReplyRepository replies;
    private final OptOutEffects optOut;
    private final AuditLog audit;
    private final ReplyEvents events;
    private final PhoneNormalizer phones;
    private final IdGenerator ids;
    private final Clock clock;

    public RecordReplyService(TransactionRunner tx, LineRepository lines, WorkspaceRepository workspaces, LeadRepository leads,
            MessageRepository messages, ReplyRepository replies, DoNotContactRepository doNotContact, AuditLog audit,
            ReplyEvents events, PhoneNormalizer phones, IdGenerator ids, Clock clock) {
        this.tx = tx;
        this.lines = lines;
        this.workspaces = workspaces;
        this.leads = leads;
        this.messages = messages;
        this.replies = replies;
        this.optOut = new OptOutEffects(doNotContact, audit, ids);
        this.audit = audit;
        this.events = events;
        this.phones = phones;
        this.ids = ids;
        this.clock = clock;
    }

    @Override
    public Recorded record(RecordReplyCommand c) {
        IncomingReply in = c.reply();
        Line line = lines.findById(c.workspaceId(), c.lineId()).orElseThrow(() -> UseCaseException.notFound("Line"));
        Workspace workspace = workspaces.findById(c.workspaceId()).orElseThrow(() -> UseCaseException.notFound("Line"));
        List<FieldError> errors = new ArrayList<>();
        String externalId = in.externalId().strip();
        if (externalId.isEmpty() || externalId.length() > Reply.MAX_EXTERNAL_ID) {
            errors.add(new FieldError("externalId", "externalId must be 1 to " + Reply.MAX_EXTERNAL_ID + " characters"));
        }
        Optional<ReplyAddresses> from = ReplyAddresses.read(in.fromAddress(), workspace.defaultCountry(), phones);
        if (from.isEmpty()) {
            errors.add(new FieldError("fromAddress", "fromAddress must be a phone number or an email address"));
        }
        if (!errors.isEmpty()) {
            throw UseCaseException.invalid(errors);
        }
        String text = in.text().length() > Reply.MAX_TEXT ? in.text().substring(0, Reply.MAX_TEXT) : in.text();
        List<Reply.Attachment> attachments = in.attachments().stream().limit(Reply.MAX_ATTACHMENTS).toList();
        Instant receivedAt = in.receivedAt().truncatedTo(ChronoUnit.MILLIS);
        Optional<OptOut> keyword = OptOut.of(text, in.providerOptOut());
        return tx.inTransaction(() -> {
            Optional<Reply> known = replies.findByExternalId(line.id(), externalId);
            if (known.isPresent()) {
                return new Recorded(known.get(), false);
            }
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            Lead lead = lead(workspace, from.get(), now);
            Optional<Message> parent = replies.latestSentTo(workspace.id(), line.id(), from.get().value())
                    .flatMap(id -> messages.findForUpdate(workspace.id(), id));
            Reply reply = new Reply(new ReplyId(ids.newId()), workspace.id(), lead.id(), line.id(),
                    channel(line, from.get(), parent), from.get().phone(), from.get().email(), text, attachments, receivedAt,
                    externalId, parent.map(Message::id), keyword, now);
            if (!replies.insertIfAbsent(reply)) {
                // the same report, stored by a concurrent transaction that has committed since
                return new Recorded(replies.findByExternalId(line.id(), externalId).orElseThrow(
                        () -> new IllegalStateException("a reply conflicted on its provider id and cannot be found")), false);
            }
            replies.touchLead(workspace.id(), lead.id(), receivedAt);
            parent.ifPresent(p -> messages.recordTransition(p.recordReply(now, reply.id(), receivedAt)));
            Map<String, String> detail = new HashMap<>();
            detail.put("lineId", line.id().value());
            detail.put("leadId", lead.id().value());
            parent.ifPresent(p -> detail.put("parentMessageId", p.id().value()));
            keyword.ifPresent(k -> detail.put("optOut", k.kind().name().toLowerCase(java.util.Locale.ROOT) + ":" + k.keyword()));
            audit.append(new AuditLog.Entry(Optional.of(workspace.id()), c.actor(), "reply.receive", "reply",
                    reply.id().value(), now, detail));
            optOut.apply(reply, c.actor(), now);
            events.recorded(reply);
            return new Recorded(reply, true);
        });
    }

    /** The live lead with this address among its phones or emails, else a new one (source {@code reply}). */
    private Lead lead(Workspace workspace, ReplyAddresses from, Instant now) {
        Lead fresh = new Lead(new LeadId(ids.newId()), workspace.id(), "", "", from.phone(), from.email(), List.of(), List.of(),
                "", "", "", Map.of(), Optional.empty(), "reply", now, now);
        Optional<LeadRepository.Resolved> resolved = leads.findOrInsert(fresh, from.phone().isPresent());
        if (resolved.isPresent()) {
            return resolved.get().lead();
        }
        // a concurrent request created it meanwhile
        return (from.phone().isPresent() ? leads.findByPhone(workspace.id(), from.phone().get())
                : leads.findByEmail(workspace.id(), from.email().get()))
                .orElseThrow(() -> new IllegalStateException("lead vanished while matching a reply"));
    }

    /**
     * The parent's channel when there is one; else email for an email sender on an email line, SMS for a phone on a
     * line without iMessage, iMessage otherwise (an iMessage handle may be a phone or an email).
     */
    static Channel channel(Line line, ReplyAddresses from, Optional<Message> parent) {
        if (parent.isPresent()) {
            return parent.get().channel();
        }
        if (from.email().isPresent()) {
            return line.channels().contains(Channel.EMAIL) || !line.channels().contains(Channel.IMESSAGE)
                    ? Channel.EMAIL : Channel.IMESSAGE;
        }
        return line.channels().contains(Channel.IMESSAGE) ? Channel.IMESSAGE : Channel.SMS;
    }
}
