package ai.tuco.application.lead.port.out;

import ai.tuco.domain.lead.Lead;
import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.shared.WorkspaceId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Reads a workspace's live leads newest first by (createdAt, id), a keyset page at a time (exports). */
public interface LeadPages {
    /**
     * @param search matched as {@link LeadRepository#search} matches it
     * @param after the last lead of the previous page; the page starts strictly after it
     */
    List<Lead> page(WorkspaceId workspaceId, Optional<String> search, Optional<String> listId, Optional<Cursor> after, int limit);

    /** A position in the (createdAt desc, id desc) order. */
    record Cursor(Instant createdAt, LeadId id) {}
}
