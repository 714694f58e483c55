package ai.tuco.application.lead;

import ai.tuco.application.lead.port.in.DeleteLeadsUseCase;
import ai.tuco.application.lead.port.out.LeadRepository;
import ai.tuco.application.lead.port.out.WaitingMessages;
import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.application.shared.port.out.AuditLog;
import ai.tuco.application.shared.port.out.TransactionRunner;
import ai.tuco.domain.shared.Actor;
import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.shared.WorkspaceId;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Deletes leads (kept for message history, no longer found) and cancels their messages still waiting. */
public final class DeleteLeadsService implements DeleteLeadsUseCase {
    private final LeadRepository leads;
    private final WaitingMessages waiting;
    private final AuditLog audit;
    private final TransactionRunner tx;
    private final Clock clock;

    public DeleteLeadsService(LeadRepository leads, WaitingMessages waiting, AuditLog audit, TransactionRunner tx, Clock clock) {
        this.leads = leads;
        this.waiting = waiting;
        this.audit = audit;
        this.tx = tx;
        this.clock = clock;
    }

    @Override
    public int delete(Caller caller, Actor actor, List<LeadId> leadIds) {
        caller.requireWritable();
        if (leadIds.size() > MAX_IDS) {
            throw UseCaseException.invalid("ids", "ids must hold at most " + MAX_IDS + " entries");
        }
        List<LeadId> distinct = leadIds.stream().distinct().toList();
        if (distinct.isEmpty()) {
            return 0;
        }
        WorkspaceId ws = caller.workspace().id();
        return tx.inTransaction(() -> {
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            List<LeadId> deleted = leads.delete(ws, distinct, now);
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
