package ai.tuco.application.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tuco.application.audit.port.in.AuditLogCursor;
import ai.tuco.application.audit.port.in.AuditLogFilter;
import ai.tuco.application.audit.port.in.AuditLogView;
import ai.tuco.application.audit.port.in.ListAuditLogsQuery.AuditLogPage;
import ai.tuco.application.audit.port.out.AuditLogReader;
import ai.tuco.application.shared.port.in.Caller;
import ai.tuco.application.shared.port.in.UseCaseException;
import ai.tuco.domain.shared.ApiKeyId;
import ai.tuco.domain.shared.WorkspaceId;
import ai.tuco.domain.workspace.Role;
import ai.tuco.domain.workspace.Workspace;
import ai.tuco.domain.workspace.WorkspaceStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReadAuditLogServiceTest {
    static final WorkspaceId WS = new WorkspaceId("aaaaaaaaaaaaaaaaaaaa0001");
    static final Instant T0 = Instant.parse("2026-03-10T12:00:00Z");

    /** Serves the rows it holds (newest first, as the real reader) and remembers what it was asked. */
    static final class FakeReader implements AuditLogReader {
        final List<Row> rows = new ArrayList<>();
        WorkspaceId askedWorkspace;
        Filter askedFilter;
        Optional<Position> askedAfter;
        int askedLimit;

        @Override
        public List<Row> list(WorkspaceId workspaceId, Filter filter, Optional<Position> after, int limit) {
            askedWorkspace = workspaceId;
            askedFilter = filter;
            askedAfter = after;
            askedLimit = limit;
            return rows.stream().limit(limit).toList();
        }

        void add(int count) {
            for (int i = 0; i < count; i++) {
                long id = 100 - rows.size();
                rows.add(new Row(id, WS, "api_key", "k1", "apikey.create", Optional.of("api_key"), Optional.of("x" + id),
                        Optional.of("203.0.113.7"), Optional.of("corr-" + id), Map.of("role", "member"), T0.minusSeconds(rows.size())));
            }
        }
    }

    private final FakeReader reader = new FakeReader();
    private final ReadAuditLogService service = new ReadAuditLogService(reader);

    static Caller caller(Role role, WorkspaceStatus status) {
        return new Caller(new Workspace(WS, "test", status, "US", Optional.empty(), T0), role,
                Optional.of(new ApiKeyId("aaaaaaaaaaaaaaaaaaaaaaaa")), Optional.empty());
    }

    static Caller admin() {
        return caller(Role.ADMIN, WorkspaceStatus.ACTIVE);
    }

    @Test
    void aFilterAndCursor_list_passThroughToTheReader_forTheCallersWorkspace_askingOneMore() {
        AuditLogFilter filter = new AuditLogFilter(Optional.of("api_key"), Optional.of("k1"), Optional.of("apikey.create"),
                Optional.of("api_key"), Optional.of("x1"), Optional.of(T0.minusSeconds(60)), Optional.of(T0));

        service.list(admin(), filter, 10, Optional.of(new AuditLogCursor(T0, 77)));

        assertThat(reader.askedWorkspace).isEqualTo(WS);
        assertThat(reader.askedFilter).isEqualTo(new AuditLogReader.Filter(Optional.of("api_key"), Optional.of("k1"),
                Optional.of("apikey.create"), Optional.of("api_key"), Optional.of("x1"), Optional.of(T0.minusSeconds(60)), Optional.of(T0)));
        assertThat(reader.askedAfter).contains(new AuditLogReader.Position(T0, 77));
        assertThat(reader.askedLimit).isEqualTo(11);
    }

    @Test
    void moreRowsThanTheLimit_list_returnsAPageAndACursorAtItsLastRow() {
        reader.add(3);

        AuditLogPage page = service.list(admin(), AuditLogFilter.any(), 2, Optional.empty());

        assertThat(page.auditLogs()).extracting(AuditLogView::id).containsExactly(100L, 99L);
        assertThat(page.next()).contains(new AuditLogCursor(T0.minusSeconds(1), 99));
    }

    @Test
    void exactlyTheLimit_list_hasNoNextCursor() {
        reader.add(2);

        AuditLogPage page = service.list(admin(), AuditLogFilter.any(), 2, Optional.empty());

        assertThat(page.auditLogs()).hasSize(2);
        assertThat(page.next()).isEmpty();
    }

    @Test
    void aRow_list_isViewedWithEveryField() {
        reader.add(1);

        AuditLogView view = service.list(admin(), AuditLogFilter.any(), 50, Optional.empty()).auditLogs().get(0);

        assertThat(view).isEqualTo(new AuditLogView(100, WS, "api_key", "k1", "apikey.create", Optional.of("api_key"),
                Optional.of("x100"), Optional.of("203.0.113.7"), Optional.of("corr-100"), Map.of("role", "member"), T0));
    }

    @Test
    void aMember_list_isForbidden_withoutReading() {
        reader.add(1);

        assertThatThrownBy(() -> service.list(caller(Role.MEMBER, WorkspaceStatus.ACTIVE), AuditLogFilter.any(), 50, Optional.empty()))
                .isInstanceOfSatisfying(UseCaseException.class, e -> assertThat(e.code()).isEqualTo("FORBIDDEN"));
        assertThat(reader.askedWorkspace).isNull();
    }

    @Test
    void anAdminOfAReadOnlyWorkspace_list_stillReads() {
        reader.add(1);

        assertThat(service.list(caller(Role.ADMIN, WorkspaceStatus.READ_ONLY), AuditLogFilter.any(), 50, Optional.empty()).auditLogs())
                .hasSize(1);
    }

    @Test
    void aLimitOutOfRange_list_isAProgrammingError() {
        assertThatThrownBy(() -> service.list(admin(), AuditLogFilter.any(), 0, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> service.list(admin(), AuditLogFilter.any(), 101, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
