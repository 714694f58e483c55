package ai.tuco.application.lead;

import ai.tuco.application.lead.port.in.DeleteLeadsUseCase;
import ai.tuco.application.lead.port.in.ImportLeadsUseCase;
import ai.tuco.application.lead.port.in.LeadInput;
import ai.tuco.application.lead.port.in.LeadQuery;
import ai.tuco.application.lead.port.in.UpdateLeadUseCase;
import ai.tuco.application.lead.port.out.LeadRepository;
import ai.tuco.application.lead.port.out.WaitingMessages;
import ai.tuco.application.shared.Paging;
import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.application.shared.port.in.FieldError;
import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.application.shared.port.out.AuditLog;
import ai.tuco.application.shared.port.out.IdGenerator;
import ai.tuco.application.shared.port.out.PhoneNormalizer;
import ai.tuco.application.shared.port.out.TransactionRunner;
import ai.tuco.domain.lead.Lead;
import ai.tuco.domain.shared.Actor;
import ai.tuco.domain.shared.E164Phone;
import ai.tuco.domain.shared.EmailAddress;
import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.shared.ObjectIds;
import ai.tuco.domain.shared.WorkspaceId;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Lead import (deduplicated across the workspace and within the call), search, update and delete. */
public final class LeadService implements ImportLeadsUseCase, LeadQuery, UpdateLeadUseCase, DeleteLeadsUseCase {
    static final int MAX_TEXT = 500;
    static final int MAX_NOTES = 10_000;
    static final int MAX_CUSTOM_FIELDS = 100;

    private final LeadRepository leads;
    private final WaitingMessages waiting;
    private final PhoneNormalizer phones;
    private final AuditLog audit;
    private final TransactionRunner tx;
    private final IdGenerator ids;
    private final Clock clock;

    public LeadService(LeadRepository leads, WaitingMessages waiting, PhoneNormalizer phones, AuditLog audit,
            TransactionRunner tx, IdGenerator ids, Clock clock) {
        this.leads = leads;
        this.waiting = waiting;
        this.phones = phones;
        this.audit = audit;
        this.tx = tx;
        this.ids = ids;
        this.clock = clock;
    }

    // ---- import

