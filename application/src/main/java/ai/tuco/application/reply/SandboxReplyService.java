package ai.tuco.application.reply;

import ai.tuco.application.line.port.out.LineRepository;
import ai.tuco.application.reply.port.in.IncomingReply;
import ai.tuco.application.reply.port.in.RecordReplyUseCase;
import ai.tuco.application.reply.port.in.SimulateReplyUseCase;
import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.application.shared.port.in.FieldError;
import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.application.shared.port.out.IdGenerator;
import ai.tuco.domain.line.Line;
import ai.tuco.domain.reply.Reply;
import ai.tuco.domain.shared.Actor;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.shared.ObjectIds;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The sandbox's simulated reply: checked, then recorded like any provider's, with a made-up provider id. */
public final class SandboxReplyService implements SimulateReplyUseCase {
    static final String SANDBOX = "sandbox";

    private final RecordReplyUseCase record;
    private final LineRepository lines;
    private final IdGenerator ids;
    private final Clock clock;

    public SandboxReplyService(RecordReplyUseCase record, LineRepository lines, IdGenerator ids, Clock clock) {
        this.record = record;
        this.lines = lines;
        this.ids = ids;
        this.clock = clock;
    }

    @Override
    public RecordReplyUseCase.Recorded simulate(Caller caller, Actor actor, Optional<String> lineId, Optional<String> from,
            Optional<String> message) {
        caller.requireAdmin();
        caller.requireWritable();
        List<FieldError> errors = new ArrayList<>();
        Optional<Line> line = Optional.empty();
        if (lineId.isEmpty() || lineId.get().isBlank()) {
            errors.add(new FieldError("lineId", "lineId is required: a sandbox line of the workspace"));
        } else {
            line = Optional.of(lineId.get().strip()).filter(ObjectIds::isValid)
                    .flatMap(id -> lines.findById(caller.workspace().id(), new LineId(id)));
            if (line.isEmpty()) {
                errors.add(new FieldError("lineId", "lineId names no line of this workspace"));
            } else if (!SANDBOX.equals(line.get().provider().wireName())) {
                errors.add(new FieldError("lineId", "replies can be simulated on sandbox lines only; this line's provider is "
                        + line.get().provider().wireName()));
            }
        }
        if (from.isEmpty() || from.get().isBlank()) {
            errors.add(new FieldError("from", "from is required: the phone number or email address that replies"));
        }
        if (message.isEmpty()) {
            errors.add(new FieldError("message", "message is required: the reply's text"));
        } else if (message.get().length() > Reply.MAX_TEXT) {
            errors.add(new FieldError("message", "message must be at most " + Reply.MAX_TEXT + " characters"));
        }
        if (!errors.isEmpty()) {
            throw UseCaseException.invalid(errors);
        }
        IncomingReply reply = new IncomingReply("sandbox-" + ids.newId(), from.get(), message.get(), List.of(),
                clock.instant(), Optional.empty());
        try {
            return record.record(new RecordReplyUseCase.RecordReplyCommand(caller.workspace().id(), line.get().id(), reply, actor));
        } catch (UseCaseException e) {
            if (e.kind() == UseCaseException.Kind.INVALID && e.details().stream().anyMatch(d -> d.field().equals("fromAddress"))) {
                throw UseCaseException.invalid("from", "from must be a phone number or an email address");
            }
            throw e;
        }
    }
}
