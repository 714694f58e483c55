package ai.tuco.application.donotcontact;

import ai.tuco.application.donotcontact.port.in.DoNotContactUseCase;
import ai.tuco.application.donotcontact.port.out.DoNotContactRepository;
import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.application.shared.port.in.FieldError;
import ai.tuco.application.shared.port.in.PageRequest;
import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.application.shared.port.out.AuditLog;
import ai.tuco.application.shared.port.out.IdGenerator;
import ai.tuco.application.shared.port.out.PhoneNormalizer;
import ai.tuco.application.shared.port.out.TransactionRunner;
import ai.tuco.domain.lead.DoNotContact;
import ai.tuco.domain.shared.Actor;
import ai.tuco.domain.shared.DoNotContactId;
import ai.tuco.domain.shared.E164Phone;
import ai.tuco.domain.shared.EmailAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Keeps the do-not-contact list; addresses are normalised so a listed number matches however it is written. */
public final class DoNotContactService implements DoNotContactUseCase {
    private final DoNotContactRepository entries;
    private final PhoneNormalizer phones;
    private final AuditLog audit;
    private final TransactionRunner tx;
    private final IdGenerator ids;
    private final Clock clock;

    public DoNotContactService(DoNotContactRepository entries, PhoneNormalizer phones, AuditLog audit, TransactionRunner tx,
            IdGenerator ids, Clock clock) {
        this.entries = entries;
        this.phones = phones;
        this.audit = audit;
        this.tx = tx;
        this.ids = ids;
        this.clock = clock;
    }

    @Override
    public Added add(Caller caller, Actor actor, Optional<String> phone, Optional<String> email, Optional<String> reason) {
        caller.requireWritable();
        // every broken field is reported at once
        List<FieldError> errors = new ArrayList<>();
        if (phone.isPresent() == email.isPresent()) {
            errors.add(new FieldError("phone", "give exactly one of phone or email"));
        }
        Optional<E164Phone> p = phone.flatMap(raw -> phones.normalize(raw, caller.workspace().defaultCountry()));
        if (phone.isPresent() && p.isEmpty()) {
            errors.add(new FieldError("phone", "phone is not a valid phone number"));
        }
        Optional<EmailAddress> e = email.filter(EmailAddress::isValid).map(EmailAddress::parse);
        if (email.isPresent() && e.isEmpty()) {
            errors.add(new FieldError("email", "email is not a valid email address"));
        }
        String why = reason.map(String::strip).orElse("");
        if (why.length() > 500) {
            errors.add(new FieldError("reason", "reason must be at most 500 characters"));
        }
        if (!errors.isEmpty()) {
            throw UseCaseException.invalid(errors);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        DoNotContact entry = new DoNotContact(new DoNotContactId(ids.newId()), caller.workspace().id(), p, e, why, "api", now);
        return tx.inTransaction(() -> {
            // a concurrent removal between the refused insert and the lookup is retried; three rounds are plenty
            for (int round = 0; round < 3; round++) {
                if (entries.insert(entry)) {
                    audit.append(new AuditLog.Entry(Optional.of(caller.workspace().id()), actor, "dnc.add", "dnc", entry.id().value(),
                            now, Map.of("reason", why)));
                    return new Added(entry, true);
                }
                Optional<DoNotContact> existing = entries.findByAddress(caller.workspace().id(), p, e);
                if (existing.isPresent()) {
                    return new Added(existing.get(), false);
                }
            }
            throw new IllegalStateException("do-not-contact entry neither inserted nor found");
        });
    }

    @Override
    public DncPage list(Caller caller, Optional<String> search, PageRequest page) {
        var result = entries.list(caller.workspace().id(), search, page.offset(), page.limit());
        return new DncPage(result.entries(), page.page(), page.limit(), result.total());
    }

    @Override
    public void remove(Caller caller, Actor actor, DoNotContactId id) {
        caller.requireWritable();
        tx.run(() -> {
            if (!entries.delete(caller.workspace().id(), id)) {
                throw UseCaseException.notFound("Do-not-contact entry");
            }
            audit.append(new AuditLog.Entry(Optional.of(caller.workspace().id()), actor, "dnc.remove", "dnc", id.value(),
                    clock.instant(), Map.of()));
        });
    }
}
