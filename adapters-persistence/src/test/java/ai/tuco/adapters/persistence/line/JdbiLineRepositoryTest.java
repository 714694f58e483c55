package ai.tuco.adapters.persistence.line;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.adapters.persistence.postgres.PostgresExtension;
import ai.tuco.adapters.persistence.shared.SecretBox;
import ai.tuco.application.line.port.out.LineRepository.Usage;
import ai.tuco.domain.line.Line;
import ai.tuco.domain.line.LineCaps;
import ai.tuco.domain.line.Provider;
import ai.tuco.domain.shared.Channel;
import ai.tuco.domain.shared.E164Phone;
import ai.tuco.domain.shared.EmailAddress;
import ai.tuco.domain.shared.LineId;
import ai.tuco.domain.shared.UserId;
import ai.tuco.domain.shared.WorkspaceId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The line repository port against real PostgreSQL: every method, sealed credentials, tenant isolation. */
class JdbiLineRepositoryTest {
    @RegisterExtension
    static final PostgresExtension db = new PostgresExtension();

    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final Instant T0 = Instant.parse("2026-03-04T05:06:07.089Z");
    private static final UserId OWNER = new UserId("0000000000000000000000aa");

    private final SecretBox box = new SecretBox(KEY);
    private final JdbiLineRepository repo = new JdbiLineRepository(db.jdbi(), box);

    private static WorkspaceId workspace() {
        WorkspaceId id = new WorkspaceId(String.format("%024x", 0xbeef000L + SEQ.incrementAndGet()));
        db.exec("INSERT INTO workspaces (id, name, created_at, updated_at) VALUES (?, 'lines', now(), now())", id.value());
        return id;
    }

    private static Line line(WorkspaceId ws, Set<Channel> channels, Optional<UserId> owner, Instant created) {
        LineId id = new LineId(String.format("%024x", 0x11e0000L + SEQ.incrementAndGet()));
        return new Line(id, ws, "line " + id, Optional.of(new E164Phone("+1312555" + String.format("%04d", SEQ.get() % 10_000))),
                Optional.of(EmailAddress.parse("Line" + SEQ.get() + "@Example.com")), "Tess", "Twilio", true, channels,
                Provider.SANDBOX, owner, 15, new LineCaps(1, 2, 3), created, created);
    }

    private Line inserted(WorkspaceId ws, Channel... channels) {
        Line l = line(ws, Set.of(channels), Optional.empty(), T0.plusSeconds(SEQ.get()));
        repo.insert(l, Map.of());
        return l;
    }

    private record Stored(String keyId, byte[] bytes) {}

    private static Stored stored(LineId id) {
        Map<String, Object> row = db.row("SELECT provider_config_key_id, provider_config FROM lines WHERE id = ?", id.value());
        return new Stored((String) row.get("provider_config_key_id"), (byte[]) row.get("provider_config"));
    }

    @Test
    void insert_thenFindById_returnsTheLineAndKeepsTheConfigSealedOutOfIt() {
        WorkspaceId ws = workspace();
        Line l = line(ws, Set.of(Channel.IMESSAGE, Channel.SMS), Optional.of(OWNER), T0);
        repo.insert(l, Map.of("authToken", "s3cr3t-token"));

        Optional<Line> found = repo.findById(ws, l.id());
        assertThat(found).contains(l);
        assertThat(found.orElseThrow().toString()).doesNotContain("s3cr3t-token");
        Stored s = stored(l.id());
        assertThat(new String(s.bytes(), StandardCharsets.ISO_8859_1)).doesNotContain("s3cr3t-token");
        assertThat(box.open(new SecretBox.Sealed(s.keyId(), s.bytes()))).contains("\"authToken\"").contains("s3cr3t-token");
    }

    @Test
    void findById_ofAnotherWorkspacesLine_isEmpty() {
        WorkspaceId ws = workspace();
        Line l = inserted(ws, Channel.SMS);
        assertThat(repo.findById(workspace(), l.id())).isEmpty();
        assertThat(repo.findById(ws, new LineId("ffffffffffffffffffffffff"))).isEmpty();
    }

