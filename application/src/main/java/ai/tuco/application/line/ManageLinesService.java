package ai.tuco.application.line;

import ai.tuco.application.line.port.in.LineInput;
import ai.tuco.application.line.port.in.ListLinesQuery.LineWithUsage;
import ai.tuco.application.line.port.in.ManageLinesUseCase;
import ai.tuco.application.line.port.out.LineRepository;
import ai.tuco.application.provider.port.out.spi.LineContext;
import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.application.shared.port.out.AuditLog;
import ai.tuco.application.shared.port.out.ChangeNotices;
import ai.tuco.application.shared.port.out.PhoneNormalizer;
import ai.tuco.application.shared.port.out.TransactionRunner;
import ai.tuco.application.workspace.port.out.UserRepository;
import ai.tuco.domain.line.Line;
import ai.tuco.domain.shared.Actor;
import ai.tuco.domain.shared.LineId;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Reads and changes one line. A change keeps the sealed credentials unless new ones are given (required when the
 * provider changes); the audit row records whether they changed, not their value.
 */
public final class ManageLinesService implements ManageLinesUseCase {
    private final LineRepository lines;
    private final UserRepository users;
    private final PhoneNormalizer phones;
    private final AuditLog audit;
    private final TransactionRunner tx;
    private final ChangeNotices notices;
    private final Clock clock;
    private final LineLifecycle lifecycle;

    /** @param notices told inside a line's change, so every node drops the lines it cached for accepting (ADR 8) */
    public ManageLinesService(LineRepository lines, UserRepository users, PhoneNormalizer phones, AuditLog audit,
            TransactionRunner tx, ChangeNotices notices, Clock clock) {
        this(lines, users, phones, audit, tx, notices, clock, LineLifecycle.NONE);
    }

    /** @param lifecycle told of the change once it commits, with the line's context as it was before */
    public ManageLinesService(LineRepository lines, UserRepository users, PhoneNormalizer phones, AuditLog audit,
            TransactionRunner tx, ChangeNotices notices, Clock clock, LineLifecycle lifecycle) {
        this.lifecycle = lifecycle;
        this.lines = lines;
        this.users = users;
        this.phones = phones;
        this.audit = audit;
        this.tx = tx;
        this.notices = notices;
        this.clock = clock;
    }

    @Override
    public LineWithUsage get(Caller caller, LineId lineId) {
        return LineWrites.withUsage(lines, find(caller, lineId), clock);
    }

    @Override
    public LineWithUsage update(Caller caller, Actor actor, LineId lineId, LineInput changes) {
        caller.requireAdmin();
        caller.requireWritable();
        return tx.inTransaction(() -> {
            Line current = find(caller, lineId);
            LineSettings settings = LineSettings.check(Optional.of(current), changes, caller.workspace().defaultCountry(), phones);
            Line changed = settings.toLine(current.id(), current.workspaceId(), current.createdAt(),
                    clock.instant().truncatedTo(ChronoUnit.MILLIS));
            if (!changed.ownerUserId().equals(current.ownerUserId())) {
                LineWrites.requireOwnerExists(users, changed);
            }
            Optional<LineContext> previous = lifecycle.current(current);
            lines.update(changed, settings.config());
            tx.afterCommit(() -> lifecycle.saved(changed, previous));
            LineWrites.audit(audit, changed, actor, "line.update", settings.config().isPresent());
            notices.announce();
            return LineWrites.withUsage(lines, changed, clock);
        });
    }

    private Line find(Caller caller, LineId lineId) {
        return lines.findById(caller.workspace().id(), lineId).orElseThrow(() -> UseCaseException.notFound("Line"));
    }
}
