package ai.tuco.application.line;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.application.line.port.in.ListLinesQuery.LineWithUsage;
import ai.tuco.application.line.port.out.LineRepository.Usage;
import ai.tuco.application.testing.FakeLines;
import ai.tuco.application.testing.TestData;
import ai.tuco.domain.line.Line;
import ai.tuco.domain.line.LineCaps;
import ai.tuco.domain.line.Provider;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.E164Phone;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.shared.UserId;
import ai.tuco.domain.shared.WorkspaceId;
import ai.tuco.domain.testing.MutableClock;
import ai.tuco.domain.workspace.Workspace;
import ai.tuco.domain.workspace.WorkspaceStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LineQueryServiceTest {
    final Workspace ws = TestData.workspace(new WorkspaceId("aaaaaaaaaaaaaaaaaaaaaaaa"), WorkspaceStatus.ACTIVE);
    final Workspace other = TestData.workspace(new WorkspaceId("ffffffffffffffffffffffff"), WorkspaceStatus.ACTIVE);
    final UserId user = new UserId("bbbbbbbbbbbbbbbbbbbbbbbb");
    final MutableClock clock = new MutableClock(Instant.parse("2026-03-04T23:59:59Z"));
    final FakeLines lines = new FakeLines();
    final LineQueryService service = new LineQueryService(lines, clock);

    private Line line(String id, Workspace in, Optional<UserId> owner) {
        Instant at = Instant.parse("2026-03-01T00:00:00Z");
        Line l = new Line(new LineId(id), in.id(), "line " + id, Optional.of(new E164Phone("+13125550301")), Optional.empty(),
                "", "", true, Set.of(Channel.SMS), Provider.SANDBOX, owner, 0, LineCaps.DEFAULTS, at, at);
        lines.insert(l, Map.of());
        return l;
    }

    @Test
    void aKeyBoundToAUser_listsThatUsersLinesAndAnUnboundKeyEveryLineOfItsWorkspace_withTodaysUsage() {
        Line owned = line("111111111111111111111111", ws, Optional.of(user));
        Line unowned = line("222222222222222222222222", ws, Optional.empty());
        line("333333333333333333333333", other, Optional.of(user));
        lines.usage(ws.id(), Map.of(owned.id(), new Usage(3, 7)));

        var own = service.byUser(TestData.member(ws, Optional.of(user)));
        assertThat(own).extracting(LineWithUsage::line).containsExactly(owned);
        assertThat(own.get(0).date()).isEqualTo(LocalDate.parse("2026-03-04")).isEqualTo(lines.usageDay());
        assertThat(own.get(0).newConversationsCount()).isEqualTo(3);
        assertThat(own.get(0).totalMessagesCount()).isEqualTo(7);

        var all = service.byUser(TestData.member(ws, Optional.empty()));
        assertThat(all).extracting(LineWithUsage::line).containsExactly(owned, unowned);
        assertThat(all.get(1).newConversationsCount()).isZero();
        assertThat(all.get(1).totalMessagesCount()).isZero();

        assertThat(service.byUser(TestData.admin(TestData.workspace(new WorkspaceId("cccccccccccccccccccccccc"), WorkspaceStatus.ACTIVE)))).isEmpty();
    }
}