    @Test
    void update_withoutConfig_rewritesTheLineAndKeepsTheSealedConfig_withOne_reseals() {
        WorkspaceId ws = workspace();
        Line l = line(ws, Set.of(Channel.SMS), Optional.empty(), T0);
        repo.insert(l, Map.of("authToken", "old"));
        Stored before = stored(l.id());

        Line changed = new Line(l.id(), ws, "Renamed", Optional.empty(), l.email(), "", "", false, Set.of(Channel.EMAIL),
                Provider.SMTP, Optional.of(OWNER), 0, new LineCaps(0, 0, 0), T0, T0.plusSeconds(60));
        repo.update(changed, Optional.empty());
        assertThat(repo.findById(ws, l.id())).contains(changed);
        assertThat(stored(l.id()).bytes()).isEqualTo(before.bytes());

        repo.update(changed, Optional.of(Map.of("password", "new")));
        Stored after = stored(l.id());
        assertThat(after.bytes()).isNotEqualTo(before.bytes());
        assertThat(box.open(new SecretBox.Sealed(after.keyId(), after.bytes()))).contains("new").doesNotContain("old");
    }

    @Test
    void update_ofALineNamedUnderAnotherWorkspace_changesNothing() {
        WorkspaceId ws = workspace();
        Line l = inserted(ws, Channel.SMS);
        WorkspaceId other = workspace();
        Line hijack = new Line(l.id(), other, "stolen", l.phone(), l.email(), "", "", true, l.channels(), l.provider(),
                Optional.empty(), 0, LineCaps.DEFAULTS, l.createdAt(), l.updatedAt());
        repo.update(hijack, Optional.of(Map.of("authToken", "x")));
        assertThat(repo.findById(ws, l.id())).contains(l);
    }

    @Test
    void listByWorkspace_andListByOwner_returnOnlyThatWorkspacesLinesInCreationOrder() {
        WorkspaceId ws = workspace();
        WorkspaceId other = workspace();
        Line owned = line(ws, Set.of(Channel.SMS), Optional.of(OWNER), T0.plusSeconds(2));
        Line first = line(ws, Set.of(Channel.SMS), Optional.empty(), T0.plusSeconds(1));
        Line foreign = line(other, Set.of(Channel.SMS), Optional.of(OWNER), T0);
        for (Line l : new Line[] {owned, first, foreign}) {
            repo.insert(l, Map.of());
        }
        assertThat(repo.listByWorkspace(ws)).containsExactly(first, owned);
        assertThat(repo.listByOwner(ws, OWNER)).containsExactly(owned);
        assertThat(repo.listByOwner(other, OWNER)).containsExactly(foreign);
        assertThat(repo.listByWorkspace(workspace())).isEmpty();
    }

    @Test
    void assignNext_goesRoundRobinOverTheActiveLinesOfTheChannelInItsWorkspace() {
        WorkspaceId ws = workspace();
        Line a = inserted(ws, Channel.SMS);
        Line b = inserted(ws, Channel.SMS, Channel.IMESSAGE);
        inserted(ws, Channel.EMAIL);
        Line inactive = inserted(ws, Channel.SMS);
        repo.update(new Line(inactive.id(), ws, inactive.name(), inactive.phone(), inactive.email(), "", "", false,
                inactive.channels(), inactive.provider(), Optional.empty(), 0, LineCaps.DEFAULTS, inactive.createdAt(),
                inactive.updatedAt()), Optional.empty());
        inserted(workspace(), Channel.SMS);

        LineId first = repo.assignNext(ws, Channel.SMS, T0.plusSeconds(1)).orElseThrow().id();
        LineId second = repo.assignNext(ws, Channel.SMS, T0.plusSeconds(2)).orElseThrow().id();
        assertThat(Set.of(first, second)).containsExactlyInAnyOrder(a.id(), b.id());
        assertThat(repo.assignNext(ws, Channel.SMS, T0.plusSeconds(3)).orElseThrow().id()).isEqualTo(first);
        assertThat(repo.assignNext(ws, Channel.SMS, T0.plusSeconds(4)).orElseThrow().id()).isEqualTo(second);
        assertThat(repo.assignNext(ws, Channel.IMESSAGE, T0.plusSeconds(4)).map(Line::id)).contains(b.id());
        assertThat(repo.assignNext(workspace(), Channel.SMS, T0)).isEmpty();
    }

