package ai.tuco.application.lead;

import ai.tuco.application.lead.port.in.ExportLeadsQuery;
import ai.tuco.application.lead.port.out.LeadPages;
import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.domain.lead.Lead;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** Exports leads by walking the search's keyset order, one short read per page. */
public final class ExportLeadsService implements ExportLeadsQuery {
    /** Rows per read (see {@code ExportMessagesService.DEFAULT_PAGE_SIZE}). */
    public static final int DEFAULT_PAGE_SIZE = 2_000;

    private final LeadPages leads;
    private final int pageSize;

    public ExportLeadsService(LeadPages leads, int pageSize) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be at least 1, got " + pageSize);
        }
        this.leads = leads;
        this.pageSize = pageSize;
    }

    @Override
    public long export(Caller caller, Optional<String> text, Optional<String> listId, Sink sink) throws IOException {
        Optional<LeadPages.Cursor> after = Optional.empty();
        long exported = 0;
        while (true) {
            List<Lead> page = leads.page(caller.workspace().id(), text, listId, after, pageSize);
            if (page.isEmpty()) {
                return exported;
            }
            sink.accept(page);
            exported += page.size();
            if (page.size() < pageSize) {
                return exported;
            }
            Lead last = page.get(page.size() - 1);
            after = Optional.of(new LeadPages.Cursor(last.createdAt(), last.id()));
        }
    }
}
