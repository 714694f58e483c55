package ai.tuco.application.lead.port.in;

import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.domain.lead.Lead;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** Exports every live lead of the caller's workspace that a search with the same text and list would find, newest first. */
public interface ExportLeadsQuery {
    /**
     * Reads the matches page after page, each its own short query, handing each page to {@code sink} before reading
     * the next (as {@code ExportMessagesQuery} does).
     *
     * @param text matched as {@link LeadQuery#search} matches it
     * @return how many leads were handed over
     * @throws IOException what {@code sink} threw: the export stops there
     */
    long export(Caller caller, Optional<String> text, Optional<String> listId, Sink sink) throws IOException;

    /** Receives the pages in order. */
    @FunctionalInterface
    interface Sink {
        void accept(List<Lead> page) throws IOException;
    }
}