    @Override
    public ImportResult importLeads(ImportLeadsCommand c) {
        c.caller().requireWritable();
        if (c.leads().isEmpty() || c.leads().size() > MAX_LEADS) {
            throw UseCaseException.invalid("leads", "leads must hold 1 to " + MAX_LEADS + " entries");
        }
        String region = c.defaultCountryCode()
                .map(code -> phones.regionOfCallingCode(code).orElseThrow(() ->
                        UseCaseException.invalid("defaultCountryCode", "defaultCountryCode must be a calling code such as +1")))
                .orElse(c.caller().workspace().defaultCountry());
        WorkspaceId ws = c.caller().workspace().id();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String source = c.source().map(String::strip).filter(s -> !s.isEmpty()).orElse("api");

        List<EntryError> errors = new ArrayList<>();
        List<Lead> candidates = new ArrayList<>();
        List<Integer> candidateIndex = new ArrayList<>();
        for (int i = 0; i < c.leads().size(); i++) {
            List<FieldError> fieldErrors = new ArrayList<>();
            LeadInput in = c.leads().get(i);
            Lead lead = build(ws, in, region, c.listId(), source, now, fieldErrors);
            if (lead.phone().isEmpty() && lead.email().isEmpty() && fieldErrors.isEmpty()) {
                fieldErrors.add(new FieldError("phone", "a lead needs a phone or an email"));
            }
            if (fieldErrors.isEmpty()) {
                candidates.add(lead);
                candidateIndex.add(i);
            } else {
                int index = i;
                fieldErrors.forEach(e -> errors.add(new EntryError(index, "leads[" + index + "]." + e.field(), e.message())));
            }
        }
        if (candidates.isEmpty()) {
            // nothing valid to save: write nothing, not even an audit row
            return new ImportResult(List.of(), List.of(), 0, c.leads().size(), errors);
        }
        return tx.inTransaction(() -> {
            Map<String, LeadId> known = new HashMap<>();
            for (Lead existing : leads.findMatching(ws, allPhones(candidates), allEmails(candidates))) {
                keys(existing).forEach(k -> known.putIfAbsent(k, existing.id()));
            }
            List<Lead> fresh = new ArrayList<>();
            List<LeadId> existingIds = new ArrayList<>();
            for (Lead lead : candidates) {
                Optional<LeadId> match = keys(lead).stream().map(known::get).filter(x -> x != null).findFirst();
                if (match.isPresent()) {
                    existingIds.add(match.get());
                } else {
                    fresh.add(lead);
                    keys(lead).forEach(k -> known.put(k, lead.id()));
                }
            }
            List<Boolean> inserted = leads.insertAllIfAbsent(fresh);
            List<LeadId> created = new ArrayList<>();
            List<Lead> lost = new ArrayList<>();
            for (int i = 0; i < fresh.size(); i++) {
                if (inserted.get(i)) {
                    created.add(fresh.get(i).id());
                } else {
                    lost.add(fresh.get(i));
                }
            }
            if (!lost.isEmpty()) {
                // Created meanwhile by a concurrent call: report those as existing.
                Map<String, LeadId> now2 = new HashMap<>();
                for (Lead existing : leads.findMatching(ws, allPhones(lost), allEmails(lost))) {
                    keys(existing).forEach(k -> now2.putIfAbsent(k, existing.id()));
                }
                Map<LeadId, LeadId> actual = new HashMap<>();
                for (Lead l : lost) {
                    keys(l).stream().map(now2::get).filter(x -> x != null).findFirst().ifPresent(id -> actual.put(l.id(), id));
                }
                // entries matched against a lead of this call that lost its insert point at the lead that won instead
                existingIds.replaceAll(id -> actual.getOrDefault(id, id));
                lost.forEach(l -> {
                    if (actual.containsKey(l.id())) {
                        existingIds.add(actual.get(l.id()));
                    }
                });
            }
            audit.append(new AuditLog.Entry(Optional.of(ws), c.actor(), "lead.import", "lead", null, now, Map.of(
                    "created", Integer.toString(created.size()),
                    "duplicates", Integer.toString(existingIds.size()),
                    "invalid", Integer.toString(errors.size()))));
            return new ImportResult(created, existingIds, existingIds.size(), c.leads().size(), errors);
        });
    }

    private static Set<String> keys(Lead lead) {
        Set<String> keys = new LinkedHashSet<>();
        lead.phone().ifPresent(p -> keys.add("p:" + p.value()));
        lead.email().ifPresent(e -> keys.add("e:" + e.value()));
        lead.altPhones().forEach(p -> keys.add("p:" + p.value()));
        lead.altEmails().forEach(e -> keys.add("e:" + e.value()));
        return keys;
    }

    private static Set<E164Phone> allPhones(List<Lead> list) {
        Set<E164Phone> all = new HashSet<>();
        list.forEach(l -> {
            l.phone().ifPresent(all::add);
            all.addAll(l.altPhones());
        });
        return all;
    }

    private static Set<EmailAddress> allEmails(List<Lead> list) {
        Set<EmailAddress> all = new HashSet<>();
        list.forEach(l -> {
            l.email().ifPresent(all::add);
            all.addAll(l.altEmails());
        });
        return all;
    }

    private Lead build(WorkspaceId ws, LeadInput in, String region, Optional<String> listId, String source, Instant now,
            List<FieldError> errors) {
        Lead blank = new Lead(new LeadId(ids.newId()), ws, "", "", Optional.empty(), Optional.empty(), List.of(), List.of(),
                "", "", "", Map.of(), listId, source, now, now);
        return apply(blank, in, region, now, errors);
    }

