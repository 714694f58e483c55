package ai.tuco.application.line;

import ai.tuco.application.line.port.in.CreateLineUseCase;
import ai.tuco.application.line.port.in.LineInput;
import ai.tuco.application.line.port.in.ListLinesQuery.LineWithUsage;
import ai.tuco.application.line.port.in.ManageLinesUseCase;
import ai.tuco.application.line.port.out.LineRepository;
import ai.tuco.application.provider.ProviderConfigRules;
import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.application.shared.port.in.FieldError;
import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.application.shared.port.out.AuditLog;
import ai.tuco.application.shared.port.out.ChangeNotices;
import ai.tuco.application.shared.port.out.IdGenerator;
import ai.tuco.application.shared.port.out.PhoneNormalizer;
import ai.tuco.application.shared.port.out.TransactionRunner;
import ai.tuco.application.workspace.port.out.UserRepository;
import ai.tuco.application.workspace.port.out.WorkspaceRepository;
import ai.tuco.domain.line.Line;
import ai.tuco.domain.line.LineCaps;
import ai.tuco.domain.line.Provider;
import ai.tuco.domain.shared.Actor;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.E164Phone;
import ai.tuco.domain.shared.EmailAddress;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.shared.ObjectIds;
import ai.tuco.domain.shared.UserId;
import ai.tuco.domain.workspace.Workspace;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Adds and changes lines. Provider credentials are validated per provider, handed to the repository to be sealed,
 * and never returned; the audit row records that they changed, not their value.
 */
public final class LineService implements CreateLineUseCase, ManageLinesUseCase {
    static final int MAX_CAP = 1_000_000;
    static final int MAX_PACING = 86_400;

    private final LineRepository lines;
    private final UserRepository users;
    private final WorkspaceRepository workspaces;
    private final PhoneNormalizer phones;
    private final AuditLog audit;
    private final TransactionRunner tx;
    private final IdGenerator ids;
    private final ChangeNotices notices;
    private final Clock clock;

    /** @param notices told inside a line's change, so every node drops the lines it cached for accepting (ADR 8) */
    public LineService(LineRepository lines, UserRepository users, WorkspaceRepository workspaces, PhoneNormalizer phones,
            AuditLog audit, TransactionRunner tx, IdGenerator ids, Clock clock, ChangeNotices notices) {
        this.notices = notices;
        this.lines = lines;
        this.users = users;
        this.workspaces = workspaces;
        this.phones = phones;
        this.audit = audit;
        this.tx = tx;
        this.ids = ids;
        this.clock = clock;
    }

    @Override
    public LineId create(CreateLineCommand command) {
        return tx.inTransaction(() -> {
            Workspace workspace = workspaces.findById(command.workspaceId())
                    .orElseThrow(() -> UseCaseException.notFound("Workspace"));
            Optional<E164Phone> phone = Optional.empty();
            Optional<EmailAddress> email = Optional.empty();
            if (command.address().isPresent()) {
                String raw = command.address().get();
                if (command.channels().equals(Set.of(Channel.EMAIL))) {
                    if (!EmailAddress.isValid(raw)) {
                        throw UseCaseException.invalid("address", "address must be an email address for an email line");
                    }
                    email = Optional.of(EmailAddress.parse(raw));
                } else {
                    phone = Optional.of(phones.normalize(raw, workspace.defaultCountry())
                            .orElseThrow(() -> UseCaseException.invalid("address", "address must be a phone number")));
                }
            }
            Instant now = now();
            Line line = new Line(command.id().orElseGet(() -> new LineId(ids.newId())), workspace.id(), command.name(), phone,
                    email, "", "", true, command.channels(), command.provider(), Optional.empty(), 0, LineCaps.DEFAULTS, now, now);
            lines.insert(line, command.providerConfig());
            audited(line, command.actor(), "line.create", true, now);
            return line.id();
        });
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private void audited(Line line, Actor actor, String action, boolean configChanged, Instant now) {
        Map<String, String> detail = new HashMap<>();
        detail.put("provider", line.provider().wireName());
        detail.put("providerConfigChanged", Boolean.toString(configChanged));
        audit.append(new AuditLog.Entry(Optional.of(line.workspaceId()), actor, action, "line", line.id().value(), now, detail));
    }

    private static LineId id(String raw) {
        if (!ObjectIds.isValid(raw)) {
            throw UseCaseException.notFound("Line");
        }
        return new LineId(raw);
    }

    @Override
    public LineWithUsage get(Caller caller, String lineId) {
        return withUsage(lines.findById(caller.workspace().id(), id(lineId)).orElseThrow(() -> UseCaseException.notFound("Line")));
    }

    private LineWithUsage withUsage(Line line) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        var usage = lines.dailyUsage(line.workspaceId(), today).getOrDefault(line.id(), new LineRepository.Usage(0, 0));
        return new LineWithUsage(line, today, usage.newConversations(), usage.totalMessages());
    }

