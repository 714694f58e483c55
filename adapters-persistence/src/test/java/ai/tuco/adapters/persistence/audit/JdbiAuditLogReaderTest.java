package ai.tuco.adapters.persistence.audit;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import ai.tuco.adapters.persistence.postgres.TestRows;
import ai.tuco.adapters.persistence.shared.JdbiAuditLog;
import ai.tuco.application.audit.port.out.AuditLogReader.Filter;
import ai.tuco.application.audit.port.out.AuditLogReader.Position;
import ai.tuco.application.audit.port.out.AuditLogReader.Row;
import ai.tuco.application.audit.port.out.AuditLogReader;
import ai.tuco.application.shared.port.out.AuditLog.Entry;
import ai.tuco.application.shared.port.out.AuditLog;
import ai.tuco.domain.shared.Actor;
import ai.tuco.domain.shared.WorkspaceId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The AuditLogReader port's contract on PostgreSQL: one workspace's rows, newest first, filtered, keyset-paged. */
class JdbiAuditLogReaderTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    private static final Instant T0 = Instant.parse("2026-03-10T12:00:00Z");
    private static final Actor KEY = new Actor("api_key", "k0000000000000000000000a", Optional.of("203.0.113.7"), Optional.of("corr-1"));
    private static final Actor USER = new Actor("user", "u1", Optional.of("198.51.100.2"), Optional.of("corr-2"));

    private static WorkspaceId ws;
    private static WorkspaceId other;
    private final AuditLogReader reader = new JdbiAuditLogReader(db.jdbi());

    /** Six rows in {@code ws} (two sharing one instant), one in {@code other}, one instance-wide. */
    @BeforeAll
    static void rows() {
        TestRows rows = new TestRows(db);
        ws = new WorkspaceId(rows.workspace());
        other = new WorkspaceId(rows.workspace());
        AuditLog audit = new JdbiAuditLog(db.jdbi());
        audit.append(entry(ws, KEY, "apikey.create", "api_key", "x1", T0, Map.of("role", "member")));
        audit.append(entry(ws, KEY, "apikey.revoke", "api_key", "x1", T0.plusSeconds(60), Map.of()));
        audit.append(entry(ws, USER, "dnc.add", "dnc", "d1", T0.plusSeconds(120), Map.of()));
        audit.append(entry(ws, USER, "message.cancel", "message", "m1", T0.plusSeconds(180), Map.of()));
        audit.append(entry(ws, KEY, "message.cancel", "message", "m2", T0.plusSeconds(180), Map.of()));
        audit.append(entry(ws, KEY, "line.create", "line", "l1", T0.plusSeconds(240), Map.of("channels", "sms")));
        audit.append(entry(other, KEY, "apikey.create", "api_key", "x9", T0.plusSeconds(300), Map.of()));
        audit.append(new Entry(Optional.empty(), Actor.cli(), "instance.migrate", null, null, T0.plusSeconds(300), Map.of()));
    }

    private static Entry entry(WorkspaceId w, Actor actor, String action, String type, String id, Instant at, Map<String, String> detail) {
        return new Entry(Optional.of(w), actor, action, type, id, at, detail);
    }

    private static Filter any() {
        return new Filter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    private static List<String> targets(List<Row> rows) {
        return rows.stream().map(r -> r.targetId().orElse("-")).toList();
    }

    @Test
    void noFilter_list_returnsTheWorkspacesRowsNewestFirst_tiesByIdDescending() {
        List<Row> rows = reader.list(ws, any(), Optional.empty(), 100);

        assertThat(targets(rows)).containsExactly("l1", "m2", "m1", "d1", "x1", "x1");
        assertThat(rows).allSatisfy(r -> assertThat(r.workspaceId()).isEqualTo(ws));
    }

    @Test
    void aRow_list_carriesEveryField() {
        Row row = reader.list(ws, any(), Optional.empty(), 100).get(5);

        assertThat(row.id()).isPositive();
        assertThat(row.actorType()).isEqualTo("api_key");
        assertThat(row.actorId()).isEqualTo(KEY.id());
        assertThat(row.action()).isEqualTo("apikey.create");
        assertThat(row.targetType()).contains("api_key");
        assertThat(row.targetId()).contains("x1");
        assertThat(row.ip()).contains("203.0.113.7");
        assertThat(row.correlationId()).contains("corr-1");
        assertThat(row.detail()).isEqualTo(Map.of("role", "member"));
        assertThat(row.at()).isEqualTo(T0);
    }

    @Test
    void anotherWorkspace_list_seesOnlyItsOwnRows() {
        assertThat(targets(reader.list(other, any(), Optional.empty(), 100))).containsExactly("x9");
        assertThat(reader.list(new WorkspaceId(TestRows.newId()), any(), Optional.empty(), 100)).isEmpty();
    }

    @Test
    void eachFilter_list_narrowsTheRows() {
        Optional<String> none = Optional.empty();
        Optional<Instant> never = Optional.empty();
        assertThat(targets(reader.list(ws, new Filter(none, Optional.of("u1"), none, none, none, never, never), Optional.empty(), 100)))
                .containsExactly("m1", "d1");
        assertThat(targets(reader.list(ws, new Filter(Optional.of("user"), Optional.of(KEY.id()), none, none, none, never, never),
                Optional.empty(), 100))).isEmpty();
        assertThat(targets(reader.list(ws, new Filter(Optional.of("api_key"), Optional.of(KEY.id()), none, none, none, never, never),
                Optional.empty(), 100))).containsExactly("l1", "m2", "x1", "x1");
        assertThat(targets(reader.list(ws, new Filter(none, none, Optional.of("message.cancel"), none, none, never, never),
                Optional.empty(), 100))).containsExactly("m2", "m1");
        assertThat(reader.list(ws, new Filter(none, none, none, Optional.of("api_key"), Optional.of("x1"), never, never),
                Optional.empty(), 100)).extracting(Row::action).containsExactly("apikey.revoke", "apikey.create");
        assertThat(targets(reader.list(ws, new Filter(none, none, none, Optional.of("message"), none, never, never),
                Optional.empty(), 100))).containsExactly("m2", "m1");
        // from inclusive, to exclusive
        assertThat(targets(reader.list(ws, new Filter(none, none, none, none, none, Optional.of(T0.plusSeconds(60)),
                Optional.of(T0.plusSeconds(180))), Optional.empty(), 100))).containsExactly("d1", "x1");
    }

    @Test
    void aCursor_list_continuesAfterIt_acrossRowsSharingAnInstant() {
        List<String> seen = new ArrayList<>();
        Optional<Position> after = Optional.empty();
        for (int page = 0; page < 10; page++) {
            List<Row> rows = reader.list(ws, any(), after, 2);
            if (rows.isEmpty()) {
                break;
            }
            assertThat(rows).hasSizeLessThanOrEqualTo(2);
            seen.addAll(targets(rows));
            Row last = rows.get(rows.size() - 1);
            after = Optional.of(new Position(last.at(), last.id()));
        }
        assertThat(seen).containsExactly("l1", "m2", "m1", "d1", "x1", "x1");
    }

    @Test
    void aLimit_list_returnsAtMostThatMany() {
        assertThat(targets(reader.list(ws, any(), Optional.empty(), 3))).containsExactly("l1", "m2", "m1");
        assertThat(reader.list(ws, any(), Optional.empty(), 1)).hasSize(1);
    }

    @Test
    void aHandWrittenNestedDetail_readsAsItsJsonText() {
        assertThat(JdbiAuditLogReader.detail("{\"a\": \"b\", \"n\": 3, \"o\": {\"x\": true}}"))
                .containsExactly(Map.entry("a", "b"), Map.entry("n", "3"), Map.entry("o", "{\"x\":true}"));
        assertThat(JdbiAuditLogReader.detail("{}")).isEmpty();
    }
}