    /** The lead with {@code in}'s present fields applied, or unchanged fields where {@code in} is absent. */
    private Lead apply(Lead base, LeadInput in, String region, Instant now, List<FieldError> errors) {
        String first = text(in.firstName(), base.firstName(), "firstName", MAX_TEXT, errors);
        String last = text(in.lastName(), base.lastName(), "lastName", MAX_TEXT, errors);
        String company = text(in.companyName(), base.companyName(), "companyName", MAX_TEXT, errors);
        String title = text(in.jobTitle(), base.jobTitle(), "jobTitle", MAX_TEXT, errors);
        String notes = text(in.notes(), base.notes(), "notes", MAX_NOTES, errors);
        Optional<E164Phone> phone = in.phone().isPresent() ? phone(in.phone().get(), region, "phone", errors) : base.phone();
        Optional<EmailAddress> email = in.email().isPresent() ? email(in.email().get(), "email", errors) : base.email();
        List<E164Phone> altPhones = new ArrayList<>(base.altPhones());
        for (int i = 0; i < in.altPhones().size(); i++) {
            int slot = i;
            in.altPhones().get(i).ifPresent(raw -> setSlot(altPhones, slot, phone(raw, region, "altPhone" + (slot + 1), errors)));
        }
        List<EmailAddress> altEmails = new ArrayList<>(base.altEmails());
        for (int i = 0; i < in.altEmails().size(); i++) {
            int slot = i;
            in.altEmails().get(i).ifPresent(raw -> setSlot(altEmails, slot, email(raw, "altEmail" + (slot + 1), errors)));
        }
        Map<String, String> custom = base.customFields();
        if (in.customFields().isPresent()) {
            Map<String, String> given = in.customFields().get();
            if (given.size() > MAX_CUSTOM_FIELDS) {
                errors.add(new FieldError("customFields", "customFields holds at most " + MAX_CUSTOM_FIELDS + " keys"));
            } else if (given.keySet().stream().anyMatch(k -> k.isEmpty() || k.length() > 100)) {
                errors.add(new FieldError("customFields", "customFields keys must be 1 to 100 characters"));
            } else if (given.values().stream().anyMatch(v -> v.length() > MAX_NOTES)) {
                errors.add(new FieldError("customFields", "customFields values must be at most " + MAX_NOTES + " characters"));
            } else {
                custom = given;
            }
        }
        Optional<String> listId = in.listId().isPresent()
                ? in.listId().map(String::strip).filter(s -> !s.isEmpty())
                : base.listId();
        if (!errors.isEmpty()) {
            return base;
        }
        return new Lead(base.id(), base.workspaceId(), first, last, phone, email,
                altPhones.stream().distinct().limit(Lead.MAX_ALTERNATES).toList(),
                altEmails.stream().distinct().limit(Lead.MAX_ALTERNATES).toList(),
                company, title, notes, custom, listId, base.source(), base.createdAt(), now, base.availability());
    }

    private static <T> void setSlot(List<T> list, int slot, Optional<T> value) {
        if (value.isEmpty()) {
            return;
        }
        if (slot < list.size()) {
            list.set(slot, value.get());
        } else {
            list.add(value.get());
        }
    }

    private static String text(Optional<String> given, String current, String field, int max, List<FieldError> errors) {
        if (given.isEmpty()) {
            return current;
        }
        String v = given.get().strip();
        if (v.length() > max) {
            errors.add(new FieldError(field, field + " must be at most " + max + " characters"));
        }
        return v;
    }

    private Optional<E164Phone> phone(String raw, String region, String field, List<FieldError> errors) {
        if (raw.isBlank()) {
            return Optional.empty();
        }
        Optional<E164Phone> p = phones.normalize(raw, region);
        if (p.isEmpty()) {
            errors.add(new FieldError(field, field + " is not a valid phone number"));
        }
        return p;
    }

    private static Optional<EmailAddress> email(String raw, String field, List<FieldError> errors) {
        if (raw.isBlank()) {
            return Optional.empty();
        }
        if (!EmailAddress.isValid(raw)) {
            errors.add(new FieldError(field, field + " is not a valid email address"));
            return Optional.empty();
        }
        return Optional.of(EmailAddress.parse(raw));
    }

    // ---- read

    private static LeadId id(String raw) {
        if (!ObjectIds.isValid(raw)) {
            throw UseCaseException.notFound("Lead");
        }
        return new LeadId(raw);
    }

