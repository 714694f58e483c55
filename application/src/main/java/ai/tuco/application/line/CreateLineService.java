package ai.tuco.application.line;

import ai.tuco.application.line.port.in.CreateLineUseCase;
import ai.tuco.application.line.port.in.ListLinesQuery.LineWithUsage;
import ai.tuco.application.line.port.out.LineRepository;
import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.application.shared.port.out.AuditLog;
import ai.tuco.application.shared.port.out.IdGenerator;
import ai.tuco.application.shared.port.out.PhoneNormalizer;
import ai.tuco.application.shared.port.out.TransactionRunner;
import ai.tuco.application.workspace.port.out.UserRepository;
import ai.tuco.domain.line.Line;
import ai.tuco.domain.shared.Actor;
import ai.tuco.domain.shared.LineId;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

/**
 * Adds lines. Provider credentials are validated per provider, handed to the repository to be sealed, and never
 * returned; the audit row records that they were set, not their value.
 */
public final class CreateLineService implements CreateLineUseCase {
    private final LineRepository lines;
    private final UserRepository users;
    private final PhoneNormalizer phones;
    private final AuditLog audit;
    private final TransactionRunner tx;
    private final IdGenerator ids;
    private final Clock clock;
    private final LineLifecycle lifecycle;

    public CreateLineService(LineRepository lines, UserRepository users, PhoneNormalizer phones, AuditLog audit,
            TransactionRunner tx, IdGenerator ids, Clock clock) {
        this(lines, users, phones, audit, tx, ids, clock, LineLifecycle.NONE);
    }

    /** @param lifecycle told of the new line once it commits (its provider hooks and first health check) */
    public CreateLineService(LineRepository lines, UserRepository users, PhoneNormalizer phones, AuditLog audit,
            TransactionRunner tx, IdGenerator ids, Clock clock, LineLifecycle lifecycle) {
        this.lifecycle = lifecycle;
        this.lines = lines;
        this.users = users;
        this.phones = phones;
        this.audit = audit;
        this.tx = tx;
        this.ids = ids;
        this.clock = clock;
    }

    @Override
    public LineWithUsage create(Caller caller, Actor actor, CreateLineCommand command) {
        caller.requireAdmin();
        caller.requireWritable();
        LineSettings settings = LineSettings.check(Optional.empty(), command.fields(), caller.workspace().defaultCountry(), phones);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Line line = settings.toLine(command.id().orElseGet(() -> new LineId(ids.newId())), caller.workspace().id(), now, now);
        LineWrites.requireOwnerExists(users, line);
        return tx.inTransaction(() -> {
            lines.insert(line, settings.config().orElse(Map.of()));
            LineWrites.audit(audit, line, actor, "line.create", true);
            tx.afterCommit(() -> lifecycle.saved(line, Optional.empty()));
            return LineWrites.withUsage(lines, line, clock);
        });
    }
}
