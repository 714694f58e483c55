package ai.tuco.application.lead;

import ai.tuco.application.lead.port.in.ImportLeadsUseCase;
import ai.tuco.application.lead.port.out.LeadRepository;
import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.application.shared.port.out.AuditLog;
import ai.tuco.application.shared.port.out.IdGenerator;
import ai.tuco.application.shared.port.out.PhoneNormalizer;
import ai.tuco.application.shared.port.out.TransactionRunner;
import ai.tuco.domain.lead.Lead;
import ai.tuco.domain.shared.E164Phone;
import ai.tuco.domain.shared.EmailAddress;
import ai.tuco.domain.shared.LeadId;
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
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** Bulk lead import, deduplicated by phone and email against the workspace and within the call. */
public final class ImportLeadsService implements ImportLeadsUseCase {
    private final LeadRepository leads;
    private final LeadFields fields;
    private final PhoneNormalizer phones;
    private final AuditLog audit;
    private final TransactionRunner tx;
    private final IdGenerator ids;
    private final Clock clock;

    public ImportLeadsService(LeadRepository leads, PhoneNormalizer phones, AuditLog audit, TransactionRunner tx,
            IdGenerator ids, Clock clock) {
        this.leads = leads;
        this.fields = new LeadFields(phones);
        this.phones = phones;
        this.audit = audit;
        this.tx = tx;
        this.ids = ids;
        this.clock = clock;
    }

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
        for (int i = 0; i < c.leads().size(); i++) {
            int index = i;
            LeadFields.Checked checked = fields.check(c.leads().get(i), region);
            checked.errors().forEach(e -> errors.add(new EntryError(index, "leads[" + index + "]." + e.field(), e.message())));
            checked.changes().map(changes -> LeadFields.newLead(changes, new LeadId(ids.newId()), ws, c.listId(), source, now))
                    .ifPresent(lead -> {
                        if (lead.hasPhoneOrEmail()) {
                            candidates.add(lead);
                        } else {
                            errors.add(new EntryError(index, "leads[" + index + "].phone", Lead.NEEDS_AN_ADDRESS));
                        }
                    });
        }
        if (candidates.isEmpty()) {
            // nothing valid to save: write nothing, not even an audit row
            return new ImportResult(List.of(), List.of(), 0, c.leads().size(), errors);
        }
        return tx.inTransaction(() -> {
            Saved saved = save(ws, candidates);
            audit.append(new AuditLog.Entry(Optional.of(ws), c.actor(), "lead.import", "lead", null, now, Map.of(
                    "created", Integer.toString(saved.created().size()),
                    "duplicates", Integer.toString(saved.existing().size()),
                    "invalid", Integer.toString(errors.size()))));
            return new ImportResult(saved.created(), saved.existing(), saved.existing().size(), c.leads().size(), errors);
        });
    }

    /** @param created ids inserted, in input order; @param existing the lead each duplicate entry matched */
    private record Saved(List<LeadId> created, List<LeadId> existing) {}

    private Saved save(WorkspaceId ws, List<Lead> candidates) {
        Map<String, LeadId> known = owners(ws, candidates);
        List<Lead> fresh = new ArrayList<>();
        List<LeadId> existing = new ArrayList<>();
        for (Lead lead : candidates) {
            Optional<LeadId> match = match(lead, known);
            if (match.isPresent()) {
                existing.add(match.get());
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
            // created meanwhile by a concurrent call: report those as existing
            Map<String, LeadId> owners = owners(ws, lost);
            Map<LeadId, LeadId> winner = new HashMap<>();
            lost.forEach(l -> match(l, owners).ifPresent(id -> winner.put(l.id(), id)));
            // entries matched against a lead of this call that lost its insert point at the lead that won instead
            existing.replaceAll(id -> winner.getOrDefault(id, id));
            lost.stream().map(l -> winner.get(l.id())).filter(Objects::nonNull).forEach(existing::add);
        }
        return new Saved(created, existing);
    }

    /** Which live lead of the workspace holds each phone and email of {@code batch} ("p:+1..." / "e:a@b"). */
    private Map<String, LeadId> owners(WorkspaceId ws, List<Lead> batch) {
        Set<E164Phone> phonesOfBatch = new HashSet<>();
        Set<EmailAddress> emailsOfBatch = new HashSet<>();
        batch.forEach(l -> {
            l.phone().ifPresent(phonesOfBatch::add);
            phonesOfBatch.addAll(l.altPhones());
            l.email().ifPresent(emailsOfBatch::add);
            emailsOfBatch.addAll(l.altEmails());
        });
        Map<String, LeadId> owners = new HashMap<>();
        for (Lead existing : leads.findMatching(ws, phonesOfBatch, emailsOfBatch)) {
            keys(existing).forEach(k -> owners.putIfAbsent(k, existing.id()));
        }
        return owners;
    }

    private static Optional<LeadId> match(Lead lead, Map<String, LeadId> owners) {
        return keys(lead).stream().map(owners::get).filter(Objects::nonNull).findFirst();
    }

    private static Set<String> keys(Lead lead) {
        Set<String> keys = new LinkedHashSet<>();
        lead.phone().ifPresent(p -> keys.add("p:" + p.value()));
        lead.email().ifPresent(e -> keys.add("e:" + e.value()));
        lead.altPhones().forEach(p -> keys.add("p:" + p.value()));
        lead.altEmails().forEach(e -> keys.add("e:" + e.value()));
        return keys;
    }
}
