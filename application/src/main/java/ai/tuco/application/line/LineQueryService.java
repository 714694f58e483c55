package ai.tuco.application.line;

import ai.tuco.application.line.port.in.ListLinesQuery;
import ai.tuco.application.line.port.out.LineRepository;
import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.domain.line.Line;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/** Lists the lines a caller sends from, with today's (UTC) usage counters. */
public final class LineQueryService implements ListLinesQuery {
    private final LineRepository lines;
    private final Clock clock;

    public LineQueryService(LineRepository lines, Clock clock) {
        this.lines = lines;
        this.clock = clock;
    }

    @Override
    public List<LineWithUsage> byUser(Caller caller) {
        var ws = caller.workspace().id();
        List<Line> owned = caller.userId().map(u -> lines.listByOwner(ws, u)).orElseGet(() -> lines.listByWorkspace(ws));
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        var usage = lines.dailyUsage(ws, today);
        return owned.stream().map(l -> {
            var u = usage.getOrDefault(l.id(), new LineRepository.Usage(0, 0));
            return new LineWithUsage(l, today, u.newConversations(), u.totalMessages());
        }).toList();
    }
}
