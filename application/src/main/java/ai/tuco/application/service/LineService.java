package ai.tuco.application.service;

import ai.tuco.application.port.in.CreateLineUseCase;
import ai.tuco.application.port.in.UseCaseException;
import ai.tuco.application.port.out.AuditLog;
import ai.tuco.application.port.out.IdGenerator;
import ai.tuco.application.port.out.LineRepository;
import ai.tuco.application.port.out.PhoneNormalizer;
import ai.tuco.application.port.out.TransactionRunner;
import ai.tuco.application.port.out.WorkspaceRepository;
import ai.tuco.domain.line.Line;
import ai.tuco.domain.line.LineCaps;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.E164Phone;
import ai.tuco.domain.shared.EmailAddress;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.workspace.Workspace;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Adds lines to workspaces. */
public final class LineService implements CreateLineUseCase {
    private final LineRepository lines;
    private final WorkspaceRepository workspaces;
    private final PhoneNormalizer phones;
    private final AuditLog audit;
    private final TransactionRunner tx;
    private final IdGenerator ids;
    private final Clock clock;

    public LineService(
            LineRepository lines,
            WorkspaceRepository workspaces,
            PhoneNormalizer phones,
            AuditLog audit,
            TransactionRunner tx,
            IdGenerator ids,
            Clock clock) {
        this.lines = lines;
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
            Instant now = clock.instant();
            Line line = new Line(
                    command.id().orElseGet(() -> new LineId(ids.newId())),
                    workspace.id(),
                    command.name(),
                    phone,
                    email,
                    "",
                    "",
                    true,
                    command.channels(),
                    command.provider(),
                    Optional.empty(),
                    0,
                    LineCaps.DEFAULTS,
                    now,
                    now);
            lines.insert(line, command.providerConfig());
            audit.append(new AuditLog.Entry(
                    Optional.of(workspace.id()), command.actor(), "line.create", "line", line.id().value(), now,
                    Map.of("provider", line.provider().wireName(), "providerConfigChanged", "true")));
            return line.id();
        });
    }
}