    @Override
    public Lead get(Caller caller, String leadId) {
        return leads.findById(caller.workspace().id(), id(leadId)).orElseThrow(() -> UseCaseException.notFound("Lead"));
    }

    @Override
    public LeadPage search(Caller caller, Optional<String> search, Optional<String> listId, Optional<String> rawPage,
            Optional<String> rawLimit) {
        List<FieldError> errors = new ArrayList<>();
        int page = Paging.number(rawPage, "page", 1, 1, 1_000_000, errors);
        int limit = Paging.number(rawLimit, "limit", 50, 1, 100, errors);
        if (!errors.isEmpty()) {
            throw UseCaseException.invalid(errors);
        }
        var result = leads.search(caller.workspace().id(), search.map(String::strip).filter(s -> !s.isEmpty()),
                listId.filter(s -> !s.isEmpty()), (page - 1) * limit, limit);
        return new LeadPage(result.leads(), page, limit, result.total());
    }

    // ---- update

    @Override
    public Lead update(Caller caller, Actor actor, String leadId, LeadInput changes) {
        caller.requireWritable();
        // the body's own errors (400) come before the lookup (404), as the contract orders them: apply() checks only
        // the given values, so trying them on an empty lead finds exactly those errors
        Instant checkedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        List<FieldError> inputErrors = new ArrayList<>();
        apply(new Lead(new LeadId("000000000000000000000000"), caller.workspace().id(), "", "", Optional.empty(), Optional.empty(),
                List.of(), List.of(), "", "", "", Map.of(), Optional.empty(), "", checkedAt, checkedAt),
                changes, caller.workspace().defaultCountry(), checkedAt, inputErrors);
        if (!inputErrors.isEmpty()) {
            throw UseCaseException.invalid(inputErrors);
        }
        LeadId id = id(leadId);
        return tx.inTransaction(() -> {
            Lead current = leads.findById(caller.workspace().id(), id).orElseThrow(() -> UseCaseException.notFound("Lead"));
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            List<FieldError> errors = new ArrayList<>();
            Lead changed = apply(current, changes, caller.workspace().defaultCountry(), now, errors);
            if (errors.isEmpty() && changed.phone().isEmpty() && changed.email().isEmpty()) {
                // as on import: a lead nobody can be reached at is refused, not kept
                errors.add(new FieldError(changes.phone().isPresent() ? "phone" : "email", "a lead needs a phone or an email"));
            }
            if (!errors.isEmpty()) {
                throw UseCaseException.invalid(errors);
            }
            if (!leads.update(changed)) {
                throw UseCaseException.invalid(changes.phone().isPresent() ? "phone" : "email",
                        "another lead of this workspace already has this phone or email");
            }
            audit.append(new AuditLog.Entry(Optional.of(caller.workspace().id()), actor, "lead.update", "lead", id.value(),
                    now, Map.of()));
            return changed;
        });
    }

    // ---- delete

    @Override
    public int delete(Caller caller, Actor actor, List<String> leadIds) {
        caller.requireWritable();
        if (leadIds.size() > MAX_LEADS) {
            throw UseCaseException.invalid("ids", "ids must hold at most " + MAX_LEADS + " entries");
        }
        List<LeadId> valid = leadIds.stream().filter(ObjectIds::isValid).distinct().map(LeadId::new).toList();
        if (valid.isEmpty()) {
            return 0;
        }
        WorkspaceId ws = caller.workspace().id();
        return tx.inTransaction(() -> {
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            List<LeadId> deleted = leads.delete(ws, valid, now);
            if (!deleted.isEmpty()) {
                int cancelled = waiting.cancelForLeads(ws, deleted, "LEAD_DELETED", "The lead was deleted", now);
                for (LeadId id : deleted) {
                    audit.append(new AuditLog.Entry(Optional.of(ws), actor, "lead.delete", "lead", id.value(), now, Map.of()));
                }
                audit.append(new AuditLog.Entry(Optional.of(ws), actor, "message.cancel_for_deleted_leads", "workspace",
                        ws.value(), now, Map.of("cancelled", Integer.toString(cancelled))));
            }
            return deleted.size();
        });
    }
}
