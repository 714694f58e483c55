package ai.tuco.application.message;

import ai.tuco.application.lead.port.out.LeadRepository;
import ai.tuco.application.message.AcceptBatch.Item;
import ai.tuco.application.message.port.in.MessageView;
import ai.tuco.application.message.port.in.SendMessageUseCase.Outcome;
import ai.tuco.application.message.port.in.SendMessageUseCase.SentMessage;
import ai.tuco.application.message.port.out.MessageRepository;
import ai.tuco.application.shared.WorkspaceLines;
import ai.tuco.application.shared.port.in.FieldError;
import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.application.shared.port.out.AuditLog;
import ai.tuco.application.shared.port.out.OnConflict;
import ai.tuco.domain.lead.Lead;
import ai.tuco.domain.line.Line;
import ai.tuco.domain.message.Accepted;
import ai.tuco.domain.message.Message;
import ai.tuco.domain.message.NewMessage;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.E164Phone;
import ai.tuco.domain.shared.EmailAddress;
import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.shared.MessageId;
import ai.tuco.domain.shared.WorkspaceId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Everything an accepted message needs before it is written, for a whole batch: the line (named, or chosen), the lead
 * (named, matched by its address, or created: one insert for the batch's new leads), and the message itself. Items are
 * checked in the order a lone request is (workspace-wide 400s, then the named line, then the lead), so each refused
 * item gets the answer it would get alone. Reads are made once per workspace of the batch, not once per item.
 */
final class BatchResolver {
    private final MessageRepository messages;
    private final LeadRepository leads;
    private final LineChoice lineChoice;
    private final LeadForMessage leadForMessage;

    BatchResolver(MessageRepository messages, LeadRepository leads, LineChoice lineChoice, LeadForMessage leadForMessage) {
        this.messages = messages;
        this.leads = leads;
        this.lineChoice = lineChoice;
        this.leadForMessage = leadForMessage;
    }

    /** The rows to write, and the answer each accepted item gets once they are committed. */
    record Resolution(List<MessageRepository.NewAccept> rows, Map<MessageId, SentMessage> sent) {}

    /**
     * Resolves every item without an outcome yet; a refused item gets its outcome instead of a row. The batch's new
     * leads are inserted with {@code onConflict}, in the statement that matches the batch's raw addresses: with {@link
     * OnConflict#FAIL} a lead another transaction inserted since the match fails the transaction (the caller runs it
     * again with {@link OnConflict#SKIP}).
     */
    Resolution resolve(List<Item> items, Instant now, Outcome[] outcomes, OnConflict onConflict) {
        int n = items.size();
        Map<WorkspaceId, WorkspaceLines> lines = new HashMap<>();
        Function<WorkspaceId, WorkspaceLines> linesOf = ws -> lines.computeIfAbsent(ws, lineChoice::load);
        Line[] line = new Line[n];
        eachStanding(items, outcomes, (i, item) -> {
            MessageRequestValidator.Valid v = item.valid();
            WorkspaceId ws = workspace(item);
            // The workspace-wide 400s come before any lookup of a referenced object (404), as the contract orders them.
            if (item.command().sendFallbackSmsOnFailed() && !linesOf.apply(ws).anyCanSend(Channel.SMS)) {
                throw new UseCaseException(UseCaseException.Kind.INVALID, "FALLBACK_NOT_CONFIGURED",
                        "sendFallbackSmsOnFailed needs an active SMS line in the workspace",
                        List.of(new FieldError("sendFallbackSmsOnFailed",
                                "no active line can send sms")));
            }
            if (v.fromLineId().isEmpty() && !linesOf.apply(ws).anyCanSend(v.channel())) {
                throw LineChoice.noActiveLines(v.channel());
            }
            line[i] = v.fromLineId().map(id -> lineChoice.named(ws, id, v.channel())).orElse(null);
        });

        // Per workspace: the named leads, and the leads the raw addresses match, with the batch's new leads (one per
        // workspace and address) inserted in the same statement where no lead has that address.
        Map<WorkspaceId, Map<LeadId, Lead>> named = new HashMap<>();
        Map<WorkspaceId, List<Lead>> matching = new HashMap<>();
        Map<String, Lead> fresh = new HashMap<>(); // the batch's new leads, by workspace and address
        Set<LeadId> inserted = new HashSet<>();
        AcceptBatch.groupBy(items, BatchResolver::workspace, outcomes).forEach((ws, positions) -> {
            List<LeadId> ids = positions.stream().flatMap(i -> items.get(i).valid().leadId().stream()).distinct().toList();
            if (!ids.isEmpty()) {
                named.put(ws, leads.findAllById(ws, ids).stream().collect(Collectors.toMap(Lead::id, Function.identity())));
            }
            List<E164Phone> phones = new ArrayList<>();
            List<EmailAddress> emails = new ArrayList<>();
            List<LeadRepository.Candidate> candidates = new ArrayList<>();
            for (int i : positions) {
                MessageRequestValidator.Valid v = items.get(i).valid();
                LeadForMessage.matchAddress(v, phones, emails);
                LeadForMessage.matchKey(v).ifPresent(key -> fresh.computeIfAbsent(slot(ws, key), slot -> {
                    Lead candidate = LeadForMessage.fresh(ws, v, items.get(i).freshLead(), now);
                    candidates.add(new LeadRepository.Candidate(candidate, LeadForMessage.byPhone(v)));
                    return candidate;
                }));
            }
            if (!phones.isEmpty() || !emails.isEmpty()) {
                LeadRepository.MatchedOrInserted r = leads.findMatchingOrInsert(ws, phones, emails, candidates, onConflict);
                matching.put(ws, r.found());
                inserted.addAll(r.inserted());
            }
        });

        Lead[] lead = new Lead[n];
        boolean[] created = new boolean[n];
        Set<String> slotsTaken = new HashSet<>();
        eachStanding(items, outcomes, (i, item) -> {
            MessageRequestValidator.Valid v = item.valid();
            WorkspaceId ws = workspace(item);
            if (v.leadId().isPresent()) {
                lead[i] = Optional.ofNullable(named.getOrDefault(ws, Map.of()).get(v.leadId().get()))
                        .orElseThrow(() -> UseCaseException.notFound("Lead"));
                return;
            }
            Optional<String> key = LeadForMessage.matchKey(v);
            Optional<Lead> found = key.flatMap(k -> LeadForMessage.bestMatch(matching.getOrDefault(ws, List.of()), v));
            if (found.isPresent()) {
                lead[i] = found.get();
            } else if (key.isPresent()) {
                String slot = slot(ws, key.get());
                Lead candidate = fresh.get(slot);
                if (inserted.contains(candidate.id())) {
                    created[i] = slotsTaken.add(slot);
                    lead[i] = candidate;
                } // else a concurrent write took its address (SKIP): resolved alone below
            }
        });
        Set<LeadId> insertedHere = resolveRestAlone(items, lead, created, now, outcomes);
        insertedHere.addAll(inserted);
        return choose(items, now, outcomes, linesOf, line, lead, created, insertedHere);
    }

    /**
     * Items still without a lead (their new lead could not be inserted: raced) are resolved alone; every lead then takes
     * its request's alternates.
     *
     * @return the leads the lone resolutions inserted
     */
    private Set<LeadId> resolveRestAlone(List<Item> items, Lead[] lead, boolean[] created, Instant now, Outcome[] outcomes) {
        Set<LeadId> insertedHere = new HashSet<>();
        eachStanding(items, outcomes, (i, item) -> {
            if (lead[i] == null) {
                LeadForMessage.Choice alone = leadForMessage.resolve(workspace(item), item.valid(), now);
                lead[i] = alone.lead();
                created[i] = alone.created();
                if (alone.created()) {
                    insertedHere.add(alone.lead().id());
                }
            }
            lead[i] = LeadForMessage.withAlternates(lead[i], item.valid(), now);
        });
        return insertedHere;
    }

    /** One step of the resolution for one item; a {@link UseCaseException} it throws refuses that item alone. */
    @FunctionalInterface
    private interface ItemStep {
        void apply(int index, Item item);
    }

    /** Runs {@code step} on each item not refused yet, in order; an item the step refuses gets that answer. */
    private static void eachStanding(List<Item> items, Outcome[] outcomes, ItemStep step) {
        for (int i = 0; i < items.size(); i++) {
            if (outcomes[i] != null) {
                continue;
            }
            try {
                step.apply(i, items.get(i));
            } catch (UseCaseException e) {
                outcomes[i] = Outcome.failed(e);
            }
        }
    }

    private Resolution choose(List<Item> items, Instant now, Outcome[] outcomes,
            Function<WorkspaceId, WorkspaceLines> linesOf, Line[] line, Lead[] lead, boolean[] created, Set<LeadId> inserted) {
        Map<WorkspaceId, Map<LeadId, List<LineId>>> recent = new HashMap<>();
        AcceptBatch.groupBy(items, BatchResolver::workspace, outcomes).forEach((ws, positions) -> {
            List<LeadId> known = positions.stream().filter(i -> line[i] == null && !created[i]).map(i -> lead[i].id())
                    .distinct().toList();
            recent.put(ws, known.isEmpty() ? Map.of() : messages.recentLines(ws, known));
        });
        Map<LeadId, LineId> chosenHere = new HashMap<>(); // a lead's later messages in the batch keep its sender
        List<MessageRepository.NewAccept> rows = new ArrayList<>();
        Map<MessageId, SentMessage> sent = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            if (outcomes[i] != null) {
                continue;
            }
            Item item = items.get(i);
            WorkspaceId ws = workspace(item);
            try {
                Line chosen = line[i];
                if (chosen == null) {
                    List<LineId> before = new ArrayList<>();
                    Optional.ofNullable(chosenHere.get(lead[i].id())).ifPresent(before::add);
                    before.addAll(recent.get(ws).getOrDefault(lead[i].id(), List.of()));
                    chosen = lineChoice.forLead(ws, linesOf.apply(ws), item.valid().channel(), before);
                }
                chosenHere.put(lead[i].id(), chosen.id());
                Accepted accepted = Message.accept(newMessage(item, ws, chosen, lead[i]), now);
                leadForMessage.saveAlternates(lead[i], item.valid(), now); // now that the message is sure to be written
                rows.add(new MessageRepository.NewAccept(accepted.message(), accepted.event(), new AuditLog.Entry(
                        Optional.of(ws), item.command().actor(), "message.create", "message", item.id().value(), now,
                        auditDetail(accepted.message(), lead[i], created[i])), inserted.contains(lead[i].id())));
                sent.put(item.id(), new SentMessage(new MessageView(accepted.message(), Optional.of(chosen)), lead[i].id(), !created[i]));
            } catch (UseCaseException e) {
                outcomes[i] = Outcome.failed(e);
            }
        }
        return new Resolution(rows, sent);
    }

    private static NewMessage newMessage(Item item, WorkspaceId ws, Line line, Lead lead) {
        MessageRequestValidator.Valid v = item.valid();
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
        return new NewMessage(item.id(), ws, v.template(), v.channel(), line.id(), lead.id(), phone, email,
                name, v.subject(), v.scheduledDate(), v.window(), v.batchId(), item.command().correlationId(),
                item.command().caller().userId(), item.command().sendFallbackSmsOnFailed());
    }

    private static Map<String, String> auditDetail(Message message, Lead lead, boolean created) {
        Map<String, String> detail = new HashMap<>();
        detail.put("status", message.status().wireName());
        detail.put("lineId", message.lineId().value());
        detail.put("leadId", lead.id().value());
        if (created) {
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

    /** A new lead's place in the batch: one per workspace and match key. */
    private static String slot(WorkspaceId ws, String matchKey) {
        return ws.value() + "/" + matchKey;
    }

    static WorkspaceId workspace(Item item) {
        return item.command().caller().workspace().id();
    }
}
