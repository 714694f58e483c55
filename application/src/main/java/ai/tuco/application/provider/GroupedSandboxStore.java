package ai.tuco.application.provider;

import ai.tuco.application.provider.port.out.SandboxStore;
import ai.tuco.application.shared.GroupCommit;
import ai.tuco.domain.shared.MessageId;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The sandbox's store with its sends written in groups (ADR 26): a send made while another is being written waits and
 * shares the next statement, so the sends of many lines cost one transaction. The send threads take turns writing
 * ({@link GroupCommit#byCallers}, at most {@value #MAX_GROUP} sends a statement); each returns once the statement holding
 * its send has committed. If it fails, every send in it fails, as a lone statement would: the caller cannot tell whether
 * it committed, and writing it again alone could record the send twice.
 */
public final class GroupedSandboxStore implements SandboxStore {
    static final int MAX_GROUP = 100;

    private final SandboxStore store;
    private final GroupCommit<Recorded, Boolean> group;

    public GroupedSandboxStore(SandboxStore store) {
        this.store = store;
        this.group = GroupCommit.byCallers(this::writeAll, MAX_GROUP);
    }

    private List<Boolean> writeAll(List<Recorded> sends) {
        store.recordSends(sends);
        return Collections.nCopies(sends.size(), Boolean.TRUE);
    }

    /** How many sends wait for the statement being written. */
    public int waiting() {
        return group.queued();
    }

    /** Each send waits for the group holding it. */
    @Override
    public void recordSend(Send send, Optional<Later> later) {
        group.submit(new Recorded(send, later));
    }

    /** Already a group: written at once, as one statement. */
    @Override
    public void recordSends(List<Recorded> sends) {
        store.recordSends(sends);
    }

    @Override
    public int sendCount(MessageId id) {
        return store.sendCount(id);
    }

    @Override
    public Optional<String> acceptedExternalId(MessageId id) {
        return store.acceptedExternalId(id);
    }

    @Override
    public List<Outcome> takeDue(Instant now, int limit, Instant hideUntil) {
        return store.takeDue(now, limit, hideUntil);
    }

    @Override
    public void done(List<Long> outcomeIds) {
        store.done(outcomeIds);
    }
}