    @Override
    public LineWithUsage create(Caller caller, Actor actor, LineInput in) {
        caller.requireAdmin();
        caller.requireWritable();
        List<FieldError> errors = new ArrayList<>();
        if (in.provider().isEmpty()) {
            errors.add(new FieldError("provider", "provider is required: sandbox, bluebubbles, twilio or smtp"));
        }
        if (in.channels().isEmpty()) {
            errors.add(new FieldError("channels", "channels is required: one or more of imessage, sms, email"));
        }
        Instant now = now();
        Line blank = new Line(new LineId(ids.newId()), caller.workspace().id(), "", Optional.empty(), Optional.empty(), "", "",
                true, Set.of(Channel.IMESSAGE), Provider.SANDBOX, Optional.empty(), 0, LineCaps.DEFAULTS, now, now);
        Changed changed = apply(blank, in, caller.workspace().defaultCountry(), true, now, errors);
        if (!errors.isEmpty()) {
            throw UseCaseException.invalid(errors);
        }
        requireOwnerExists(changed.line());
        return tx.inTransaction(() -> {
            lines.insert(changed.line(), changed.config().orElse(Map.of()));
            audited(changed.line(), actor, "line.create", true, now);
            return withUsage(changed.line());
        });
    }

    @Override
    public LineWithUsage update(Caller caller, Actor actor, String lineId, LineInput in) {
        caller.requireAdmin();
        caller.requireWritable();
        LineId id = id(lineId);
        return tx.inTransaction(() -> {
            Line current = lines.findById(caller.workspace().id(), id).orElseThrow(() -> UseCaseException.notFound("Line"));
            List<FieldError> errors = new ArrayList<>();
            Instant now = now();
            Changed changed = apply(current, in, caller.workspace().defaultCountry(), false, now, errors);
            if (!errors.isEmpty()) {
                throw UseCaseException.invalid(errors);
            }
            if (!changed.line().ownerUserId().equals(current.ownerUserId())) {
                requireOwnerExists(changed.line());
            }
            lines.update(changed.line(), changed.config());
            audited(changed.line(), actor, "line.update", changed.config().isPresent(), now);
            notices.announce();
            return withUsage(changed.line());
        });
    }

    private void requireOwnerExists(Line line) {
        if (line.ownerUserId().isPresent() && !users.exists(line.workspaceId(), line.ownerUserId().get())) {
            throw UseCaseException.notFound("User");
        }
    }

    /** A line after changes, and its new provider configuration when one was given. */
    private record Changed(Line line, Optional<Map<String, String>> config) {}

