package ai.tuco.application.message;

import ai.tuco.application.idempotency.port.out.IdempotencyRepository;
import ai.tuco.application.lead.port.out.LeadRepository;
import ai.tuco.application.line.port.out.LineRepository;
import ai.tuco.application.message.port.in.SendMessageCommand;
import ai.tuco.application.message.port.in.SendMessageUseCase;
import ai.tuco.application.message.port.out.DispatchWakeup;
import ai.tuco.application.message.port.out.MessageRepository;
import ai.tuco.application.shared.ExpiringCache;
import ai.tuco.application.shared.GroupCommit;
import ai.tuco.application.shared.WorkspaceLines;
import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.application.shared.port.out.IdGenerator;
import ai.tuco.application.shared.port.out.PhoneNormalizer;
import ai.tuco.application.shared.port.out.TransactionRunner;
import ai.tuco.domain.line.Line;
import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.shared.MessageId;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadFactory;

/**
 * Accepts messages. A request is validated on its own thread, given its message id, then written with the accepts that
 * arrived meanwhile in one transaction (group commit, ADR 22): the line resolved or chosen, the lead matched or created,
 * the message, its first event, its dispatch-queue row, its audit row and its Idempotency-Key answer. The request is
 * answered once that transaction has committed. Nothing is sent here; dispatchers pick the queue rows up.
 */
public final class SendMessageService implements SendMessageUseCase, AutoCloseable {
    /**
     * A bulk call is written in chunks of this many messages, one transaction each: as many as a call may hold, so one
     * transaction and one commit per call (ADR 36).
     */
    static final int BULK_CHUNK = 1000;

    /**
     * How accepts are grouped.
     *
     * @param writers transactions written at once; 0 writes each accept alone on the caller's thread
     * @param maxBatch accepts in one transaction at most
     * @param linger how long a short batch waits for more accepts (an idle writer takes a lone accept at once)
     */
    public record Batching(int writers, int maxBatch, Duration linger, ThreadFactory threads) {
        /** Each accept alone, on the caller's thread. */
        public static Batching inline() {
            return new Batching(0, 1, Duration.ZERO, Thread::new);
        }
    }

    private final MessageRequestValidator validator;
    private final AcceptBatch batch;
    private final IdGenerator ids;
    private final DispatchWakeup wakeup;
    private final GroupCommit<AcceptBatch.Item, Outcome> group;

    /**
     * @param wakeup told after each accepting transaction commits, never inside it
     * @param recentLines lines named by {@code fromLineId}, reused for a short time (ADR 8): a line deactivated through
     *     another node may still take messages for that long, and they wait in the queue like any message of an
     *     inactive line
     * @param workspaceLines each workspace's lines and their health, reused as briefly, for accepts without a line
     */
    public SendMessageService(
            MessageRepository messages,
            LeadRepository leads,
            LineRepository lines,
            IdempotencyRepository keys,
            PhoneNormalizer phones,
            TransactionRunner tx,
            IdGenerator ids,
            Clock clock,
            DispatchWakeup wakeup,
            ExpiringCache<String, Line> recentLines,
            ExpiringCache<String, WorkspaceLines> workspaceLines,
            Batching batching) {
        this.ids = ids;
        this.wakeup = wakeup;
        this.validator = new MessageRequestValidator(phones);
        this.batch = new AcceptBatch(messages, leads, lines, keys, tx, clock, new LineChoice(lines, recentLines, workspaceLines),
                new LeadForMessage(leads, ids));
        this.group = batching.writers() == 0 ? null
                : new GroupCommit<>(this::write, batching.writers(), batching.maxBatch(), batching.linger(), batching.threads());
    }

    @Override
    public Reply send(SendMessageCommand command) {
        command.caller().requireWritable();
        AcceptBatch.Item item = item(command);
        return (group == null ? write(List.of(item)).get(0) : group.submit(item)).orThrow();
    }

    @Override
    public List<Outcome> sendAll(List<SendMessageCommand> commands) {
        commands.stream().findFirst().ifPresent(c -> c.caller().requireWritable());
        Outcome[] outcomes = new Outcome[commands.size()];
        List<AcceptBatch.Item> valid = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < commands.size(); i++) {
            try {
                valid.add(item(commands.get(i)));
                positions.add(i);
            } catch (UseCaseException e) {
                outcomes[i] = Outcome.failed(e);
            }
        }
        for (int from = 0; from < valid.size(); from += BULK_CHUNK) {
            int to = Math.min(valid.size(), from + BULK_CHUNK);
            List<Outcome> written = write(valid.subList(from, to));
            for (int k = from; k < to; k++) {
                outcomes[positions.get(k)] = written.get(k - from);
            }
        }
        return Arrays.asList(outcomes);
    }

    private AcceptBatch.Item item(SendMessageCommand command) {
        return new AcceptBatch.Item(command, validator.validate(command), new MessageId(ids.newId()), new LeadId(ids.newId()));
    }

    private List<Outcome> write(List<AcceptBatch.Item> items) {
        List<Outcome> outcomes = batch.write(items);
        if (outcomes.stream().anyMatch(o -> o.reply().isPresent())) {
            wakeup.wake();
        }
        return outcomes;
    }

    /** Writes the accepts that have queued, then takes no more. */
    @Override
    public void close() {
        if (group != null) {
            group.close();
        }
    }
}