    @Test
    void assignNext_takesHealthyAndUncheckedLinesBeforeUnhealthyOnes_andUnhealthyFindsThem() {
        WorkspaceId ws = workspace();
        Line sick = inserted(ws, Channel.SMS);
        Line healthy = inserted(ws, Channel.SMS);
        Line unchecked = inserted(ws, Channel.SMS);
        db.exec("INSERT INTO line_health (line_id, status, checked_at, reason) VALUES (?, 'unhealthy', now(), 'x')", sick.id().value());
        db.exec("INSERT INTO line_health (line_id, status, checked_at) VALUES (?, 'healthy', now())", healthy.id().value());

        Set<LineId> firstTwo = Set.of(repo.assignNext(ws, Channel.SMS, T0.plusSeconds(1)).orElseThrow().id(),
                repo.assignNext(ws, Channel.SMS, T0.plusSeconds(2)).orElseThrow().id());
        assertThat(firstTwo).containsExactlyInAnyOrder(healthy.id(), unchecked.id());
        assertThat(repo.assignNext(ws, Channel.SMS, T0.plusSeconds(3)).orElseThrow().id())
                .as("the rotation comes back to the usable lines, never to the unhealthy one while they are free")
                .isIn(healthy.id(), unchecked.id());
        assertThat(repo.unhealthy(List.of(sick.id(), healthy.id(), unchecked.id()))).containsExactly(sick.id());
        assertThat(repo.unhealthy(List.of())).isEmpty();

        db.exec("UPDATE line_health SET status = 'unhealthy' WHERE line_id = ?", healthy.id().value());
        db.exec("INSERT INTO line_health (line_id, status, checked_at) VALUES (?, 'unhealthy', now())", unchecked.id().value());
        assertThat(repo.assignNext(ws, Channel.SMS, T0.plusSeconds(4)).orElseThrow().id())
                .as("when every line is unhealthy, the rotation still picks one").isIn(sick.id(), healthy.id(), unchecked.id());
    }

    @Test
    void assignNext_givesConcurrentCallersDifferentLines() throws Exception {
        WorkspaceId ws = workspace();
        Line a = inserted(ws, Channel.SMS);
        Line b = inserted(ws, Channel.SMS);
        CountDownLatch assigned = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // the first caller holds its line's row lock in an open transaction while the second asks
        CompletableFuture<LineId> holder = CompletableFuture.supplyAsync(() -> db.jdbi().inTransaction(h -> {
            LineId id = repo.assignNext(ws, Channel.SMS, T0).orElseThrow().id();
            assigned.countDown();
            awaitQuietly(release);
            return id;
        }));
        assertThat(assigned.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(db.count("SELECT count(*) FROM lines WHERE workspace_id = ? AND last_assigned_at > '-infinity'", ws.value()))
                .as("the first assignment is not committed yet, so its row is still locked").isZero();
        LineId second = repo.assignNext(ws, Channel.SMS, T0).orElseThrow().id();
        release.countDown();
        LineId first = holder.get(10, TimeUnit.SECONDS);
        assertThat(Set.of(first, second)).containsExactlyInAnyOrder(a.id(), b.id());
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anyActive_isTrueOnlyForAnActiveLineOfThatChannelInTheWorkspace() {
        WorkspaceId ws = workspace();
        assertThat(repo.anyActive(ws, Channel.SMS)).isFalse();
        Line sms = inserted(ws, Channel.SMS);
        assertThat(repo.anyActive(ws, Channel.SMS)).isTrue();
        assertThat(repo.anyActive(ws, Channel.EMAIL)).isFalse();
        assertThat(repo.anyActive(workspace(), Channel.SMS)).isFalse();
        repo.update(new Line(sms.id(), ws, "", sms.phone(), sms.email(), "", "", false, sms.channels(), sms.provider(),
                Optional.empty(), 0, LineCaps.DEFAULTS, sms.createdAt(), sms.updatedAt()), Optional.empty());
        assertThat(repo.anyActive(ws, Channel.SMS)).isFalse();
    }

    @Test
    void dailyUsage_readsTheCountersOfThatUtcDayForTheWorkspaceOnly() {
        WorkspaceId ws = workspace();
        WorkspaceId other = workspace();
        Line a = inserted(ws, Channel.SMS);
        Line b = inserted(ws, Channel.SMS);
        Line foreign = inserted(other, Channel.SMS);
        LocalDate day = LocalDate.parse("2026-03-04");
        Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        String usage = "INSERT INTO line_usage (line_id, workspace_id, period, period_start, new_conversations, total_messages)"
                + " VALUES (?, ?, ?, ?, ?, ?)";
        db.exec(usage, a.id().value(), ws.value(), "day", start, 3, 7);
        db.exec(usage, b.id().value(), ws.value(), "day", start.minusSeconds(86_400), 40, 70);
        db.exec(usage, b.id().value(), ws.value(), "hour", start, 5, 5);
        db.exec(usage, foreign.id().value(), other.value(), "day", start, 9, 9);

        assertThat(repo.dailyUsage(ws, day)).isEqualTo(Map.of(a.id(), new Usage(3, 7)));
        assertThat(repo.dailyUsage(ws, day.minusDays(1))).isEqualTo(Map.of(b.id(), new Usage(40, 70)));
        assertThat(repo.dailyUsage(other, day)).isEqualTo(Map.of(foreign.id(), new Usage(9, 9)));
    }
}