    private Changed apply(Line base, LineInput in, String region, boolean creating, Instant now, List<FieldError> errors) {
        Provider provider = in.provider().map(p -> Provider.fromWire(p).orElseGet(() -> {
            errors.add(new FieldError("provider", "provider must be sandbox, bluebubbles, twilio or smtp"));
            return null;
        })).orElse(base.provider());
        Set<Channel> channels = base.channels();
        if (in.channels().isPresent()) {
            channels = EnumSet.noneOf(Channel.class);
            for (String c : in.channels().get()) {
                Optional<Channel> ch = Channel.fromWire(c);
                if (ch.isEmpty()) {
                    errors.add(new FieldError("channels", "channels entries must be imessage, sms or email"));
                } else {
                    channels.add(ch.get());
                }
            }
            if (in.channels().get().isEmpty()) {
                errors.add(new FieldError("channels", "channels must not be empty"));
            }
        }
        if (provider != null && !channels.isEmpty() && !ProviderConfigRules.channels(provider).containsAll(channels)) {
            errors.add(new FieldError("channels", provider.wireName() + " lines can send " + ProviderConfigRules.channels(provider)
                    .stream().map(Channel::wireName).sorted().toList() + " only"));
        }
        Optional<Map<String, String>> config = Optional.empty();
        boolean providerChanged = provider != null && provider != base.provider();
        if (in.providerConfig().isPresent() || creating || providerChanged) {
            if (provider != null) {
                config = Optional.of(ProviderConfigRules.validate(provider, in.providerConfig().orElse(Map.of()), errors));
            }
        }
        Optional<E164Phone> phone = base.phone();
        if (in.phone().isPresent()) {
            phone = in.phone().get().isBlank() ? Optional.empty() : phones.normalize(in.phone().get(), region);
            if (!in.phone().get().isBlank() && phone.isEmpty()) {
                errors.add(new FieldError("phone", "phone is not a valid phone number"));
            }
        }
        Optional<EmailAddress> email = base.email();
        if (in.email().isPresent()) {
            if (in.email().get().isBlank()) {
                email = Optional.empty();
            } else if (EmailAddress.isValid(in.email().get())) {
                email = Optional.of(EmailAddress.parse(in.email().get()));
            } else {
                errors.add(new FieldError("email", "email is not a valid email address"));
            }
        }
        if (channels.contains(Channel.SMS) && phone.isEmpty() && errors.isEmpty()) {
            errors.add(new FieldError("phone", "an sms line needs a phone number"));
        }
        if (channels.contains(Channel.EMAIL) && email.isEmpty() && errors.isEmpty()) {
            errors.add(new FieldError("email", "an email line needs an email address"));
        }
        if (channels.contains(Channel.IMESSAGE) && phone.isEmpty() && email.isEmpty() && errors.isEmpty()) {
            errors.add(new FieldError("phone", "an imessage line needs a phone number or an email address"));
        }
        Optional<UserId> owner = base.ownerUserId();
        if (in.ownerUserId().isPresent()) {
            String raw = in.ownerUserId().get();
            if (raw.isEmpty()) {
                owner = Optional.empty();
            } else if (ObjectIds.isValid(raw)) {
                owner = Optional.of(new UserId(raw));
            } else {
                errors.add(new FieldError("ownerUserId", "ownerUserId must be a 24-character hex id"));
            }
        }
        int pacing = number(in, "pacingSeconds", base.pacingSeconds(), MAX_PACING, errors);
        int dailyNew = number(in, "dailyNewConversationsLimit", base.caps().dailyNewConversations(), MAX_CAP, errors);
        int dailyTotal = number(in, "dailyTotalMessagesLimit", base.caps().dailyTotalMessages(), MAX_CAP, errors);
        int hourlyNew = number(in, "hourlyNewConversationsLimit", base.caps().hourlyNewConversations(), MAX_CAP, errors);
        String name = text(in.name(), base.name(), "name", errors);
        String first = text(in.firstName(), base.firstName(), "firstName", errors);
        String last = text(in.lastName(), base.lastName(), "lastName", errors);
        if (!errors.isEmpty()) {
            return new Changed(base, Optional.empty());
        }
        Line line = new Line(base.id(), base.workspaceId(), name, phone, email, first, last, in.isActive().orElse(base.active()),
                channels, provider, owner, pacing, new LineCaps(dailyNew, dailyTotal, hourlyNew), base.createdAt(), now);
        return new Changed(line, config);
    }

    private static int number(LineInput in, String field, int current, int max, List<FieldError> errors) {
        Long v = in.numbers().get(field);
        if (v == null) {
            return current;
        }
        if (v < 0 || v > max) {
            errors.add(new FieldError(field, field + " must be a whole number from 0 to " + max));
            return current;
        }
        return v.intValue();
    }

    private static String text(Optional<String> given, String current, String field, List<FieldError> errors) {
        if (given.isEmpty()) {
            return current;
        }
        if (given.get().length() > 200) {
            errors.add(new FieldError(field, field + " must be at most 200 characters"));
        }
        return given.get().strip();
    }
}
