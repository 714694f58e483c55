package ai.tuco.application.line.port.in;

import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.domain.line.Line;
import java.time.LocalDate;
import java.util.List;

/** The lines a caller may send from, with today's usage. */
public interface ListLinesQuery {
    /** Lines owned by the caller's user; every line of the workspace for a key bound to no user. */
    List<LineWithUsage> byUser(Caller caller);

    /** @param date the UTC day the counters are for */
    record LineWithUsage(Line line, LocalDate date, int newConversationsCount, int totalMessagesCount) {}
}
