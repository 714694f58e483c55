package ai.tuco.application.message.port.in;

import ai.tuco.application.shared.port.in.Caller;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/** Exports every message of the caller's workspace that a list with the same filter would show, newest first. */
public interface ExportMessagesQuery {
    /**
     * Reads the matches page after page, each page its own short query (no transaction or cursor is held between
     * pages, so an export of millions of rows holds back no vacuum), and hands each page to {@code sink} in order, reading
     * at most one page ahead, so memory stays that of two pages whatever the export's size.
     *
     * @return how many messages were handed over
     * @throws IOException what {@code sink} threw (the reader went away): the export stops there
     */
    long export(Caller caller, MessageFilter filter, Sink sink) throws IOException;

    /** Receives the pages in order (the HTTP adapter writes them to the response). */
    @FunctionalInterface
    interface Sink {
        /** @param readAt when the page was read: statuses are as of then (a due {@code scheduled} message shows as queued) */
        void accept(List<MessageView> page, Instant readAt) throws IOException;
    }
}
